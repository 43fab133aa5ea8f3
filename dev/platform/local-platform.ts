import type { RateLimitReply } from './kvs/kvs-rate-limits';
import path from 'node:path';
import { type Clock, ManualClock } from './clock';
import { type ForgeFetchDescriptor, type Invocation, installFetchGate, installForgeGlobals, realFetch, runInvocation, setEgressGate } from './forge-globals';
import { type Handler, InvocationTimeout, callWithTimeout, readRetryRequest } from './invoke-handler';
import { JiraServer, PRINCIPAL_HEADER } from './jira/jira-server';
import { JiraSite } from './jira/site-model';
import { LocalKvs } from './kvs/local-kvs';
import { type ManifestModel, egressAllows, readManifest } from './manifest-model';
import { type AsyncEvent, type ConsumerOutcome, LocalQueue, type QueueOptions } from './queue/local-queue';

export const PROJECT_ROOT = path.resolve(__dirname, '../..');

export interface LocalPlatformOptions {
  root?: string;
  site?: JiraSite;
  /** Egress patterns allowed besides the manifest's (tests add their loopback receivers). */
  extraEgress?: string[];
  clock?: Clock;
  queue?: Pick<QueueOptions, 'duplicateRate' | 'shuffle' | 'parallelism' | 'random'>;
  jiraPort?: number;
  /** The Forge environment resolvers see in their context; the app allows loopback backends only outside PRODUCTION. */
  environmentType?: 'DEVELOPMENT' | 'STAGING' | 'PRODUCTION';
  /**
   * Two platform behaviours Atlassian's docs do not settle, so tests can take either answer:
   * whether the runtime gives an invocation its granted permissions (then
   * `permissions.canFetchFrom` works, matching hosts and ports as @forge/egress does; off by
   * default, since `extraEgress` lets tests reach loopback servers on any port, which no
   * manifest entry can), and the message of the error a fetch to a host outside the
   * manifest's egress throws; and how KVS judges a transaction's condition on a record
   * that does not exist (see LocalKvs).
   */
  runtime?: {
    grantsPermissionsInContext?: boolean;
    egressRefusalMessage?: (host: string) => string;
    conditionOnMissingRecord?: 'evaluate' | 'fail';
    /** How a KVS rate-limit refusal looks (undocumented for the SDK; see kvs-rate-limits.ts) [documented]. */
    kvsRateLimitReply?: RateLimitReply;
  };
  /**
   * Enforce the KVS reads and writes a minute [false]. Off by default because most tests
   * run at a frozen clock: every request of a test falls in one platform instant, a rate
   * production, where each request takes milliseconds, never reaches. Tests of bursts and
   * the benchmarks turn it on (see test/integration/storage-rate-limits.test.ts).
   */
  kvsRateLimits?: boolean;
  /** Where `webTrigger.getUrl(key)` points: `${webTriggerBaseUrl}/<key>` (the sandbox serves it; tests may leave the default). */
  webTriggerBaseUrl?: string;
}

export interface PlatformCounters {
  externalFetches: number;
}

const MODULE_TIMEOUT_SECONDS = { trigger: 25, resolver: 25, webtrigger: 55, consumer: 55, scheduled: 55 } as const;

interface TriggerRetry {
  readyAt: number;
  triggerKey: string;
  event: Record<string, unknown>;
}

/**
 * A Forge platform on one machine: the real @forge/* SDK runs unmodified over it. KVS
 * and queue answer in-process through `__forge_fetch__`; Jira answers over HTTP on
 * 127.0.0.1; other fetches go to real loopback servers if the manifest's egress (plus
 * `extraEgress`) allows them. Handlers are invoked with the arguments Forge gives them.
 */
export class LocalForgePlatform {
  readonly manifest: ManifestModel;
  readonly kvs: LocalKvs;
  readonly queue: LocalQueue;
  readonly jira: JiraServer;
  readonly counters: PlatformCounters = { externalFetches: 0 };
  readonly log: Array<{ at: number; kind: string; detail: string }> = [];
  site: JiraSite;
  private app: Record<string, unknown> | undefined;
  private triggerRetries: TriggerRetry[] = [];
  /** When each scheduled trigger runs next under elapse() (first: one interval after its first use). */
  private scheduledNext = new Map<string, number>();
  readonly environmentId = 'local-environment';
  readonly installationId = 'local-installation';

