/**
 * The issue panel's resolvers over the local platform with the reference OKR backend:
 * identity and issue from the invocation context only; linking needs User Access Control
 * and edit permission on the issue (asked as the user); refused calls write nothing.
 */
import { KEY_RESULTS_PROPERTY_KEY } from '../../../src/adapters/issue-key-results-property';
import type { PanelResolverKey, PanelResolvers } from '../../../src/resolvers/issue-panel-api';
import type { ResolverResponse } from '../../../src/resolvers/resolver-response';
import { READ_ONLY_BY_ACCESS, READ_ONLY_BY_EDIT, READ_ONLY_NOT_CONNECTED } from '../../../src/services/issue-panel-view';
import type { SimIssue } from '../../../dev/platform/jira/site-model';
import { type AdminPlatform, ADMIN, MEMBER, startAdminPlatform, storageState } from '../../support/admin-platform';

const PANEL = 'okr-key-results-panel';
const KR = 'kr-checkout-conversion';

let env: AdminPlatform;
let issue: SimIssue;
let other: SimIssue;
beforeEach(async () => {
  env = await startAdminPlatform();
  issue = env.site.createIssue({ projectKey: 'OKR', summary: 'Faster checkout', reporterId: ADMIN.accountId });
  other = env.site.createIssue({ projectKey: 'OKR', summary: 'Someone else’s issue', reporterId: ADMIN.accountId });
});
afterEach(() => env.stop());

/** A panel resolver call as Jira makes it: the viewer and the viewed issue in the context. */
const panel = <K extends PanelResolverKey>(key: K, payload: unknown, options: { accountId?: string; onIssue?: SimIssue | null } = {}) => {
  const onIssue = options.onIssue === undefined ? issue : options.onIssue;
  const extension = onIssue ? { type: 'jira:issuePanel', issue: { id: onIssue.id, key: onIssue.key, type: 'Task' } } : { type: 'jira:issuePanel' };
  return env.platform.invokeResolver(PANEL, key, payload, options.accountId ?? MEMBER.accountId, { extension }) as Promise<ResolverResponse<PanelResolvers[K][1]>>;
};

const backendProgress = async () => {
  const { events } = (await (await fetch(`${env.backend.url}/api/events`)).json()) as { events: Array<{ type: string; verification: string; payload?: { data: { keyResultId: string; progress: number | null; cause: { kind: string; issueId?: string } } } }> };
  return events.filter((e) => e.type === 'key_result.progress_updated').map((e) => ({ verification: e.verification, ...e.payload!.data }));
};

const linkEvents = async () => {
  const { events } = (await (await fetch(`${env.backend.url}/api/events`)).json()) as { events: Array<{ type: string; verification: string; payload?: { data: unknown } }> };
  return events.filter((e) => e.type.startsWith('key_result.issue_')).map((e) => ({ type: e.type, verification: e.verification, data: e.payload?.data }));
};

describe('before the app is connected', () => {
  it('shows the not-connected state, read-only, and refuses to link', async () => {
    expect(await panel('panel.getView', {})).toEqual({ ok: true, data: { state: 'not-connected', canLink: false, readOnlyReason: READ_ONLY_NOT_CONNECTED, keyResults: [] } });
    const before = storageState(env.platform);
    expect(await panel('panel.link', { keyResultId: KR })).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED' } });
    expect(storageState(env.platform)).toBe(before);
  });
});

