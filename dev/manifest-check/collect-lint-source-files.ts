// The files `forge lint` hands to @forge/lint's lint(): everything under src/ plus the paths of UI Kit
// (`render: native`) resources, as paths relative to the project root with forward slashes (the
// HandlerLinter matches `src/index.ts` literally). node_modules and dot-directories are skipped;
// .gitignore patterns are not applied (none of ours match under src/).
import fs from 'fs';
import path from 'path';
import { readManifestResources } from './read-manifest-resources';

function walk(projectRoot: string, relativeDir: string, into: Set<string>): void {
  for (const entry of fs.readdirSync(path.join(projectRoot, relativeDir), { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const relative = path.posix.join(relativeDir, entry.name);
    if (entry.isDirectory()) walk(projectRoot, relative, into);
    else if (entry.isFile()) into.add(relative);
  }
}

function addPath(projectRoot: string, relativePath: string, into: Set<string>): void {
  const normalized = path.posix.normalize(relativePath.split(path.sep).join('/')).replace(/\/+$/, '');
  const stat = fs.statSync(path.join(projectRoot, normalized), { throwIfNoEntry: false });
  if (stat?.isDirectory()) walk(projectRoot, normalized, into);
  else if (stat?.isFile()) into.add(normalized);
}

export function collectLintSourceFiles(projectRoot: string, manifestPath = path.join(projectRoot, 'manifest.yml')): string[] {
  const files = new Set<string>();
  addPath(projectRoot, 'src', files);
  for (const resource of readManifestResources(manifestPath)) {
    if (resource.usedByUiKitModule) addPath(projectRoot, resource.path, files);
  }
  return [...files].sort();
}