  private constructor(
    private readonly options: LocalPlatformOptions,
    readonly root: string,
    readonly clock: Clock,
  ) {
    this.manifest = readManifest(path.join(root, 'manifest.yml'));
    this.site = options.site ?? JiraSite.create();
    this.kvs = new LocalKvs({ now: () => this.clock.now(), entitySchemas: this.manifest.entitySchemas, conditionOnMissingRecord: options.runtime?.conditionOnMissingRecord ?? 'evaluate', rateLimits: options.kvsRateLimits ?? false, rateLimitReply: options.runtime?.kvsRateLimitReply ?? 'documented' });
    this.queue = new LocalQueue({ now: () => this.clock.now(), consume: (event) => this.consume(event), maxEventBytes: (q) => ((this.manifest.functionTimeouts.get(this.manifest.consumers.get(q) ?? '') ?? 55) > 55 ? 100 * 1024 : undefined), ...options.queue });
    this.jira = new JiraServer(() => this.site, { jqlAliases: this.manifest.jqlAliases, now: () => this.clock.now() });
  }

  private restoreDate: (() => void) | undefined;

  static async start(options: LocalPlatformOptions = {}): Promise<LocalForgePlatform> {
    const platform = new LocalForgePlatform(options, options.root ?? PROJECT_ROOT, options.clock ?? new ManualClock());
    await platform.jira.start(options.jiraPort ?? 0);
    platform.install();
    if (platform.clock instanceof ManualClock) platform.restoreDate = platform.clock.shiftSystemTime();
    return platform;
  }

  get cloudId(): string {
    return this.site.cloudId;
  }

  get installContext(): string {
    return `ari:cloud:jira::site/${this.cloudId}`;
  }

  private install(): void {
    installForgeGlobals(
      {
        appId: this.manifest.appId,
        environmentId: this.environmentId,
        installationId: this.installationId,
        cloudId: this.cloudId,
        environmentType: this.environmentType,
        permissions: () => (this.options.runtime?.grantsPermissionsInContext !== true ? undefined : { scopes: this.manifest.scopes, external: { fetch: { backend: this.egressPatterns() } } }),
      },
      (descriptor, p, init, invocation) => this.forgeFetch(descriptor, p, init, invocation),
    );
    installFetchGate();
    setEgressGate((url) => {
      if (!egressAllows(this.egressPatterns(), url)) {
        const host = new URL(url).host;
        throw new Error(this.options.runtime?.egressRefusalMessage?.(host) ?? `URL not included in the external fetch backend permissions: ${host}. Visit go.atlassian.com/forge-egress for more information.`);
      }
      this.counters.externalFetches += 1;
    });
  }

  private egressPatterns(): string[] {
    return [...this.manifest.egressBackend, ...(this.options.extraEgress ?? [])];
  }

