/**
 * changelog/bulkfetch and an issue's comment pages, as a history import reads them: called
 * through the real @forge/api SDK and held against Atlassian's OpenAPI document.
 */
import api, { route } from '@forge/api';
import { BULK_CHANGELOG_MAX_ISSUES, COMMENTS_MAX_RESULTS } from '../../../dev/platform/jira/history-routes';
import type { JiraExchange } from '../../../dev/platform/jira/jira-server';
import { LocalForgePlatform } from '../../../dev/platform/local-platform';
import { ADMIN_ID, USER_ID, createTestSite } from '../../support/test-site';
import { contract, jsonPost, problemsOf } from './jql-test-site';

const T0 = Date.parse('2026-10-01T09:00:00.000Z');
const MINUTE = 60_000;

type Page = { issueChangeLogs: Array<{ issueId: string; changeHistories: Array<Record<string, unknown>> }>; nextPageToken?: string };

/** OKR-1..3, each with five entries at interleaved times; OPS-1, in a project only the admin may browse, with one. */
function createHistorySite() {
  const { site, issues } = createTestSite(3);
  site.addProject({ id: '10001', key: 'OPS', name: 'Operations', access: { browse: [ADMIN_ID] } });
  const ops = site.createIssue({ projectKey: 'OPS', summary: 'Pager', reporterId: ADMIN_ID });
  for (let step = 0; step < 5; step += 1) {
    for (const [n, issue] of issues.entries()) {
      const at = new Date(T0 + (step * 3 + (2 - n)) * MINUTE);
      if (step % 2 === 0) site.transitionIssue(issue.id, step === 4 ? '10003' : '3', USER_ID, at);
      else site.addChangelog(issue.id, { authorId: ADMIN_ID, at, items: [{ field: 'assignee', fieldtype: 'jira', fieldId: 'assignee', from: null, fromString: null, to: USER_ID, toString: 'Uma User' }] });
    }
  }
  site.transitionIssue(ops.id, '3', ADMIN_ID, new Date(T0));
  return { site, issues, ops };
}

