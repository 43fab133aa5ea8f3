// Reads what the validators need to know about `resources:` from a manifest: each resource's path
// and how modules use it (UI Kit `render: native`, Custom UI, or only through `resource:key;file`
// icon references).
import fs from 'fs';
import { parse } from 'yaml';

export interface ManifestResourceUse {
  key: string;
  path: string;
  /** Some module points `resource:` at it with `render: native` (a UI Kit entry file). */
  usedByUiKitModule: boolean;
  /** Some module points `resource:` at it without `render: native` (a Custom UI directory). */
  usedByCustomUiModule: boolean;
  /** Files named by `resource:<key>;<file>` references anywhere in the manifest (icons). */
  referencedFiles: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `key` or `key/entry` → `key`, as @forge/manifest's parseResourceReference reads it. */
const resourceKeyOf = (reference: string): string => reference.split('/')[0] ?? reference;

export function readManifestResources(manifestPath: string): ManifestResourceUse[] {
  const text = fs.readFileSync(manifestPath, 'utf8');
  const manifest: unknown = parse(text);
  if (!isRecord(manifest) || !Array.isArray(manifest.resources)) return [];

  const uses = new Map<string, ManifestResourceUse>();
  for (const resource of manifest.resources) {
    if (isRecord(resource) && typeof resource.key === 'string' && typeof resource.path === 'string') {
      uses.set(resource.key, { key: resource.key, path: resource.path, usedByUiKitModule: false, usedByCustomUiModule: false, referencedFiles: [] });
    }
  }

  const modules = isRecord(manifest.modules) ? manifest.modules : {};
  for (const entries of Object.values(modules)) {
    if (!Array.isArray(entries)) continue;
    for (const moduleEntry of entries) {
      if (!isRecord(moduleEntry)) continue;
      // Like the validator: the module's own `resource` and one level down (e.g. `edit: { resource }`).
      const holders = [moduleEntry, ...Object.values(moduleEntry).filter(isRecord)];
      for (const holder of holders) {
        if (typeof holder.resource !== 'string') continue;
        const use = uses.get(resourceKeyOf(holder.resource));
        if (!use) continue;
        const render = holder.render ?? moduleEntry.render;
        if (render === 'native') use.usedByUiKitModule = true;
        else use.usedByCustomUiModule = true;
      }
    }
  }

  for (const match of text.matchAll(/resource:([A-Za-z0-9_-]+);([^\s'"]+)/g)) {
    const [, key, file] = match;
    const use = key === undefined ? undefined : uses.get(key);
    if (use && file && !use.referencedFiles.includes(file)) use.referencedFiles.push(file);
  }
  return [...uses.values()];
}
