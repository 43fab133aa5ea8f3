import { DEMO_PEOPLE } from '../../../dev/demo/demo-directory';
import type { AdminUserRow, UserPage } from '../../../src/resolvers/admin-api';
import { type AdminPlatform, createDirectorySite, startAdminPlatform } from '../../support/admin-platform';

const EXTRA = 45;
const HUMANS = DEMO_PEOPLE.length + EXTRA;

let env: AdminPlatform;
beforeAll(async () => {
  env = await startAdminPlatform({ site: createDirectorySite(EXTRA) });
  expect((await env.connect()).ok).toBe(true);
});
afterAll(() => env.stop());

async function page(payload: Record<string, unknown>): Promise<UserPage> {
  const answer = await env.call('admin.listUsers', payload);
  if (!answer.ok) throw new Error(`listUsers failed: ${answer.error.message}`);
  return answer.data;
}

/** Jira calls made by one resolver call, the admin check aside. */
async function jiraCallsOf(payload: Record<string, unknown>): Promise<{ data: UserPage; calls: number }> {
  const before = env.platform.jira.exchanges.length;
  const data = await page(payload);
  const calls = env.platform.jira.exchanges.slice(before).filter((e) => !e.url.startsWith('/rest/api/3/mypermissions')).length;
  return { data, calls };
}

it('pages through every active person exactly once, skipping apps and deactivated accounts, with bounded Jira calls', async () => {
  const seen: AdminUserRow[] = [];
  let cursor: string | null | undefined;
  let pages = 0;
  do {
    const { data, calls } = await jiraCallsOf({ query: '', pageSize: 20, ...(cursor ? { cursor } : {}) });
    expect(calls).toBeLessThanOrEqual(4);
    seen.push(...data.users);
    cursor = data.nextCursor;
    pages += 1;
  } while (cursor);
  expect(pages).toBe(Math.ceil(HUMANS / 20));
  expect(seen).toHaveLength(HUMANS);
  expect(new Set(seen.map((u) => u.accountId)).size).toBe(HUMANS);
  expect(seen.map((u) => u.displayName)).not.toContain('Automation for Jira');
  expect(seen.map((u) => u.displayName)).not.toContain('Gone Person');
});

it('matches hidden-email users to the OKR directory by their email, resolved as the app', async () => {
  const { users } = await page({ query: 'Bruno' });
  expect(users).toEqual([expect.objectContaining({ displayName: 'Bruno Costa', designation: 'Senior Software Engineer', organizationalUnit: 'Engineering' })]);
  const emailLookup = env.platform.jira.exchanges.filter((e) => e.url.startsWith('/rest/api/3/user/email/bulk')).at(-1);
  expect(emailLookup?.principal).toBe('app');
});

it('shows no designation for people the directory does not know', async () => {
  const { users, notice } = await page({ query: 'Quinn' });
  expect(users).toEqual([expect.objectContaining({ displayName: 'Quinn Taylor', designation: null, organizationalUnit: null })]);
  expect(notice).toBeNull();
});

it('marks the stored selection on every page', async () => {
  const rosa = DEMO_PEOPLE.find((p) => p.displayName === 'Rosa Jimenez')!;
  expect((await env.call('admin.saveSelection', { add: [rosa.accountId], remove: [] })).ok).toBe(true);
  const { users } = await page({ query: 'Ro' });
  expect(users.find((u) => u.accountId === rosa.accountId)?.selected).toBe(true);
  expect(users.filter((u) => u.accountId !== rosa.accountId).every((u) => !u.selected)).toBe(true);
});

it('refuses a cursor from another search and bad page sizes', async () => {
  const first = await page({ query: '', pageSize: 5 });
  for (const [payload, field] of [
    [{ query: 'Bruno', cursor: first.nextCursor }, 'cursor'],
    [{ query: '', cursor: 'garbage' }, 'cursor'],
    [{ query: '', pageSize: 0 }, 'pageSize'],
    [{ query: '', pageSize: 101 }, 'pageSize'],
    [{ query: 3 }, 'query'],
  ] as const) {
    expect(await env.call('admin.listUsers', payload)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field } });
  }
});

it('still lists users, with a notice, when the directory cannot be asked', async () => {
  await env.backend.close();
  const { users, notice } = await page({ query: 'Bruno' });
  expect(users).toEqual([expect.objectContaining({ displayName: 'Bruno Costa', designation: null })]);
  expect(notice).toMatch(/could not be reached/);
});