describe('the simulated Jira history endpoints, through @forge/api', () => {
  let platform: LocalForgePlatform;
  const { site, issues, ops } = createHistorySite();
  const ids = issues.map((i) => i.id);
  const malformed = new Set<JiraExchange>();
  const last = () => platform.jira.exchanges[platform.jira.exchanges.length - 1]!;

  const bulk = async (body: unknown, caller = api.asApp()) => {
    const response = await caller.requestJira(route`/rest/api/3/changelog/bulkfetch`, jsonPost(body));
    return { status: response.status, body: (await response.json()) as Page & { errorMessages?: string[] } };
  };

  beforeAll(async () => {
    platform = await LocalForgePlatform.start({ site });
  });

  afterAll(async () => {
    await platform.stop();
  });

  describe('POST /changelog/bulkfetch', () => {
    it('pages over the entries of all the issues, oldest first and by issue id, each once, until no nextPageToken', async () => {
      const seen: Array<{ issueId: string; id: string; created: string; page: number }> = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const { status, body } = await bulk({ issueIdsOrKeys: [...ids, issues[0]!.key], maxResults: 4, ...(token ? { nextPageToken: token } : {}) });
        expect(status).toBe(200);
        const entries = body.issueChangeLogs.flatMap((log) => log.changeHistories.map((h) => ({ issueId: log.issueId, id: String(h['id']), created: String(h['created']), page: pages })));
        // Each issue's entries on a page in date order.
        for (const log of body.issueChangeLogs) {
          const times = log.changeHistories.map((h) => Date.parse(String(h['created'])));
          expect(times).toEqual([...times].sort((a, b) => a - b));
        }
        expect(entries.length).toBeLessThanOrEqual(4);
        // One IssueChangeLog per issue on a page.
        expect(new Set(body.issueChangeLogs.map((l) => l.issueId)).size).toBe(body.issueChangeLogs.length);
        seen.push(...entries);
        token = body.nextPageToken;
        pages += 1;
      } while (token !== undefined && pages < 10);
      expect(pages).toBe(4);
      expect(seen).toHaveLength(15);
      expect(new Set(seen.map((e) => e.id)).size).toBe(15);
      // Pages follow the documented order: by date, then issue id.
      const sorted = [...seen].sort((a, b) => Date.parse(a.created) - Date.parse(b.created) || Number(a.issueId) - Number(b.issueId));
      expect(sorted.map((e) => e.page)).toEqual([...sorted.map((e) => e.page)].sort((a, b) => a - b));
    });

    it('answers Changelog beans: the author as UserDetails, items without the empty sides of a change', async () => {
      const { body } = await bulk({ issueIdsOrKeys: [issues[0]!.key] });
      expect(body.nextPageToken).toBeUndefined();
      const [log] = body.issueChangeLogs;
      expect(log!.issueId).toBe(issues[0]!.id);
      expect(log!.changeHistories).toHaveLength(5);
      expect(log!.changeHistories[0]).toEqual({
        id: expect.any(String),
        author: expect.objectContaining({ accountId: USER_ID, accountType: 'atlassian', displayName: 'Uma User', active: true }),
        created: new Date(T0 + 2 * MINUTE).toISOString(),
        items: [{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: '10000', fromString: 'To Do', to: '3', toString: 'In Progress' }],
      });
      expect(log!.changeHistories[1]!['items']).toEqual([{ field: 'assignee', fieldtype: 'jira', fieldId: 'assignee', to: USER_ID, toString: 'Uma User' }]);
    });

    it('fieldIds keeps only the entries (and items) of those fields; the default page is 1000', async () => {
      const { body } = await bulk({ issueIdsOrKeys: ids, fieldIds: ['assignee'] });
      const entries = body.issueChangeLogs.flatMap((l) => l.changeHistories);
      expect(entries).toHaveLength(6);
      for (const entry of entries) expect(entry['items']).toEqual([expect.objectContaining({ fieldId: 'assignee' })]);
      expect(body.nextPageToken).toBeUndefined();
    });

    it('leaves out issues that do not exist or that the caller may not browse', async () => {
      const asUser = await bulk({ issueIdsOrKeys: [ops.key, 'NOPE-1', issues[1]!.id] }, api.asUser(USER_ID));
      expect(asUser.body.issueChangeLogs.map((l) => l.issueId)).toEqual([issues[1]!.id]);
      const asAdmin = await bulk({ issueIdsOrKeys: [ops.key] }, api.asUser(ADMIN_ID));
      expect(asAdmin.body.issueChangeLogs.map((l) => l.issueId)).toEqual([ops.id]);
    });

    it.each([
      ['no issues', { issueIdsOrKeys: [] }, /at least one issue/],
      ['1001 issues', { issueIdsOrKeys: Array.from({ length: BULK_CHANGELOG_MAX_ISSUES + 1 }, (_, i) => String(10_000 + i)) }, /at most 1000 issues can be requested \(got 1001\)/],
      ['11 field ids', { issueIdsOrKeys: ids, fieldIds: Array.from({ length: 11 }, (_, i) => `customfield_${i}`) }, /at most 10 field IDs/],
      ['maxResults 0', { issueIdsOrKeys: ids, maxResults: 0 }, /maxResults must be an integer from 1 to 10000/],
      ['maxResults 10001', { issueIdsOrKeys: ids, maxResults: 10_001 }, /from 1 to 10000/],
      ['ids that are not strings', { issueIdsOrKeys: [10_001] }, /at least one issue ID or key/],
      ['a token of another request', { issueIdsOrKeys: [ids[0]!], nextPageToken: 'eyJvIjoxLCJoIjoieCJ9' }, /nextPageToken is invalid/],
    ])('%s is a 400 with errorMessages', async (_what, body, message) => {
      const answer = await bulk(body);
      malformed.add(last());
      expect(answer.status).toBe(400);
      expect(answer.body.errorMessages?.[0]).toMatch(message);
    });

    it('a token from one request does not continue another', async () => {
      const first = await bulk({ issueIdsOrKeys: ids, maxResults: 2 });
      const other = await bulk({ issueIdsOrKeys: [ids[0]!], maxResults: 2, nextPageToken: first.body.nextPageToken });
      malformed.add(last());
      expect(other.status).toBe(400);
    });
  });

  describe('GET /issue/{issueIdOrKey}/comment', () => {
    const commented = issues[2]!;
    beforeAll(() => {
      for (let n = 0; n < 250; n += 1) site.addComment(commented.id, { authorId: n % 2 ? USER_ID : ADMIN_ID, body: `Comment ${n}\nsecond line`, at: new Date(T0 + (250 - n) * MINUTE) });
      const first = site.commentsOf(commented.id)[0]!;
      site.editComment(first.id, { authorId: USER_ID, body: 'Edited by Uma', at: new Date(T0 + 500 * MINUTE) });
    });
    const comments = async (query: string, caller = api.asApp()) => {
      const response = await caller.requestJira(route`/rest/api/3/issue/${commented.key}/comment?${new URLSearchParams(query)}`);
      return { status: response.status, body: (await response.json()) as { startAt: number; maxResults: number; total: number; comments: Array<Record<string, unknown>>; errorMessages?: string[] } };
    };

    it('pages of 100 by default, oldest first, with the total', async () => {
      const first = await comments('');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ startAt: 0, maxResults: 100, total: 250 });
      expect(first.body.comments).toHaveLength(100);
      const created = first.body.comments.map((c) => Date.parse(String(c['created'])));
      expect(created).toEqual([...created].sort((a, b) => a - b));
      const lastPage = await comments('startAt=200&maxResults=100&orderBy=created');
      expect(lastPage.body).toMatchObject({ startAt: 200, maxResults: 100, total: 250 });
      expect(lastPage.body.comments).toHaveLength(50);
    });

    it('a Comment: ADF body from the text, author and a different updateAuthor after an edit, created and updated', async () => {
      const newest = await comments('orderBy=-created&maxResults=1');
      const [comment] = newest.body.comments;
      expect(comment).toEqual({
        self: expect.stringMatching(/\/rest\/api\/3\/issue\/\d+\/comment\/\d+$/),
        id: expect.any(String),
        author: expect.objectContaining({ accountId: ADMIN_ID, accountType: 'atlassian', displayName: 'Ada Admin', active: true }),
        body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Edited by Uma' }] }] },
        updateAuthor: expect.objectContaining({ accountId: USER_ID }),
        created: new Date(T0 + 250 * MINUTE).toISOString(),
        updated: new Date(T0 + 500 * MINUTE).toISOString(),
        jsdPublic: true,
      });
      const oldest = await comments('orderBy=%2Bcreated&maxResults=1');
      expect(oldest.body.comments[0]!['body']).toEqual({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Comment 249' }] }, { type: 'paragraph', content: [{ type: 'text', text: 'second line' }] }] });
    });

    it(`maxResults is capped at ${COMMENTS_MAX_RESULTS}`, async () => {
      const all = await comments('maxResults=6000');
      expect(all.body.maxResults).toBe(COMMENTS_MAX_RESULTS);
      expect(all.body.comments).toHaveLength(250);
    });

    it('orderBy other than created is a 400; an unknown or unbrowsable issue a 404', async () => {
      const wrong = await comments('orderBy=updated');
      malformed.add(last());
      expect(wrong.status).toBe(400);
      expect(wrong.body.errorMessages?.[0]).toMatch(/created/);
      const missing = await api.asApp().requestJira(route`/rest/api/3/issue/${'OKR-999'}/comment`);
      expect(missing.status).toBe(404);
      const hidden = await api.asUser(USER_ID).requestJira(route`/rest/api/3/issue/${ops.key}/comment`);
      expect(hidden.status).toBe(404);
      expect(((await hidden.json()) as { errorMessages: string[] }).errorMessages).toEqual(['Issue does not exist or you do not have permission to see it.']);
    });
  });

  it('every exchange conforms to the contract (the deliberately malformed requests: their answers do)', () => {
    const exchanges = platform.jira.exchanges;
    expect(problemsOf(exchanges.filter((e) => !malformed.has(e)))).toEqual([]);
    expect([...malformed].flatMap((e) => contract.checkResponse({ method: e.method, url: e.url, status: e.status, responseBody: e.responseBody }))).toEqual([]);
    const operations = new Set(exchanges.map((e) => contract.findOperation(e.method, e.url)?.operationId));
    expect(operations).toEqual(new Set(['getBulkChangelogs', 'getComments']));
  });
});
