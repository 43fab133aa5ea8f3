import { err, ok, type Result } from './result';

/** A key result whose issues are (also) the ones a JQL query finds: the first seed's JQL link. */
export interface JqlLink {
  keyResultId: string;
  jql: string;
  /** When the backend registered this JQL (ISO 8601). */
  registeredAt: string;
}

/**
 * Every JQL link of the site, in one record: a transition reads it once (one storage read,
 * however many key results have a JQL) and asks Jira about all of them in one call.
 * `revision` makes replacing it a compare-and-set.
 */
export interface JqlRegistry {
  revision: number;
  links: JqlLink[];
}

export const EMPTY_JQL_REGISTRY: JqlRegistry = { revision: 0, links: [] };

/** Jira accepts longer queries; a key result's JQL longer than this is almost surely a mistake. */
export const MAX_JQL_LENGTH = 2000;
/**
 * The registry is one storage value (at most 240 KiB); this leaves room for the JSON
 * around the queries. Typical queries are under 200 characters: over a thousand key results.
 */
export const MAX_REGISTRY_CHARS = 200_000;

export const jqlOf = (registry: JqlRegistry, keyResultId: string): string | undefined => registry.links.find((l) => l.keyResultId === keyResultId)?.jql;

/** Registers or replaces a key result's JQL; refuses (changing nothing) when the registry would be full. */
export function withJqlLink(registry: JqlRegistry, link: JqlLink): Result<JqlRegistry, string> {
  const links = [...registry.links.filter((l) => l.keyResultId !== link.keyResultId), link].sort((a, b) => a.keyResultId.localeCompare(b.keyResultId));
  const next = { revision: registry.revision + 1, links };
  const size = JSON.stringify(links).length;
  if (size > MAX_REGISTRY_CHARS) {
    return err(`This Jira site's JQL-linked key results already fill the app's registry (${registry.links.length} queries; at most ${MAX_REGISTRY_CHARS} characters in all): remove one or shorten the queries.`);
  }
  return ok(next);
}

export function withoutJqlLink(registry: JqlRegistry, keyResultId: string): { registry: JqlRegistry; removed: boolean } {
  const links = registry.links.filter((l) => l.keyResultId !== keyResultId);
  if (links.length === registry.links.length) return { registry, removed: false };
  return { registry: { revision: registry.revision + 1, links }, removed: true };
}
