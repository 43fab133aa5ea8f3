import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { JqlPropertyAlias } from './jira/jql-fields';
import type { EntityAttributeType, EntitySchemas } from './kvs/local-kvs';

/** The parts of manifest.yml the local platform needs to route invocations as Forge does. */
export interface ManifestModel {
  functions: Map<string, string>;
  functionTimeouts: Map<string, number>;
  triggers: Array<{ key: string; functionKey: string; events: string[]; ignoreSelf: boolean }>;
  consumers: Map<string, string>;
  scheduledTriggers: Map<string, { functionKey: string; interval: string }>;
  webTriggers: Map<string, string>;
  resolverFunctions: Map<string, string>;
  entitySchemas: EntitySchemas;
  egressBackend: string[];
  /** permissions.scopes, as the runtime grants them. */
  scopes: string[];
  appId: string;
  /** Issue property values the app has Jira index under a JQL name (jira:entityProperty `searchAlias`). */
  jqlAliases: JqlPropertyAlias[];
}

interface RawManifest {
  modules?: Record<string, Array<Record<string, unknown>>>;
  app?: { id?: string; storage?: { entities?: Array<{ name: string; attributes: Record<string, { type: EntityAttributeType }> }> } };
  permissions?: { scopes?: string[]; external?: { fetch?: { backend?: Array<string | { address: string }> } } };
}

export function readManifest(file: string): ManifestModel {
  const raw = parse(readFileSync(file, 'utf8')) as RawManifest;
  const modules = raw.modules ?? {};
  const list = (kind: string) => modules[kind] ?? [];
  const functions = new Map(list('function').map((f) => [String(f['key']), String(f['handler'])]));
  const resolverFunctions = new Map<string, string>();
  for (const entries of Object.values(modules)) {
    for (const entry of entries) {
      const resolver = entry['resolver'] as { function?: string } | undefined;
      if (resolver?.function) resolverFunctions.set(String(entry['key']), resolver.function);
    }
  }
  return {
    functions,
    functionTimeouts: new Map(list('function').filter((f) => typeof f['timeoutSeconds'] === 'number').map((f) => [String(f['key']), f['timeoutSeconds'] as number])),
    triggers: list('trigger').map((t) => ({
      key: String(t['key']),
      functionKey: String(t['function']),
      events: (t['events'] as string[]) ?? [],
      ignoreSelf: Boolean((t['filter'] as { ignoreSelf?: boolean } | undefined)?.ignoreSelf),
    })),
    consumers: new Map(list('consumer').map((c) => [String(c['queue']), String(c['function'])])),
    scheduledTriggers: new Map(list('scheduledTrigger').map((s) => [String(s['key']), { functionKey: String(s['function']), interval: String(s['interval']) }])),
    webTriggers: new Map(list('webtrigger').map((w) => [String(w['key']), String(w['function'])])),
    resolverFunctions,
    entitySchemas: Object.fromEntries(
      (raw.app?.storage?.entities ?? []).map((e) => [e.name, Object.fromEntries(Object.entries(e.attributes).map(([k, v]) => [k, v.type]))]),
    ),
    egressBackend: (raw.permissions?.external?.fetch?.backend ?? []).map((b) => (typeof b === 'string' ? b : b.address)),
    scopes: [...(raw.permissions?.scopes ?? [])],
    appId: raw.app?.id ?? 'ari:cloud:ecosystem::app/local',
    jqlAliases: readJqlAliases(list('jira:entityProperty')),
  };
}

/** Only issue properties: Jira queries project and user properties through other JQL fields. */
function readJqlAliases(modules: Array<Record<string, unknown>>): JqlPropertyAlias[] {
  return modules
    .filter((m) => (m['entityType'] ?? 'issue') === 'issue')
    .flatMap((m) =>
      ((m['values'] as Array<Record<string, unknown>> | undefined) ?? [])
        .filter((v) => typeof v['searchAlias'] === 'string')
        .map((v) => ({ alias: String(v['searchAlias']), propertyKey: String(m['propertyKey']), path: String(v['path']), type: String(v['type']).toLowerCase() as JqlPropertyAlias['type'] })),
    );
}

/** Forge's backend egress rule: protocol and host only; `*.x.com` matches subdomains, not x.com itself. */
export function egressAllows(patterns: string[], url: string): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  return patterns.some((pattern) => {
    if (pattern === '*') return true;
    const withScheme = /^[a-z]+:\/\//i.test(pattern) ? pattern : `https://${pattern}`;
    const [, scheme = 'https', host = ''] = withScheme.match(/^([a-z]+):\/\/([^/:]+)/i) ?? [];
    if (scheme.toLowerCase() !== target.protocol.replace(':', '')) return false;
    const regex = new RegExp(`^${host.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
    return regex.test(target.hostname);
  });
}
