/**
 * The only module that talks to the app's resolvers: one typed call per resolver key,
 * every answer an envelope. A bridge failure becomes an envelope error too, so screens
 * have a single error path. FORBIDDEN is also reported to the page as a whole.
 */
import { invoke, view } from '@forge/bridge';
import type { AdminAnswer, AdminResolverKey, AdminResolvers } from '../../../src/resolvers/admin-api';

type ForbiddenListener = () => void;
const forbiddenListeners = new Set<ForbiddenListener>();

/** The page swaps itself for the "only Jira administrators" message on any FORBIDDEN. */
export function onForbidden(listener: ForbiddenListener): () => void {
  forbiddenListeners.add(listener);
  return () => forbiddenListeners.delete(listener);
}

export async function callAdmin<K extends AdminResolverKey>(key: K, payload: AdminResolvers[K][0]): Promise<AdminAnswer<K>> {
  let answer: unknown;
  try {
    answer = await invoke<AdminAnswer<K>>(key, payload);
  } catch {
    return { ok: false, error: { code: 'UNAVAILABLE', message: 'Could not reach the app. Check your connection and try again.' } };
  }
  if (!isEnvelope(answer)) {
    return { ok: false, error: { code: 'INTERNAL', message: 'The app gave an answer this page does not understand. Reload the page and try again.' } };
  }
  const envelope = answer as AdminAnswer<K>;
  if (!envelope.ok && envelope.error.code === 'FORBIDDEN') forbiddenListeners.forEach((listener) => listener());
  return envelope;
}

function isEnvelope(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'data' in value;
  if (value.ok !== false || !('error' in value)) return false;
  const error = value.error as { code?: unknown; message?: unknown } | null;
  return typeof error === 'object' && error !== null && typeof error.code === 'string' && typeof error.message === 'string';
}

/**
 * Whether the app runs in a Forge production environment. Unknown counts as production,
 * so the stricter client-side checks apply when the context cannot be read.
 */
export async function isProductionEnvironment(): Promise<boolean> {
  try {
    const context = await view.getContext();
    return context.environmentType === 'PRODUCTION';
  } catch {
    return true;
  }
}

/** Opt in to the host's theme (light/dark) via design tokens; harmless where unsupported. */
export async function enableHostTheme(): Promise<void> {
  try {
    await view.theme.enable();
  } catch {
    // Without the host's theme the components fall back to their built-in light colours.
  }
}
