/**
 * The site-wide worklog lists (worklog/updated, worklog/deleted, worklog/list) and the
 * tombstones behind worklog/deleted, through the real @forge/api SDK on the manual clock,
 * held against Atlassian's OpenAPI document.
 */
import api, { route } from '@forge/api';
import type { JiraExchange } from '../../../dev/platform/jira/jira-server';
import { JiraSite } from '../../../dev/platform/jira/site-model';
import { CHANGED_WORKLOGS_PAGE, WORKLOG_LIST_MAX_IDS } from '../../../dev/platform/jira/worklog-routes';
import { LocalForgePlatform } from '../../../dev/platform/local-platform';
import { ADMIN_ID, USER_ID, createTestSite } from '../../support/test-site';
import { contract, jsonPost, problemsOf } from './jql-test-site';

type Changed = { values: Array<{ worklogId: number; updatedTime: number; properties: unknown[] }>; since: number; until?: number; self: string; nextPage?: string; lastPage: boolean };

describe('the simulated Jira worklog lists, through @forge/api', () => {
  let platform: LocalForgePlatform;
  const { site, issues } = createTestSite(3);
  const malformed = new Set<JiraExchange>();
  const last = () => platform.jira.exchanges[platform.jira.exchanges.length - 1]!;
  let base = 0;

  const changed = async (which: 'updated' | 'deleted', since?: number): Promise<Changed> => {
    const response =
      which === 'updated'
        ? await api.asApp().requestJira(since === undefined ? route`/rest/api/3/worklog/updated` : route`/rest/api/3/worklog/updated?since=${String(since)}`)
        : await api.asApp().requestJira(since === undefined ? route`/rest/api/3/worklog/deleted` : route`/rest/api/3/worklog/deleted?since=${String(since)}`);
    expect(response.status).toBe(200);
    return (await response.json()) as Changed;
  };
  const list = async (body: unknown) => {
    const response = await api.asApp().requestJira(route`/rest/api/3/worklog/list`, jsonPost(body));
    return { status: response.status, body: (await response.json()) as unknown };
  };

  beforeAll(async () => {
    platform = await LocalForgePlatform.start({ site });
    // 2,500 worklogs a second apart, five days ago (platform time).
    base = Date.now() - 5 * 86_400_000;
    for (let n = 0; n < 2500; n += 1) site.addWorklog(issues[n % 3]!.id, { authorId: n % 2 ? USER_ID : ADMIN_ID, timeSpentSeconds: 900, comment: n === 0 ? 'Profiling\nand notes' : '', at: new Date(base + n * 1000) });
  });

  afterAll(async () => {
    await platform.stop();
  });

  describe('GET /worklog/updated', () => {
    it(`pages of ${CHANGED_WORKLOGS_PAGE} from oldest to youngest; until is the youngest listed; nextPage continues from it (inclusive, so its last entry comes again)`, async () => {
      const first = await changed('updated', base);
      expect(first.values).toHaveLength(CHANGED_WORKLOGS_PAGE);
      expect(first).toMatchObject({ since: base, until: base + 999_000, lastPage: false, self: `${site.data.baseUrl}/rest/api/3/worklog/updated?since=${base}`, nextPage: `${site.data.baseUrl}/rest/api/3/worklog/updated?since=${base + 999_000}` });
      const times = first.values.map((v) => v.updatedTime);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(first.values[0]).toEqual({ worklogId: 40001, updatedTime: base, properties: [] });
      const second = await changed('updated', first.until);
      expect(second.values[0]!.worklogId).toBe(first.values.at(-1)!.worklogId);
      const third = await changed('updated', second.until);
      expect(third).toMatchObject({ lastPage: true, until: base + 2_499_000 });
      expect(third).not.toHaveProperty('nextPage');
      const ids = new Set([...first.values, ...second.values, ...third.values].map((v) => v.worklogId));
      expect(ids.size).toBe(2500);
    });

    it('since defaults to 0; an edited worklog moves to its new time', async () => {
      const worklog = site.worklogsOf(issues[0]!.id)[0]!;
      site.editWorklog(worklog.id, { authorId: USER_ID, timeSpentSeconds: 1800, at: new Date(Date.now() - 3_600_000) });
      const all = await changed('updated');
      expect(all.since).toBe(0);
      const late = await changed('updated', Date.now() - 2 * 3_600_000);
      expect(late.values.map((v) => v.worklogId)).toEqual([Number(worklog.id)]);
      expect(late).toMatchObject({ lastPage: true, until: Date.parse(worklog.updated) });
    });

    it('leaves out worklogs updated during the minute before the request (platform clock), lists them a minute later', async () => {
      const since = Date.now() - 1000;
      const fresh = site.addWorklog(issues[1]!.id, { authorId: USER_ID, timeSpentSeconds: 60, comment: '' });
      const now = await changed('updated', since);
      expect(now.values).toEqual([]);
      expect(now).not.toHaveProperty('until');
      await platform.advance(61);
      const later = await changed('updated', since);
      expect(later.values.map((v) => String(v.worklogId))).toEqual([fresh.id]);
    });
  });

  describe('tombstones and GET /worklog/deleted', () => {
    it('deleteWorklog keeps a tombstone; deleting an issue keeps one per worklog it had; both are listed once their minute has passed', async () => {
      const since = Date.now() - 1000;
      const gone = site.worklogsOf(issues[0]!.id)[1]!;
      site.deleteWorklog(gone.id);
      const doomed = site.createIssue({ projectKey: 'OKR', summary: 'Doomed', reporterId: USER_ID });
      const logged = [site.addWorklog(doomed.id, { authorId: USER_ID, timeSpentSeconds: 60, comment: '' }), site.addWorklog(doomed.id, { authorId: ADMIN_ID, timeSpentSeconds: 120, comment: '' })];
      site.deleteIssue(doomed.id);
      expect(site.data.deletedWorklogs.slice(-3)).toEqual([
        { worklogId: gone.id, issueId: gone.issueId, deletedAt: expect.any(String) },
        ...logged.map((w) => ({ worklogId: w.id, issueId: doomed.id, deletedAt: expect.any(String) })),
      ]);
      expect((await changed('deleted', since)).values).toEqual([]);
      await platform.advance(61);
      const deleted = await changed('deleted', since);
      expect(deleted.values.map((v) => String(v.worklogId))).toEqual([gone.id, ...logged.map((w) => w.id)]);
      expect(deleted).toMatchObject({ lastPage: true, self: `${site.data.baseUrl}/rest/api/3/worklog/deleted?since=${since}` });
      expect(deleted.values[0]!.updatedTime).toBe(Date.parse(site.data.deletedWorklogs.at(-3)!.deletedAt));
      // Gone from the lists of worklogs that exist.
      const listed = (await list({ ids: [Number(gone.id), ...logged.map((w) => Number(w.id))] })).body as unknown[];
      expect(listed).toEqual([]);
    });

    it('old site files without tombstones load with none, and tombstones survive a save', () => {
      const { deletedWorklogs: _dropped, ...old } = JSON.parse(JSON.stringify(site.toJSON())) as Record<string, unknown>;
      expect(JiraSite.fromJSON(old).data.deletedWorklogs).toEqual([]);
      const again = JiraSite.fromJSON(JSON.parse(JSON.stringify(site.toJSON())));
      expect(again.data.deletedWorklogs).toEqual(site.data.deletedWorklogs);
    });
  });

  describe('POST /worklog/list', () => {
    it('answers Worklog beans for the ids it knows, each once', async () => {
      // The schema makes ids unique; a repeat is answered once all the same.
      const answer = await list({ ids: [40001, 40001, 99_999, 40002] });
      malformed.add(last());
      expect(answer.status).toBe(200);
      const [first, second] = answer.body as Array<Record<string, unknown>>;
      expect((answer.body as unknown[]).length).toBe(2);
      expect(first).toEqual({
        self: `${site.data.baseUrl}/rest/api/3/issue/${issues[0]!.id}/worklog/40001`,
        author: expect.objectContaining({ accountId: ADMIN_ID, accountType: 'atlassian', displayName: 'Ada Admin', active: true }),
        updateAuthor: expect.objectContaining({ accountId: USER_ID }),
        comment: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Profiling' }] }, { type: 'paragraph', content: [{ type: 'text', text: 'and notes' }] }] },
        created: new Date(base).toISOString(),
        updated: expect.any(String),
        started: new Date(base).toISOString(),
        timeSpent: '30m',
        timeSpentSeconds: 1800,
        id: '40001',
        issueId: issues[0]!.id,
      });
      expect(second).toMatchObject({ id: '40002', issueId: issues[1]!.id, timeSpent: '15m', timeSpentSeconds: 900 });
      expect(second).not.toHaveProperty('comment');
    });

    it(`takes at most ${WORKLOG_LIST_MAX_IDS} ids; none, or ids that are not integers, are a 400`, async () => {
      const full = await list({ ids: site.data.worklogs.slice(0, WORKLOG_LIST_MAX_IDS).map((w) => Number(w.id)) });
      expect((full.body as unknown[]).length).toBe(WORKLOG_LIST_MAX_IDS);
      for (const body of [{ ids: Array.from({ length: WORKLOG_LIST_MAX_IDS + 1 }, (_, i) => 40_001 + i) }, { ids: [] }, { ids: ['40001'] }, {}]) {
        const answer = await list(body);
        malformed.add(last());
        expect(answer.status).toBe(400);
        expect((answer.body as { errorMessages: string[] }).errorMessages[0]).toMatch(/ids|worklog IDs/);
      }
    });
  });

  it('every exchange conforms to the contract (the deliberately malformed requests: their answers do)', () => {
    const exchanges = platform.jira.exchanges;
    expect(problemsOf(exchanges.filter((e) => !malformed.has(e)))).toEqual([]);
    expect([...malformed].flatMap((e) => contract.checkResponse({ method: e.method, url: e.url, status: e.status, responseBody: e.responseBody }))).toEqual([]);
    expect(new Set(exchanges.map((e) => contract.findOperation(e.method, e.url)?.operationId))).toEqual(new Set(['getIdsOfWorklogsModifiedSince', 'getIdsOfWorklogsDeletedSince', 'getWorklogsForIds']));
  });
});