describe('connected', () => {
  beforeEach(async () => {
    expect((await env.connect()).ok).toBe(true);
    await env.platform.drain();
  });

  it('search → link → the view names the key result, its make-up and when it was computed; the backend gets the progress; unlink round-trips', async () => {
    const search = await panel('panel.searchKeyResults', { query: 'checkout' });
    expect(search.ok && search.data.keyResults.map((k) => [k.id, k.linked])).toEqual([[KR, false], ['kr-checkout-latency', false]]);

    const linked = await panel('panel.link', { keyResultId: KR });
    if (!linked.ok) throw new Error(linked.error.message);
    expect(linked.data).toMatchObject({ state: 'active', canLink: true, readOnlyReason: null });
    expect(linked.data.keyResults).toEqual([
      { keyResultId: KR, title: 'Raise checkout conversion from 2.1% to 3%', objective: 'Delight customers at checkout', progress: 0, counts: { new: 1, indeterminate: 0, done: 0 }, issueCount: 1, linkedVia: 'direct', computedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    ]);
    await env.platform.drain();
    expect(await backendProgress()).toEqual([expect.objectContaining({ keyResultId: KR, progress: 0, verification: 'verified', cause: { kind: 'issue_linked', issueId: issue.id, issueKey: issue.key } })]);
    expect(env.site.findIssue(issue.id)!.properties?.[KEY_RESULTS_PROPERTY_KEY]).toEqual({ keyResultIds: [KR] });

    const again = await panel('panel.searchKeyResults', { query: 'conversion' });
    expect(again.ok && again.data.keyResults.map((k) => [k.id, k.linked])).toEqual([[KR, true]]);
    // Linking twice changes nothing and sends nothing more.
    expect(await panel('panel.link', { keyResultId: KR })).toMatchObject({ ok: true, data: { keyResults: [{ keyResultId: KR, issueCount: 1 }] } });
    await env.platform.drain();
    expect(await backendProgress()).toHaveLength(1);

    expect(await panel('panel.unlink', { keyResultId: KR })).toEqual({ ok: true, data: { state: 'active', canLink: true, readOnlyReason: null, keyResults: [] } });
    await env.platform.drain();
    expect((await backendProgress()).map((p) => [p.cause.kind, p.progress])).toEqual([['issue_unlinked', null], ['issue_linked', 0]]);
    expect(env.site.findIssue(issue.id)!.properties?.[KEY_RESULTS_PROPERTY_KEY]).toBeUndefined();
    // Who linked what, once per change, each naming the progress update it produced.
    expect(await linkEvents()).toEqual([
      { type: 'key_result.issue_unlinked', verification: 'verified', data: { keyResultId: KR, issue: { id: issue.id, key: issue.key }, via: 'direct', actorAccountId: MEMBER.accountId, epoch: expect.any(Number), sequence: 2 } },
      { type: 'key_result.issue_linked', verification: 'verified', data: { keyResultId: KR, issue: { id: issue.id, key: issue.key }, via: 'direct', actorAccountId: MEMBER.accountId, epoch: expect.any(Number), sequence: 1 } },
    ]);
  });

  it('a forged issue id or account id in the payload is refused and changes nothing; the context decides', async () => {
    const before = storageState(env.platform);
    for (const payload of [{ keyResultId: KR, issueId: other.id }, { keyResultId: KR, accountId: ADMIN.accountId }, { keyResultId: 'has spaces' }, null]) {
      expect(await panel('panel.link', payload)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(storageState(env.platform)).toBe(before);
    // Viewing `other`, the link goes to `other`, whatever the user meant.
    expect(await panel('panel.link', { keyResultId: KR }, { onIssue: other })).toMatchObject({ ok: true });
    expect(env.site.findIssue(other.id)!.properties?.[KEY_RESULTS_PROPERTY_KEY]).toEqual({ keyResultIds: [KR] });
    expect(env.site.findIssue(issue.id)!.properties?.[KEY_RESULTS_PROPERTY_KEY]).toBeUndefined();
  });

  it('a user not allowed by User Access Control sees the list read-only and is refused with nothing written', async () => {
    expect(await panel('panel.link', { keyResultId: KR }, { accountId: ADMIN.accountId })).toMatchObject({ ok: true });
    expect(await env.call('admin.setAccessMode', { mode: 'selected' })).toMatchObject({ ok: true });
    expect(await env.call('admin.saveSelection', { add: [ADMIN.accountId], remove: [] })).toMatchObject({ ok: true });

    const view = await panel('panel.getView', {});
    expect(view).toMatchObject({ ok: true, data: { canLink: false, readOnlyReason: READ_ONLY_BY_ACCESS, keyResults: [{ keyResultId: KR }] } });
    const before = storageState(env.platform);
    const jiraWrites = () => env.platform.jira.exchanges.filter((e) => e.method !== 'GET').length;
    const writesBefore = jiraWrites();
    expect(await panel('panel.unlink', { keyResultId: KR })).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: READ_ONLY_BY_ACCESS } });
    expect(await panel('panel.link', { keyResultId: 'kr-security-sso' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await panel('panel.searchKeyResults', { query: 'sso' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(storageState(env.platform)).toBe(before);
    expect(jiraWrites()).toBe(writesBefore);
  });

  it('a user who cannot edit the issue (asked as that user) is refused with nothing written', async () => {
    env.site.setProjectAccess('OKR', { edit: [ADMIN.accountId] });
    expect(await panel('panel.getView', {})).toMatchObject({ ok: true, data: { canLink: false, readOnlyReason: READ_ONLY_BY_EDIT } });
    const before = storageState(env.platform);
    expect(await panel('panel.link', { keyResultId: KR })).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: READ_ONLY_BY_EDIT } });
    expect(storageState(env.platform)).toBe(before);
    const asked = env.platform.jira.exchanges.filter((e) => e.url.includes('/mypermissions') && e.url.includes(`issueId=${issue.id}`));
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((e) => e.principal === `user:${MEMBER.accountId}`)).toBe(true);
    // The admin, who may edit, links fine.
    expect(await panel('panel.link', { keyResultId: KR }, { accountId: ADMIN.accountId })).toMatchObject({ ok: true, data: { canLink: true } });
  });

  it('no user (anonymous) or no issue in the context: refused before anything runs', async () => {
    const before = storageState(env.platform);
    const anonymous = (await env.platform.invokeResolver(PANEL, 'panel.link', { keyResultId: KR }, undefined as unknown as string, { extension: { type: 'jira:issuePanel', issue: { id: issue.id } } })) as ResolverResponse<unknown>;
    expect(anonymous).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await panel('panel.link', { keyResultId: KR }, { onIssue: null })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(storageState(env.platform)).toBe(before);
  });

  it('paused: links still work and the view says paused; search input has bounds', async () => {
    expect(await env.call('admin.setProgressUpdates', { enabled: false })).toMatchObject({ ok: true });
    expect(await panel('panel.link', { keyResultId: KR })).toMatchObject({ ok: true, data: { state: 'paused', keyResults: [{ keyResultId: KR, progress: 0 }] } });
    expect(await panel('panel.searchKeyResults', { query: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'query' } });
    expect(await panel('panel.searchKeyResults', { query: 'x'.repeat(101) })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: 'Search is too long: at most 100 characters (this one has 101).' } });
  });
});
