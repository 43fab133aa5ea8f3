/**
 * The app's real issue panel ("Key results", UI Kit) for the sandbox page: one live
 * render of src/frontend/issue-panel per (issue, acting user), run by the UI Kit capture
 * shim (dev/ui-kit) over the app's real panel resolvers on the local platform, drawn as
 * escaped HTML by drawForgeDocHtml. The page sends clicks and typing back as handler ids
 * from that HTML; only a function prop found in the render's tree is ever called, with a
 * UI Kit SerialisableEvent built here (a string value at most), never anything the page
 * sends as code.
 */
import type { JiraSite } from '../platform/jira/site-model';
import type { LocalForgePlatform } from '../platform/local-platform';
import { type UiKitRender, captureUiKitRender, serialisableEvent } from '../ui-kit/capture-ui-kit-render';
import { drawForgeDocHtml } from '../ui-kit/draw-forge-doc-html';
import { type ForgeDocNode, type ForgeHandler, findByKey, findHandler, handlerOf, walk } from '../ui-kit/forge-doc';
import { type InvokeRoute, type PanelIssue, issuePanelContext, routeInvokeToPlatform } from '../ui-kit/issue-panel-context';
import { HttpError } from './http-util';

/** What the page shows: the drawn panel and a number that grows whenever the drawing changes. */
export interface PanelDrawing {
  html: string;
  version: number;
}

export type PanelEventKind = 'click' | 'change';

export interface PanelEvent {
  handlerId: string;
  kind: PanelEventKind;
  /** The field's new text, for `change`. */
  value?: string;
}

export interface IssuePanelViewsOptions {
  /** At most this many panels are live; opening one more stops the least recently used. Default 10. */
  maxLive?: number;
  /** Bounds of the waits for the panel to settle (tests shorten them). */
  timing?: Partial<SettleTiming>;
}

interface SettleTiming {
  /** The longest a request waits for the panel to settle; it then answers what is drawn. */
  maxWaitMs: number;
  /** After a click, the tree must stay unchanged this long (and nothing be loading). */
  quietAfterClickMs: number;
  /**
   * After typing, longer than the panel's search debounce (SEARCH_DEBOUNCE_MS, 300 ms), so
   * the search it starts is part of the answer.
   */
  quietAfterChangeMs: number;
  /** When opening or reloading the panel. */
  quietAfterLoadMs: number;
}

const DEFAULT_TIMING: SettleTiming = { maxWaitMs: 4000, quietAfterClickMs: 150, quietAfterChangeMs: 450, quietAfterLoadMs: 100 };
const POLL_MS = 20;
const EVENT_PROP: Record<PanelEventKind, string> = { click: 'onClick', change: 'onChange' };
/** The panel's Textfield allows 100 characters; anything far longer is not typing. */
const MAX_VALUE_LENGTH = 1000;
/** Handler ids handed out to the page that a slightly older page may still send (see resolveHandler). */
const MAX_REMEMBERED_HANDLERS = 500;

