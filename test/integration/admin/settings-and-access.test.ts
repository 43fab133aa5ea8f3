import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { LinkNotAllowedError, linkIssueToKeyResult } from '../../../src/services/link-issue';
import { BACKEND_EGRESS_PATTERNS } from '../../../src/domain/backend-url';
import { runInvocation } from '../../../dev/platform/forge-globals';
import { type AdminPlatform, ADMIN, MEMBER, startAdminPlatform, storageState } from '../../support/admin-platform';

let env: AdminPlatform;
beforeEach(async () => {
  env = await startAdminPlatform();
});
afterEach(() => env.stop());

/** Runs app code inside an invocation, as a resolver would with this caller. */
const asInvocation = <T>(accountId: string | undefined, fn: () => Promise<T>) =>
  runInvocation({ functionKey: 'issue-panel-resolver', moduleKey: 'okr-key-results-panel', accountId, timeoutMillis: 25_000 }, fn);

it('the egress the admin page checks is the manifest egress', () => {
  const manifest = parse(fs.readFileSync(path.resolve(__dirname, '../../../manifest.yml'), 'utf8')) as { permissions: { external: { fetch: { backend: Array<string | { address: string }> } } } };
  const declared = manifest.permissions.external.fetch.backend.map((entry) => (typeof entry === 'string' ? entry : entry.address));
  expect([...BACKEND_EGRESS_PATTERNS]).toEqual(declared);
});

describe('admin.getSettings', () => {
  it('starts off, unconnected, 0/50/100, no status rules, everyone may link', async () => {
    expect(await env.call('admin.getSettings', {})).toEqual({
      ok: true,
      data: { progressUpdatesEnabled: false, weights: { todo: 0, inProgress: 50, done: 100 }, statusRules: [], connection: null, access: { mode: 'all', selectedCount: 0 }, includeHiddenEmails: false },
    });
  });
});

describe('admin.saveWeights', () => {
  it.each([
    [{ todo: 50, inProgress: 50, done: 100 }, 'inProgress', /In Progress/],
    [{ todo: 0, inProgress: 100, done: 100 }, 'done', /Done/],
    [{ todo: '10', inProgress: 40, done: 90 }, 'todo', /whole number/],
    [{ todo: 10.5, inProgress: 40, done: 90 }, 'todo', /whole number/],
    [{ todo: 10, inProgress: 40, done: 101 }, 'done', /between 0 and 100/],
    [{ todo: 10, inProgress: 40 }, 'done', /required/],
    [{ todo: 10, inProgress: 40, done: 90, extra: 1 }, 'extra', /Unknown field/],
  ])('refuses %j naming %s, storing nothing', async (payload, field, message) => {
    const before = storageState(env.platform);
    const answer = await env.call('admin.saveWeights', payload);
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field } });
    if (!answer.ok) expect(answer.error.message).toMatch(message);
    expect(storageState(env.platform)).toBe(before);
  });

  it('saves 10/40/90', async () => {
    expect(await env.call('admin.saveWeights', { todo: 10, inProgress: 40, done: 90 })).toMatchObject({ ok: true, data: { weights: { todo: 10, inProgress: 40, done: 90 } } });
    expect(await env.call('admin.getSettings', {})).toMatchObject({ ok: true, data: { weights: { todo: 10, inProgress: 40, done: 90 } } });
  });
});

describe('admin.recomputeAll', () => {
  it('re-sends every key result with the new weights, cause weights_changed, next sequence', async () => {
    expect((await env.connect()).ok).toBe(true);
    const issues = [1, 2, 3].map((n) => env.site.createIssue({ projectKey: 'OKR', summary: `Task ${n}`, reporterId: ADMIN.accountId }));
    env.site.transitionIssue(issues[0]!.id, '10003', ADMIN.accountId); // Done
    await asInvocation(undefined, async () => {
      for (const issue of issues) await linkIssueToKeyResult({ keyResultId: 'kr-checkout-conversion', issueId: issue.id, cloudId: env.site.cloudId, actor: { kind: 'system', reason: 'test seed' } });
      await linkIssueToKeyResult({ keyResultId: 'kr-security-sso', issueId: issues[1]!.id, cloudId: env.site.cloudId, actor: { kind: 'system', reason: 'test seed' } });
    });
    await env.platform.drain();
    expect(await env.call('admin.saveWeights', { todo: 10, inProgress: 40, done: 90 })).toMatchObject({ ok: true });
    expect(await env.call('admin.recomputeAll', {})).toEqual({ ok: true, data: { keyResults: 2 } });
    await env.platform.drain();
    const { events } = (await (await fetch(`${env.backend.url}/api/events`)).json()) as { events: Array<{ type: string; verification: string; payload?: { data: { keyResultId: string; progress: number; sequence: number; cause?: { kind: string } } } }> };
    const recomputed = events.filter((e) => e.payload?.data.cause?.kind === 'weights_changed');
    expect(recomputed.map((e) => e.verification)).toEqual(['verified', 'verified']);
    const conversion = recomputed.find((e) => e.payload!.data.keyResultId === 'kr-checkout-conversion')!.payload!.data;
    expect(conversion.progress).toBeCloseTo((90 + 10 + 10) / 3, 2);
    expect(conversion.sequence).toBe(4);
  });

  it('refuses while not connected', async () => {
    expect(await env.call('admin.recomputeAll', {})).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED' } });
  });
});

