import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** One function invocation as the platform sees it: who runs it and for which module. */
export interface Invocation {
  invocationId: string;
  functionKey: string;
  moduleKey: string;
  /** The user behind a resolver call; undefined for triggers, consumers and jobs. */
  accountId: string | undefined;
  startedAt: number;
  timeoutMillis: number;
}

export interface ForgeFetchDescriptor {
  type: string;
  provider?: string;
  remote?: string;
  accountId?: string;
}

export type ForgeFetch = (descriptor: ForgeFetchDescriptor, path: string, init: RequestInit | undefined, invocation: Invocation | undefined) => Promise<Response>;

export interface RuntimeIdentity {
  appId: string;
  environmentId: string;
  installationId: string;
  cloudId: string;
  /** What getAppContext().environmentType answers [DEVELOPMENT]. */
  environmentType?: string;
  /**
   * The permissions the runtime grants the invocation (scopes, egress), as the SDK's
   * `permissions.*` read them; undefined: a runtime that does not provide them.
   */
  permissions?: () => { scopes: string[]; external: { fetch: { backend: string[] } } } | undefined;
}

const invocations = new AsyncLocalStorage<Invocation>();

/** Node's own fetch, captured before anything wraps it. */
export const realFetch: typeof fetch = ((globalThis as Record<string, unknown>)['__local_forge_real_fetch__'] as typeof fetch | undefined) ?? globalThis.fetch;
(globalThis as Record<string, unknown>)['__local_forge_real_fetch__'] = realFetch;

type EgressGate = (url: string) => void;
let egressGate: EgressGate | undefined;

/**
 * @forge/api's `fetch` is the global fetch captured when @forge/api is first imported,
 * so the gate must be in place before that: jest installs it in a setup file, the
 * sandbox on start. Outside an invocation (test code, the sandbox's own calls) it passes
 * everything through; inside one, the active platform's egress rules apply.
 */
export function installFetchGate(): void {
  const g = globalThis as Record<string, unknown>;
  if (g['__local_forge_fetch_gate__']) return;
  g['__local_forge_fetch_gate__'] = true;
  globalThis.fetch = async function gatedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    if (invocations.getStore() && egressGate) egressGate(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    return realFetch(input, init);
  };
}

export function setEgressGate(gate: EgressGate | undefined): void {
  egressGate = gate;
}

export const currentInvocation = (): Invocation | undefined => invocations.getStore();

export function runInvocation<T>(invocation: Omit<Invocation, 'invocationId' | 'startedAt'>, fn: () => Promise<T>): Promise<T> {
  return invocations.run({ ...invocation, invocationId: randomUUID(), startedAt: Date.now() }, fn);
}

const noopMetrics = {
  counter: () => ({ incr() {}, incrBy() {}, decr() {}, decrBy() {} }),
  timing: () => ({ measure: () => ({ stop() {} }) }),
  gauge: () => ({ set() {} }),
};

/**
 * Installs the two globals the @forge/* SDK talks to. `__forge_runtime__` answers from
 * the invocation in progress (AsyncLocalStorage), so concurrent invocations each see
 * their own module and user, as they would in separate Forge sandboxes. Must run before
 * any @forge/* module is loaded: @forge/kvs and @forge/api read them at import time.
 */
export function installForgeGlobals(identity: RuntimeIdentity, forgeFetch: ForgeFetch): void {
  const g = globalThis as Record<string, unknown>;
  g['__forge_fetch__'] = (descriptor: ForgeFetchDescriptor, path: string, init?: RequestInit) =>
    forgeFetch(descriptor, path, init, invocations.getStore());
  const runtime = {
    get proxy() {
      return { token: 'local-platform-proxy-token', url: 'http://local-forge-proxy.invalid' };
    },
    get contextAri() {
      return `ari:cloud:jira::site/${identity.cloudId}`;
    },
    get appContext() {
      const inv = invocations.getStore();
      return {
        appId: identity.appId,
        appVersion: '1.0.0',
        environmentId: identity.environmentId,
        environmentType: identity.environmentType ?? 'DEVELOPMENT',
        installationId: identity.installationId,
        invocationId: inv?.invocationId ?? 'outside-invocation',
        functionKey: inv?.functionKey ?? '',
        moduleType: '',
        moduleKey: inv?.moduleKey ?? '',
        ...(identity.permissions?.() ? { permissions: identity.permissions() } : {}),
      };
    },
    get aaid() {
      return invocations.getStore()?.accountId;
    },
    get lambdaContext() {
      const inv = invocations.getStore();
      return {
        awsRequestId: inv?.invocationId ?? 'outside-invocation',
        getRemainingTimeInMillis: () => (inv ? Math.max(0, inv.startedAt + inv.timeoutMillis - Date.now()) : 0),
      };
    },
    tracing: { traceId: 'local-trace', spanId: 'local-span' },
    container: {},
    realtime: {},
    metrics: noopMetrics,
    featureFlags: () => false,
  };
  g['__forge_runtime__'] = runtime;
}