  /** The app's module, loaded after the globals exist (the SDK reads them at import). */
  private loadApp(): Record<string, unknown> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the app must load after the globals, at a path known only at run time
    if (!this.app) this.app = require(path.join(this.root, "src", "index")) as Record<string, unknown>;
    return this.app;
  }

  private handler(functionKey: string): Handler {
    const ref = this.manifest.functions.get(functionKey);
    if (!ref) throw new Error(`manifest.yml has no function "${functionKey}"`);
    const [file, exportName] = ref.split('.');
    if (file !== 'index' || !exportName) throw new Error(`Handler "${ref}" must be index.<export>`);
    const fn = this.loadApp()[exportName];
    if (typeof fn !== 'function') throw new Error(`src/index.ts does not export a function "${exportName}" (manifest function ${functionKey})`);
    return fn as Handler;
  }

  private async forgeFetch(descriptor: ForgeFetchDescriptor, p: string, init: RequestInit | undefined, invocation: Invocation | undefined): Promise<Response> {
    const body = typeof init?.body === 'string' && init.body.length > 0 ? (JSON.parse(init.body) as unknown) : undefined;
    if (descriptor.type === 'kvs') {
      const reply = this.kvs.handle(p, body);
      return jsonResponse(reply.status, reply.body);
    }
    if (descriptor.type === 'fpp' && descriptor.remote === 'stargate' && p === '/graphql') {
      return this.graphql(body);
    }
    if (descriptor.type === 'fpp' && descriptor.remote === 'stargate' && p.startsWith('/webhook/queue/publish/')) {
      const reply = this.queue.handlePush(body);
      return jsonResponse(reply.status, reply.body);
    }
    if (descriptor.type === 'fpp' && descriptor.remote === 'jira') {
      const asUser = descriptor.provider === 'user' || (descriptor.provider === 'none' && invocation?.accountId !== undefined);
      const accountId = descriptor.accountId ?? invocation?.accountId;
      if (asUser && !accountId) {
        return new Response(JSON.stringify({ message: 'asUser() needs a user: this invocation has none' }), { status: 401, headers: { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' } });
      }
      const headers = new Headers(init?.headers);
      headers.set(PRINCIPAL_HEADER, asUser ? `user:${accountId}` : 'app');
      return realFetch(`${this.jira.baseUrl}${p}`, { ...init, headers });
    }
    return new Response(JSON.stringify({ message: `The local platform does not route ${descriptor.type}/${descriptor.remote ?? ''} ${p}` }), {
      status: 400,
      headers: { 'forge-proxy-error': 'UNSUPPORTED_BY_LOCAL_PLATFORM' },
    });
  }

  get environmentType(): 'DEVELOPMENT' | 'STAGING' | 'PRODUCTION' {
    return this.options.environmentType ?? 'PRODUCTION';
  }

  /** The URL `webTrigger.getUrl(key)` answers with. */
  webTriggerUrl(key: string): string {
    return `${(this.options.webTriggerBaseUrl ?? 'https://local-installation.webtrigger.invalid/x1').replace(/\/$/, '')}/${encodeURIComponent(key)}`;
  }

  /** The one GraphQL operation the SDK sends on the app's behalf: createWebTriggerUrl. */
  private graphql(body: unknown): Response {
    const request = body as { query?: string; variables?: { input?: { triggerKey?: string } } } | undefined;
    const key = request?.variables?.input?.triggerKey;
    if (!request?.query?.includes('createWebTriggerUrl') || typeof key !== 'string') {
      return jsonResponse(400, { errors: [{ message: 'The local platform answers only createWebTriggerUrl on /graphql' }] });
    }
    if (!this.manifest.webTriggers.has(key)) {
      return jsonResponse(200, { data: null, errors: [{ message: `No webtrigger module "${key}" in manifest.yml` }] });
    }
    return jsonResponse(200, { data: { createWebTriggerUrl: { url: this.webTriggerUrl(key) } } });
  }

  private invoke(functionKey: string, moduleKey: string, accountId: string | undefined, seconds: number, args: unknown[]): Promise<unknown> {
    const handler = this.handler(functionKey);
    return runInvocation({ functionKey, moduleKey, accountId, timeoutMillis: seconds * 1000 }, () => callWithTimeout(functionKey, handler, args, seconds));
  }

  private triggerContext() {
    return { installContext: this.installContext, installation: { ari: { installationId: this.installationId }, contexts: [] } };
  }

  /**
   * Delivers a product event to every trigger subscribed to its `eventType`, as the
   * platform does. A trigger that returns InvocationError is retried (at most 4 times)
   * once its retryAfter has passed on the platform clock.
   */
  async fireProductEvent(event: Record<string, unknown>): Promise<Array<{ triggerKey: string; result: unknown }>> {
    return this.deliverToTriggers(String(event['eventType'] ?? ''), event);
  }

  /**
   * Delivers one of Forge's own lifecycle events to the triggers subscribed to it, with the
   * payload the life-cycle events reference documents: `id` (the installation), the
   * installing account (`installerAccountId`; the upgraded event's example names it
   * `upgraderAccountId`), `app` { id, version }, `environment` { id } and `context` (the
   * site's ARI). The docs show no `eventType` in these payloads; `withEventType` adds one,
   * so tests cover both answers. `payload` overrides any of the defaults.
   */
  async fireLifecycleEvent(
    eventType: 'avi:forge:installed:app' | 'avi:forge:upgraded:app',
    options: { version: string; accountId?: string; withEventType?: boolean; payload?: Record<string, unknown> },
  ): Promise<Array<{ triggerKey: string; result: unknown }>> {
    const accountField = eventType === 'avi:forge:installed:app' ? 'installerAccountId' : 'upgraderAccountId';
    const event: Record<string, unknown> = {
      ...(options.withEventType ? { eventType } : {}),
      id: this.installationId,
      ...(options.accountId !== undefined ? { [accountField]: options.accountId } : {}),
      app: { id: this.manifest.appId.replace(/^ari:cloud:ecosystem::app\//, ''), version: options.version },
      environment: { id: this.environmentId },
      context: this.installContext,
      ...options.payload,
    };
    return this.deliverToTriggers(eventType, event);
  }

  private async deliverToTriggers(eventType: string, event: Record<string, unknown>): Promise<Array<{ triggerKey: string; result: unknown }>> {
    const subscribed = this.manifest.triggers.filter((t) => t.events.includes(eventType));
    const results: Array<{ triggerKey: string; result: unknown }> = [];
    for (const trigger of subscribed) {
      if (trigger.ignoreSelf && event['selfGenerated'] === true) continue;
      results.push({ triggerKey: trigger.key, result: await this.runTrigger(trigger.key, event) });
    }
    return results;
  }

  private async runTrigger(triggerKey: string, event: Record<string, unknown>): Promise<unknown> {
    const trigger = this.manifest.triggers.find((t) => t.key === triggerKey)!;
    let result: unknown;
    try {
      result = await this.invoke(trigger.functionKey, trigger.key, undefined, MODULE_TIMEOUT_SECONDS.trigger, [event, this.triggerContext()]);
    } catch (error) {
      this.record('trigger-error', `${triggerKey}: ${(error as Error).message}`);
      result = { _retry: true, retryOptions: { retryAfter: 1, retryReason: 'FUNCTION_PLATFORM_UNKNOWN_ERROR' } };
    }
    const retry = readRetryRequest(result);
    const retryCount = Number((event['retryContext'] as { retryCount?: number } | undefined)?.retryCount ?? 0);
    if (retry && retryCount < 4) {
      this.triggerRetries.push({
        readyAt: this.clock.now() + retry.retryAfter * 1000,
        triggerKey,
        event: { ...event, retryContext: { retryCount: retryCount + 1, retryReason: retry.retryReason, retryData: retry.retryData } },
      });
    } else if (retry) {
      this.record('trigger-dropped', `${triggerKey}: gave up after 4 retries`);
    }
    return result;
  }

  async invokeResolver(moduleKey: string, resolverKey: string, payload: unknown, accountId: string, extraContext: Record<string, unknown> = {}): Promise<unknown> {
    const functionKey = this.manifest.resolverFunctions.get(moduleKey);
    if (!functionKey) throw new Error(`Module ${moduleKey} has no resolver in manifest.yml`);
    const request = {
      call: { functionKey: resolverKey, payload },
      context: { moduleKey, cloudId: this.cloudId, localId: moduleKey, environmentId: this.environmentId, environmentType: this.environmentType, siteUrl: this.site.data.baseUrl, ...extraContext },
    };
    const backendRuntimePayload = { principal: { accountId }, installContext: this.installContext, installation: this.triggerContext().installation };
    return this.invoke(functionKey, moduleKey, accountId, MODULE_TIMEOUT_SECONDS.resolver, [request, backendRuntimePayload]);
  }

  async runScheduledTrigger(key: string): Promise<unknown> {
    const trigger = this.manifest.scheduledTriggers.get(key);
    if (!trigger) throw new Error(`manifest.yml has no scheduledTrigger "${key}"`);
    const request = { context: { cloudId: this.cloudId, moduleKey: key }, contextToken: 'local-context-token' };
    return this.invoke(trigger.functionKey, key, undefined, MODULE_TIMEOUT_SECONDS.scheduled, [request, this.triggerContext()]);
  }

  async invokeWebTrigger(key: string, request: { method: string; path?: string; headers: Record<string, string[]>; queryParameters?: Record<string, string[]>; body: string }): Promise<unknown> {
    const functionKey = this.manifest.webTriggers.get(key);
    if (!functionKey) throw new Error(`manifest.yml has no webtrigger "${key}"`);
    return this.invoke(functionKey, key, undefined, MODULE_TIMEOUT_SECONDS.webtrigger, [
      { path: request.path ?? '/', queryParameters: {}, ...request },
      { installContext: this.installContext },
    ]);
  }

  private async consume(event: AsyncEvent): Promise<ConsumerOutcome> {
    const functionKey = this.manifest.consumers.get(event.queueName);
    if (!functionKey) return { kind: 'failed', error: `No consumer for queue ${event.queueName}` };
    try {
      const seconds = this.manifest.functionTimeouts.get(functionKey) ?? MODULE_TIMEOUT_SECONDS.consumer;
      const result = await this.invoke(functionKey, `consumer:${event.queueName}`, undefined, seconds, [event, this.triggerContext()]);
      const retry = readRetryRequest(result);
      return retry ? { kind: 'retry', retryAfterSeconds: retry.retryAfter, reason: retry.retryReason, retryData: retry.retryData } : { kind: 'done' };
    } catch (error) {
      this.record('consumer-error', `${event.queueName}: ${(error as Error).message}`);
      if (error instanceof InvocationTimeout) return { kind: 'retry', retryAfterSeconds: 40, reason: 'FUNCTION_TIME_OUT' };
      return { kind: 'failed', error: (error as Error).message };
    }
  }

  /** Runs queued events and trigger retries that are due, until nothing due is left. */
  async drain(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const due = this.triggerRetries.filter((r) => r.readyAt <= now);
      this.triggerRetries = this.triggerRetries.filter((r) => r.readyAt > now);
      for (const retry of due) await this.runTrigger(retry.triggerKey, retry.event);
      await this.queue.drain();
      if (!this.triggerRetries.some((r) => r.readyAt <= this.clock.now()) && this.queue.nextReadyInSeconds() !== 0) return;
    }
  }

  /** Moves the manual clock on and runs whatever became due. */
  async advance(seconds: number): Promise<void> {
    if (!(this.clock instanceof ManualClock)) throw new Error('advance() needs a ManualClock');
    this.clock.advance(seconds * 1000);
    await this.drain();
  }

  /**
   * Runs everything now due, then jumps the manual clock to the next delayed event or
   * trigger retry, until nothing is left or `maxSeconds` of platform time have passed.
   */
  async settle(maxSeconds = 3600): Promise<void> {
    if (!(this.clock instanceof ManualClock)) throw new Error('settle() needs a ManualClock');
    const deadline = this.clock.now() + maxSeconds * 1000;
    await this.drain();
    for (;;) {
      const nextQueue = this.queue.nextReadyInSeconds();
      const nextRetry = this.triggerRetries.length > 0 ? Math.max(0, (Math.min(...this.triggerRetries.map((r) => r.readyAt)) - this.clock.now()) / 1000) : undefined;
      const waits = [nextQueue, nextRetry].filter((w): w is number => w !== undefined);
      if (waits.length === 0) return;
      const wait = Math.min(...waits);
      if (this.clock.now() + wait * 1000 > deadline) return;
      await this.advance(Math.max(wait, 0.001));
    }
  }

  /**
   * Lets `seconds` of platform time pass as production would: delayed events, trigger
   * retries and the named scheduled triggers (by their manifest interval) all run at
   * their times, in time order. For outages of days without real waiting.
   */
  async elapse(seconds: number, options: { scheduledTriggers: string[] }): Promise<void> {
    if (!(this.clock instanceof ManualClock)) throw new Error('elapse() needs a ManualClock');
    const end = this.clock.now() + seconds * 1000;
    for (const key of options.scheduledTriggers) {
      const trigger = this.manifest.scheduledTriggers.get(key);
      if (!trigger) throw new Error(`manifest.yml has no scheduledTrigger "${key}"`);
      if (!this.scheduledNext.has(key)) this.scheduledNext.set(key, this.clock.now() + intervalSeconds(trigger.interval) * 1000);
    }
    await this.drain();
    for (;;) {
      const now = this.clock.now();
      const nextQueue = this.queue.nextReadyInSeconds();
      const candidates = [
        ...(nextQueue !== undefined ? [now + nextQueue * 1000] : []),
        ...this.triggerRetries.map((r) => r.readyAt),
        ...options.scheduledTriggers.map((key) => this.scheduledNext.get(key)!),
      ];
      const next = Math.max(now, Math.min(...candidates));
      if (next > end) {
        this.clock.advance(end - now);
        await this.drain();
        return;
      }
      this.clock.advance(Math.max(next - now, 1));
      await this.drain();
      for (const key of options.scheduledTriggers) {
        const due = this.scheduledNext.get(key)!;
        if (due > this.clock.now()) continue;
        this.scheduledNext.set(key, due + intervalSeconds(this.manifest.scheduledTriggers.get(key)!.interval) * 1000);
        // A scheduled run that throws is not retried on Forge: recorded, and the next one runs at its time.
        await this.runScheduledTrigger(key).catch((error: unknown) => this.record('scheduled-error', `${key}: ${(error as Error).message}`));
        await this.drain();
      }
    }
  }

  private record(kind: string, detail: string): void {
    this.log.push({ at: this.clock.now(), kind, detail });
    if (this.log.length > 1000) this.log.shift();
  }

  async stop(): Promise<void> {
    setEgressGate(undefined);
    this.restoreDate?.();
    await this.jira.stop();
  }
}

function jsonResponse(status: number, body: unknown): Response {
  const text = body === undefined || body === '' ? null : JSON.stringify(body);
  return new Response(status === 204 ? null : text, { status, headers: { 'content-type': 'application/json' } });
}

/** A scheduledTrigger interval in seconds (the manifest's four values). */
function intervalSeconds(interval: string): number {
  const seconds = ({ fiveMinute: 300, hour: 3600, day: 86_400, week: 604_800 } as Record<string, number>)[interval];
  if (seconds === undefined) throw new Error(`unknown scheduledTrigger interval "${interval}" (fiveMinute, hour, day or week)`);
  return seconds;
}
