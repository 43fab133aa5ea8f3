/**
 * Runs a UI Kit module's real code under Node and captures what it renders, the way the
 * Forge host sees it.
 *
 * How UI Kit talks to the host (read from @forge/react 12.3.1 `out/reconciler.js` and
 * @forge/bridge 7.2.0 `out/bridge.js`): the app runs in its own frame; `ForgeReconciler`
 * is a react-reconciler whose `resetAfterCommit` calls
 * `self.__bridge.callBridge('reconcile', { forgeDoc })` after every commit, with forgeDoc
 * the Root element `{ type: 'Root', key, props: {}, children, forgeReactMajorVersion: 11 }`
 * (the same object each time, mutated in place). Unrecoverable render errors go out as
 * `callBridge('onError', { error })`. @forge/bridge reads `globalThis.__bridge.callBridge`
 * once, when it loads: `invoke(key, payload)` is `callBridge('invoke', { functionKey,
 * payload, metadata })` and `view.getContext()` is `callBridge('getContext')`. Events go the
 * other way without a bridge call of their own: function props stay in the forgeDoc,
 * tagged with a uuid `__id__`, and the host calls them (a Textfield's onChange with a
 * SerialisableEvent `{ target: { value }, type: 'change', … }`).
 *
 * So the module gets a fresh `vm` context with just what it needs — `self` (the reconciler
 * reads `self.__bridge`), `crypto` (uuid), timers, a console — and no DOM: nothing in
 * @forge/react or @forge/bridge touches `window` or `document` on this path.
 */
import { format } from 'node:util';
import vm from 'node:vm';
import { compileUiKitModule } from './bundle-ui-kit-module';
import { drawForgeDocHtml } from './draw-forge-doc-html';
import { type ForgeDocNode, type NodeQuery, describeQuery, find, findAll, findByKey, findHandler, get, handlerOf, hasText, outline, snapshotForgeDoc } from './forge-doc';
import type { InvokeRoute } from './issue-panel-context';

export interface CaptureOptions {
  /** Where `invoke(functionKey, payload)` goes: a fake resolver table, or routeInvokeToPlatform(...). */
  invoke: InvokeRoute;
  /** What `view.getContext()` answers (see issuePanelContext). */
  context: Record<string, unknown>;
  /** The UI Kit resource to run; the issue panel by default. */
  entry?: string;
  /** Also print the module's console output here (it is always kept in `console`). */
  forwardConsole?: boolean;
}

export interface BridgeInvocation {
  functionKey: string;
  payload: unknown;
}

export interface ConsoleEntry {
  level: 'log' | 'info' | 'debug' | 'warn' | 'error';
  text: string;
}

export interface WaitOptions {
  timeoutMs?: number;
}

/** A SerialisableEvent as UI Kit hands it to an event prop. */
export function serialisableEvent(type: string, target: Record<string, unknown> = {}): Record<string, unknown> {
  return { bubbles: true, cancelable: true, defaultPrevented: false, eventPhase: 2, isTrusted: true, target, timeStamp: Date.now(), type };
}

const DEFAULT_WAIT_MS = 3000;