describe('user access control', () => {
  const link = (accountId: string, issueId: string) =>
    asInvocation(accountId, () => linkIssueToKeyResult({ keyResultId: 'kr-onboarding-docs', issueId, cloudId: env.site.cloudId, actor: { kind: 'user', accountId } }));

  it('"Allow selected users": only the saved selection may link; "Allow all users" keeps the selection unused', async () => {
    const issue = env.site.createIssue({ projectKey: 'OKR', summary: 'Docs', reporterId: ADMIN.accountId });
    const bruno = env.site.data.users.find((u) => u.displayName === 'Bruno Costa')!;
    expect(await env.call('admin.setAccessMode', { mode: 'selected' })).toMatchObject({ ok: true, data: { access: { mode: 'selected', selectedCount: 0 } } });
    expect(await env.call('admin.saveSelection', { add: [bruno.accountId, ADMIN.accountId], remove: [] })).toMatchObject({ ok: true, data: { access: { selectedCount: 2 } } });

    const before = storageState(env.platform);
    await expect(link(MEMBER.accountId, issue.id)).rejects.toBeInstanceOf(LinkNotAllowedError);
    expect(storageState(env.platform)).toBe(before);
    await expect(link(bruno.accountId, issue.id)).resolves.toMatchObject({ kind: 'progress-changed' });

    expect(await env.call('admin.setAccessMode', { mode: 'all' })).toMatchObject({ ok: true, data: { access: { mode: 'all', selectedCount: 2 } } });
    await expect(link(MEMBER.accountId, issue.id)).resolves.toMatchObject({ kind: 'unchanged', reason: 'already-linked' });
    expect(await env.call('admin.saveSelection', { add: [bruno.accountId], remove: [ADMIN.accountId] })).toMatchObject({ ok: true, data: { access: { selectedCount: 1 } } });
  });

  it.each([
    [{ mode: 'some' }, 'mode'],
    [{ mode: 'all', x: 1 }, 'x'],
  ])('setAccessMode refuses %j', async (payload, field) => {
    const before = storageState(env.platform);
    expect(await env.call('admin.setAccessMode', payload)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field } });
    expect(storageState(env.platform)).toBe(before);
  });

  it.each([
    [{ add: ['ok-id'], remove: ['ok-id'] }, 'add'],
    [{ add: ['has space'], remove: [] }, 'add'],
    [{ add: 'x', remove: [] }, 'add'],
    [{ add: [] }, 'remove'],
  ])('saveSelection refuses %j', async (payload, field) => {
    const before = storageState(env.platform);
    expect(await env.call('admin.saveSelection', payload)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field } });
    expect(storageState(env.platform)).toBe(before);
  });
});

describe('admin.setIncludeHiddenEmails', () => {
  it('is off by default, turns on and off, and refuses anything but a boolean in the page’s words', async () => {
    expect(await env.call('admin.getSettings', {})).toMatchObject({ ok: true, data: { includeHiddenEmails: false } });
    expect(await env.call('admin.setIncludeHiddenEmails', { enabled: true })).toMatchObject({ ok: true, data: { includeHiddenEmails: true } });
    const before = storageState(env.platform);
    const refused = await env.call('admin.setIncludeHiddenEmails', { enabled: 'yes' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'enabled' } });
    if (!refused.ok) expect(refused.error.message).toContain('Include emails that users hid');
    expect(storageState(env.platform)).toBe(before);
    expect(await env.call('admin.setIncludeHiddenEmails', { enabled: false })).toMatchObject({ ok: true, data: { includeHiddenEmails: false } });
  });
});