interface LivePanel {
  key: string;
  issue: PanelIssue;
  project: { id: string; key: string; type: string } | undefined;
  accountId: string;
  render: Promise<UiKitRender>;
  /** Resolver calls of the panel still running. */
  calls: { inFlight: number };
  /** When the tree count last changed, as seen by the settle loop. */
  lastTreeCount: number;
  lastTreeAt: number;
  drawn: string;
  version: number;
  /** handler id → (element key, prop name) for every handler in HTML this panel answered. */
  handedOut: Map<string, { nodeKey: string; prop: string }>;
  /** Events and reloads of one (issue, user) run one after another. */
  queue: Promise<unknown>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `work`, or nothing once `ms` passed (a handler that never settles must not hold the request). */
async function boundedWait(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether the panel shows it is waiting for something: a Spinner, or a button that is loading. */
const showsLoading = (tree: ForgeDocNode): boolean => walk(tree).some((node) => node.type === 'Spinner' || node.props['isLoading'] === true);

export class IssuePanelViews {
  private readonly live = new Map<string, LivePanel>();
  private readonly maxLive: number;
  private readonly timing: SettleTiming;
  /** One counter for all panels, so a panel opened again never repeats a version the page has seen. */
  private versions = 0;
  private stopped = false;

  constructor(
    private readonly platform: LocalForgePlatform,
    private readonly site: JiraSite,
    options: IssuePanelViewsOptions = {},
  ) {
    this.maxLive = Math.max(1, options.maxLive ?? 10);
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
  }

  /** How many panels are live now. */
  get liveCount(): number {
    return this.live.size;
  }

  /**
   * The panel of `issueKey` as `accountId` sees it, once it has settled (loaded, nothing
   * pending) or the wait's bound passed. `reload` mounts the panel again, as opening the
   * issue in Jira does, so it reads the app's current state (progress after a transition).
   */
  async view(issueKey: string, accountId: unknown, options: { reload?: boolean } = {}): Promise<PanelDrawing> {
    const panel = this.panelFor(issueKey, accountId);
    return this.enqueue(panel, async (current) => {
      // A panel drawn for nobody yet was mounted by this very request: no second mount.
      if (options.reload && current.drawn !== '') current = this.replace(current);
      const render = await current.render;
      await this.settle(current, render, { since: 0, quietMs: this.timing.quietAfterLoadMs });
      return this.draw(current, render);
    });
  }

  /** Fires one handler of the drawn panel and answers the panel once it has settled. */
  async dispatch(issueKey: string, accountId: unknown, body: unknown): Promise<PanelDrawing> {
    const event = readPanelEvent(body);
    const panel = this.panelFor(issueKey, accountId);
    return this.enqueue(panel, async (current) => {
      const render = await current.render;
      const handler = this.resolveHandler(current, render.latest(), event);
      const since = render.trees.length;
      const uiEvent = event.kind === 'change' ? serialisableEvent('change', { value: event.value }) : serialisableEvent('click');
      try {
        await boundedWait(Promise.resolve(handler(uiEvent)), this.timing.maxWaitMs);
      } catch (error) {
        throw new HttpError(500, `The panel's ${EVENT_PROP[event.kind]} handler failed: ${(error as Error).message}`);
      }
      await this.settle(current, render, { since, quietMs: event.kind === 'change' ? this.timing.quietAfterChangeMs : this.timing.quietAfterClickMs });
      return this.draw(current, render);
    });
  }

  /** Stops every live panel (the sandbox is stopping); later requests are refused. */
  stopAll(): void {
    this.stopped = true;
    for (const panel of this.live.values()) void stopRender(panel);
    this.live.clear();
  }

  private panelFor(issueKey: string, accountId: unknown): LivePanel {
    if (this.stopped) throw new HttpError(503, 'The sandbox is stopping.');
    const issue = this.site.findIssue(issueKey);
    if (!issue || issue.key !== issueKey) throw new HttpError(404, `There is no issue ${issueKey} on the simulated site.`);
    if (typeof accountId !== 'string' || accountId === '') throw new HttpError(400, 'as (the accountId of the "acting as" user) is required.');
    const user = this.site.user(accountId);
    if (!user || !user.active) throw new HttpError(400, `as=${accountId} is not an active user of the simulated site.`);
    const key = `${issue.key}\u0000${accountId}`;
    const existing = this.live.get(key);
    if (existing) {
      // Most recently used last: the first entry is the one to stop when over the cap.
      this.live.delete(key);
      this.live.set(key, existing);
      return existing;
    }
    const project = this.site.data.projects.find((p) => p.id === issue.projectId);
    return this.open(key, { id: issue.id, key: issue.key, type: issue.issueTypeName }, accountId, project ? { id: project.id, key: project.key, type: 'software' } : undefined);
  }

  private open(key: string, issue: PanelIssue, accountId: string, project: LivePanel['project']): LivePanel {
    const calls = { inFlight: 0 };
    const route = routeInvokeToPlatform(this.platform, accountId, issue);
    const counted: InvokeRoute = async (functionKey, payload) => {
      calls.inFlight += 1;
      try {
        return await route(functionKey, payload);
      } finally {
        calls.inFlight -= 1;
      }
    };
    const context = issuePanelContext({ accountId, cloudId: this.site.cloudId, siteUrl: this.site.data.baseUrl, issue, ...(project ? { project } : {}) });
    const render = captureUiKitRender({ invoke: counted, context });
    const panel: LivePanel = { key, issue, project, accountId, render, calls, lastTreeCount: 0, lastTreeAt: Date.now(), drawn: '', version: 0, handedOut: new Map(), queue: Promise.resolve() };
    // A panel that failed to start is forgotten, so the next request tries again.
    render.catch(() => {
      if (this.live.get(key) === panel) this.live.delete(key);
    });
    this.live.set(key, panel);
    while (this.live.size > this.maxLive) {
      const [oldestKey, oldest] = this.live.entries().next().value as [string, LivePanel];
      this.live.delete(oldestKey);
      void stopRender(oldest);
    }
    return panel;
  }

  /** A new render of the same panel in place of `panel`, which is stopped; requests queued behind it go to the new one. */
  private replace(panel: LivePanel): LivePanel {
    void stopRender(panel);
    this.live.delete(panel.key);
    const next = this.open(panel.key, panel.issue, panel.accountId, panel.project);
    next.queue = panel.queue;
    next.drawn = panel.drawn;
    next.version = panel.version;
    return next;
  }

  /** Runs `step` after the panel's earlier requests, on the panel live for its key by then (a reload may have replaced it). */
  private enqueue<T>(panel: LivePanel, step: (current: LivePanel) => Promise<T>): Promise<T> {
    const go = () => step(this.live.get(panel.key) ?? panel);
    const run = panel.queue.then(go, go);
    panel.queue = run.catch(() => undefined);
    return run.catch((error: unknown) => {
      if (error instanceof HttpError) throw error;
      throw new HttpError(500, `The issue panel of ${panel.issue.key} could not be rendered: ${(error as Error).message}`);
    });
  }

  /**
   * Waits until the tree changed (when `since` says how many trees there were before an
   * event), nothing is loading, no resolver call is running, and the tree has stayed the
   * same for `quietMs`; or until maxWaitMs, whichever comes first. Never waits longer.
   */
  private async settle(panel: LivePanel, render: UiKitRender, { since, quietMs }: { since: number; quietMs: number }): Promise<void> {
    const deadline = Date.now() + this.timing.maxWaitMs;
    const started = Date.now();
    for (;;) {
      const count = render.trees.length;
      if (count !== panel.lastTreeCount) {
        panel.lastTreeCount = count;
        panel.lastTreeAt = Date.now();
      }
      const changed = count > since;
      const quietSince = Math.max(panel.lastTreeAt, started);
      const busy = panel.calls.inFlight > 0 || showsLoading(render.latest());
      if (changed && !busy && Date.now() - quietSince >= quietMs) return;
      if (Date.now() >= deadline) return;
      await sleep(POLL_MS);
    }
  }

  private draw(panel: LivePanel, render: UiKitRender): PanelDrawing {
    const tree = render.latest();
    const html = drawForgeDocHtml(tree);
    if (html !== panel.drawn) {
      panel.drawn = html;
      panel.version = ++this.versions;
    }
    for (const node of walk(tree)) {
      for (const [prop, value] of Object.entries(node.props)) {
        const id = typeof value === 'function' ? (value as ForgeHandler).__id__ : undefined;
        if (!id || panel.handedOut.has(id)) continue;
        panel.handedOut.set(id, { nodeKey: node.key, prop });
        if (panel.handedOut.size > MAX_REMEMBERED_HANDLERS) panel.handedOut.delete(panel.handedOut.keys().next().value as string);
      }
    }
    return { html, version: panel.version };
  }

  /**
   * The function to call for an event. A handler id of the current tree is that handler.
   * React gives inline handlers a new id on every render, so a page that sent a change a
   * moment ago may still hold the id of the previous render: an id this panel handed out
   * earlier stands for the same element's handler now, if that element is still drawn.
   * Any other id is refused. The element must not be disabled or loading, and the event
   * must be the one the handler is for (click → onClick, change → onChange).
   */
  private resolveHandler(panel: LivePanel, tree: ForgeDocNode, event: PanelEvent): ForgeHandler {
    const prop = EVENT_PROP[event.kind];
    let node: ForgeDocNode | undefined;
    let name: string | undefined;
    const hit = findHandler(tree, event.handlerId);
    if (hit) {
      node = hit.node;
      name = hit.name;
    } else {
      const earlier = panel.handedOut.get(event.handlerId);
      node = earlier ? findByKey(tree, earlier.nodeKey) : undefined;
      name = earlier?.prop;
      if (!node || !name) throw new HttpError(400, `The panel of ${panel.issue.key} has no handler ${event.handlerId} (it may have changed since the page drew it; reload the panel).`);
    }
    if (name !== prop) throw new HttpError(400, `Handler ${event.handlerId} is the ${node.type}'s ${name}, not ${prop}: send kind "${name === 'onChange' ? 'change' : 'click'}".`);
    if (node.props['isDisabled'] === true || node.props['isLoading'] === true) throw new HttpError(400, `That ${node.type} is disabled or loading: a user could not ${event.kind} it.`);
    const handler = handlerOf(node, prop);
    if (!handler) throw new HttpError(400, `The ${node.type} no longer has an ${prop} handler.`);
    return handler;
  }
}

async function stopRender(panel: LivePanel): Promise<void> {
  try {
    (await panel.render).stop();
  } catch {
    // It never started: nothing to stop.
  }
}

function readPanelEvent(body: unknown): PanelEvent {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'The request body must be a JSON object { as, handlerId, kind, value? }.');
  const { handlerId, kind, value } = body as Record<string, unknown>;
  if (typeof handlerId !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(handlerId)) throw new HttpError(400, 'handlerId must be a handler id from the drawn panel (its data-forge-on-click or data-forge-on-change attribute).');
  if (kind !== 'click' && kind !== 'change') throw new HttpError(400, 'kind must be "click" or "change".');
  if (kind === 'click') {
    if (value !== undefined) throw new HttpError(400, 'A click carries no value.');
    return { handlerId, kind };
  }
  if (typeof value !== 'string') throw new HttpError(400, 'A change needs value, the text now in the field.');
  if (value.length > MAX_VALUE_LENGTH) throw new HttpError(400, `value is longer than ${MAX_VALUE_LENGTH} characters.`);
  return { handlerId, kind, value };
}