export class UiKitRender {
  /** Every tree the reconciler handed over, oldest first, each as it was at that moment. */
  readonly trees: ForgeDocNode[] = [];
  readonly invocations: BridgeInvocation[] = [];
  /** Payloads of `callBridge('onError', …)`. */
  readonly bridgeErrors: unknown[] = [];
  /** Bridge calls the shim does not implement (they are refused, by name). */
  readonly unsupportedCalls: string[] = [];
  readonly console: ConsoleEntry[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly timers = new Set<NodeJS.Timeout | NodeJS.Immediate>();
  private stopped = false;

  constructor(private readonly options: CaptureOptions) {}

  /** Starts the module in a fresh global scope; resolves once its first tree is captured. */
  async start(): Promise<this> {
    const script = await compileUiKitModule(this.options.entry);
    const context = vm.createContext(this.moduleGlobals());
    vm.runInContext('globalThis.self = globalThis;', context);
    script.runInContext(context);
    await this.waitForTree(() => true);
    return this;
  }

  /** The tree as the host has it now. */
  latest(): ForgeDocNode {
    const tree = this.trees[this.trees.length - 1];
    if (!tree) throw new Error('The module has not rendered anything yet.');
    return tree;
  }

  find = (query: NodeQuery): ForgeDocNode | undefined => find(this.latest(), query);
  findAll = (query: NodeQuery): ForgeDocNode[] => findAll(this.latest(), query);
  get = (query: NodeQuery): ForgeDocNode => get(this.latest(), query);
  hasText = (text: string | RegExp): boolean => hasText(this.latest(), text);
  outline = (): string => outline(this.latest());
  html = (): string => drawForgeDocHtml(this.latest());

  /** Resolves with the first node matching `query` once the latest tree has one. */
  async waitFor(query: NodeQuery, options: WaitOptions = {}): Promise<ForgeDocNode> {
    let found: ForgeDocNode | undefined;
    await this.waitForTree((tree) => (found = find(tree, query)) !== undefined, options, `a node matching ${describeQuery(query)}`);
    return found!;
  }

  /** Resolves with the latest tree once `predicate` holds for it. */
  waitForTree(predicate: (tree: ForgeDocNode) => boolean, options: WaitOptions = {}, what = 'the predicate'): Promise<ForgeDocNode> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const tree = this.trees[this.trees.length - 1];
        if (!tree || !predicate(tree)) return false;
        cleanup();
        resolve(tree);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        const tree = this.trees[this.trees.length - 1];
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}. Latest tree:\n${tree ? outline(tree) : '(nothing rendered)'}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      const listener = () => void check();
      this.listeners.add(listener);
      check();
    });
  }

  /**
   * Calls a node's event prop the way the host does. The node is looked up again in the
   * latest tree (by its reconciler key), so the handler is the one on screen now, and a
   * node that is no longer rendered cannot be fired.
   */
  async fire(node: ForgeDocNode, name: string, event: unknown = serialisableEvent(name.replace(/^on/, '').toLowerCase())): Promise<void> {
    const current = findByKey(this.latest(), node.key);
    if (!current) throw new Error(`${node.type} "${node.props['text'] ?? ''}" (key ${node.key}) is no longer rendered:\n${this.outline()}`);
    const handler = handlerOf(current, name);
    if (!handler) throw new Error(`${current.type} has no ${name} handler (props: ${Object.keys(current.props).join(', ')})`);
    if (current.props['isDisabled'] === true || current.props['isLoading'] === true) throw new Error(`${current.type} is disabled or loading; a user could not fire ${name}`);
    await handler(event);
    await settle();
  }

  click = (node: ForgeDocNode): Promise<void> => this.fire(node, 'onClick', serialisableEvent('click'));

  /** Types `value` into a Textfield/TextArea: onChange with `target.value`. */
  change = (node: ForgeDocNode, value: string): Promise<void> => this.fire(node, 'onChange', serialisableEvent('change', { value }));

  /** Fires a handler by the `__id__` a drawn page carries in its data attributes (see drawForgeDocHtml). */
  async dispatch(handlerId: string, event: unknown): Promise<void> {
    const hit = findHandler(this.latest(), handlerId);
    if (!hit) throw new Error(`No handler ${handlerId} in the latest tree (the page may be showing an older render).`);
    await this.fire(hit.node, hit.name, event);
  }

  /** Stops the module's timers and ignores anything it does afterwards. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) {
      clearTimeout(timer as NodeJS.Timeout);
      clearImmediate(timer as NodeJS.Immediate);
    }
    this.timers.clear();
    this.listeners.clear();
  }

  private callBridge = async (type: string, data?: unknown): Promise<unknown> => {
    if (this.stopped) return undefined;
    switch (type) {
      case 'reconcile':
        this.trees.push(snapshotForgeDoc((data as { forgeDoc: ForgeDocNode }).forgeDoc));
        for (const listener of [...this.listeners]) listener();
        return undefined;
      case 'invoke': {
        const { functionKey, payload, metadata } = data as { functionKey: string; payload?: unknown; metadata?: unknown };
        this.invocations.push({ functionKey, payload });
        if (metadata !== undefined) throw new Error('The UI Kit capture shim does not implement invoke metadata.');
        return this.options.invoke(functionKey, payload ?? {});
      }
      case 'getContext':
        return structuredClone(this.options.context);
      case 'onError':
        this.bridgeErrors.push((data as { error?: unknown } | undefined)?.error ?? data);
        return undefined;
      default:
        this.unsupportedCalls.push(type);
        throw new Error(`The UI Kit capture shim does not implement the "${type}" bridge call (only reconcile, invoke, getContext and onError).`);
    }
  };

  private moduleGlobals(): Record<string, unknown> {
    const track = <T extends NodeJS.Timeout | NodeJS.Immediate>(timer: T): T => {
      this.timers.add(timer);
      return timer;
    };
    const record =
      (level: ConsoleEntry['level']) =>
      (...args: unknown[]) => {
        const text = format(...args);
        this.console.push({ level, text });
        if (this.options.forwardConsole) console[level](`[ui-kit] ${text}`);
      };
    return {
      __bridge: { callBridge: this.callBridge },
      crypto: globalThis.crypto,
      console: { log: record('log'), info: record('info'), debug: record('debug'), warn: record('warn'), error: record('error') },
      setTimeout: (fn: () => void, ms?: number) => {
        const timer: NodeJS.Timeout = track(setTimeout(() => (this.timers.delete(timer), this.stopped || fn()), ms));
        return timer;
      },
      clearTimeout: (timer: NodeJS.Timeout) => (this.timers.delete(timer), clearTimeout(timer)),
      setInterval: (fn: () => void, ms?: number) => track(setInterval(() => this.stopped || fn(), ms)),
      clearInterval: (timer: NodeJS.Timeout) => (this.timers.delete(timer), clearInterval(timer)),
      setImmediate: (fn: () => void) => {
        const timer: NodeJS.Immediate = track(setImmediate(() => (this.timers.delete(timer), this.stopped || fn())));
        return timer;
      },
      clearImmediate: (timer: NodeJS.Immediate) => (this.timers.delete(timer), clearImmediate(timer)),
      queueMicrotask,
    };
  }

  /** Console errors and warnings (React's warnings among them): a test can require none. */
  get problems(): string[] {
    return this.console.filter((entry) => entry.level === 'error' || entry.level === 'warn').map((entry) => entry.text);
  }
}

/** Renders the module with `options.invoke` behind `invoke` and resolves once the first tree is in. */
export function captureUiKitRender(options: CaptureOptions): Promise<UiKitRender> {
  return new UiKitRender(options).start();
}

/** Lets pending promise chains (an awaited invoke, the setState after it) run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
