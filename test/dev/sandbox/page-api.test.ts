/**
 * What the sandbox page does, over HTTP: Jira actions that change the site and fire the
 * product event Jira would send, the admin page's bridge endpoint, the app's web trigger.
 */
import { type RunningSandbox, startSandbox } from '../../../dev/sandbox/sandbox';
import { ADMIN_ID, USER_ID, backendProgress, call, deliveries, tempDataDir, waitFor } from './sandbox-client';

describe('sandbox page API', () => {
  let sandbox: RunningSandbox;
  const site = () => sandbox.platform.site;
  const siteJson = () => JSON.stringify(site().data);

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, dataDir: tempDataDir(), quiet: true });
  });

  afterAll(() => sandbox?.stop());

  describe('Jira actions', () => {
    it('transitions an issue: one changelog item, an avi:jira:updated:issue event, new progress at the backend', async () => {
      const answer = await call(sandbox.url, 'POST', '/api/issues/PLAT-5/transition', { statusId: '10003', actorId: USER_ID });
      expect(answer.status).toBe(200);
      expect(site().findIssue('PLAT-5')!.statusId).toBe('10003');
      const event = answer.body['event'] as { eventType: string; atlassianId: string; issue: { key: string }; changelog: { items: Array<Record<string, unknown>> } };
      expect(event).toMatchObject({ eventType: 'avi:jira:updated:issue', atlassianId: USER_ID, issue: { key: 'PLAT-5' } });
      expect(event.changelog.items).toEqual([expect.objectContaining({ field: 'status', fieldId: 'status', from: '10000', to: '10003', toString: 'Done' })]);
      expect(answer.body['triggers']).toEqual([{ triggerKey: 'issue-event-trigger', outcome: 'done' }]);
      // PLAT-1..5 seeded In Progress, Done, To Do, In Review, To Do (40%); PLAT-5 to Done makes 60%.
      await waitFor('the backend to show 60% for kr-reliability-uptime', async () => ((await backendProgress(sandbox.backendUrl, 'kr-reliability-uptime'))?.progress === 60 ? true : undefined));
    });

    it('adds, edits and deletes a comment, each with the event Jira sends', async () => {
      const added = await call(sandbox.url, 'POST', '/api/issues/ONB-2/comments', { body: 'Looks good to me', actorId: USER_ID });
      expect(added.status).toBe(201);
      const comment = (added.body['event'] as { comment: { id: string; body: string; author: { accountId: string } } }).comment;
      expect(added.body['event']).toMatchObject({ eventType: 'avi:jira:commented:issue', issue: { key: 'ONB-2' }, comment: { body: 'Looks good to me', author: { accountId: USER_ID } } });
      expect(added.body['triggers']).toEqual([{ triggerKey: 'activity-event-trigger', outcome: 'done' }]);
      expect(site().findComment(comment.id)!.body).toBe('Looks good to me');

      const edited = await call(sandbox.url, 'PUT', `/api/issues/ONB-2/comments/${comment.id}`, { body: 'Looks great', actorId: ADMIN_ID });
      expect(edited.body['event']).toMatchObject({ eventType: 'avi:jira:commented:issue', comment: { id: comment.id, body: 'Looks great', updateAuthor: { accountId: ADMIN_ID } } });
      expect(site().findComment(comment.id)!.body).toBe('Looks great');

      const deleted = await call(sandbox.url, 'DELETE', `/api/issues/ONB-2/comments/${comment.id}`, { actorId: ADMIN_ID });
      expect(deleted.body['event']).toMatchObject({ eventType: 'avi:jira:deleted:comment', atlassianId: ADMIN_ID, comment: { id: comment.id } });
      expect(site().findComment(comment.id)).toBeUndefined();
    });

    it('logs, edits and deletes work, each with the worklog event Jira sends', async () => {
      const logged = await call(sandbox.url, 'POST', '/api/issues/CHK-7/worklogs', { timeSpent: '1h 30m', comment: 'Profiling', actorId: USER_ID });
      expect(logged.status).toBe(201);
      const worklog = (logged.body['event'] as { worklog: { id: string } }).worklog;
      expect(logged.body['event']).toEqual({
        eventType: 'avi:jira:created:worklog',
        worklog: expect.objectContaining({ id: worklog.id, issueId: site().findIssue('CHK-7')!.id, timeSpent: '1h 30m', timeSpentSeconds: 5400, comment: 'Profiling', author: { accountId: USER_ID } }),
      });

      const edited = await call(sandbox.url, 'PUT', `/api/issues/CHK-7/worklogs/${worklog.id}`, { timeSpent: '2h', actorId: USER_ID });
      expect(edited.body['event']).toMatchObject({ eventType: 'avi:jira:updated:worklog', worklog: { id: worklog.id, timeSpentSeconds: 7200, comment: 'Profiling' } });

      const deleted = await call(sandbox.url, 'DELETE', `/api/issues/CHK-7/worklogs/${worklog.id}`, { actorId: USER_ID });
      expect(deleted.body['event']).toMatchObject({ eventType: 'avi:jira:deleted:worklog', worklog: { id: worklog.id } });
      expect(site().findWorklog(worklog.id)).toBeUndefined();
    });

    it.each([
      ['an unknown issue', 'POST', '/api/issues/NOPE-1/transition', { statusId: '3', actorId: USER_ID }, 404, /no issue NOPE-1/],
      ['an unknown status', 'POST', '/api/issues/CHK-4/transition', { statusId: '999', actorId: USER_ID }, 400, /statusId must be one of/],
      ['the status it already has', 'POST', '/api/issues/CHK-4/transition', { statusId: '10000', actorId: USER_ID }, 400, /CHK-4 is already in To Do/],
      ['no actor', 'POST', '/api/issues/CHK-4/transition', { statusId: '3' }, 400, /actorId .* is required/],
      ['a stranger as actor', 'POST', '/api/issues/CHK-4/transition', { statusId: '3', actorId: 'someone' }, 400, /not an active user/],
      ['an empty comment', 'POST', '/api/issues/CHK-4/comments', { body: '   ', actorId: USER_ID }, 400, /comment must not be empty/],
      ['a comment of another issue', 'PUT', '/api/issues/CHK-1/comments/30001', { body: 'x', actorId: USER_ID }, 404, /CHK-1 has no comment 30001/],
      ['an unreadable time', 'POST', '/api/issues/CHK-4/worklogs', { timeSpent: 'a while', actorId: USER_ID }, 400, /look like "1h 30m"/],
      ['a worklog of more than a week', 'POST', '/api/issues/CHK-4/worklogs', { timeSpent: '9999w', actorId: USER_ID }, 400, /^Time spent must be between 1m and 1w \(you entered 9999w\)/],
      ['a worklog of no time', 'POST', '/api/issues/CHK-4/worklogs', { timeSpent: '0m', actorId: USER_ID }, 400, /between 1m and 1w \(you entered 0m\)/],
      ['no time at all', 'POST', '/api/issues/CHK-4/worklogs', { timeSpent: '', actorId: USER_ID }, 400, /Time spent is required/],
      ['too many seconds', 'POST', '/api/issues/CHK-4/worklogs', { timeSpentSeconds: 144001, actorId: USER_ID }, 400, /between 1m and 1w \(60 to 144000\)/],
      ['an edit to more than a week', 'PUT', '/api/issues/CHK-5/worklogs/40001', { timeSpent: '6d', actorId: USER_ID }, 400, /between 1m and 1w \(you entered 6d\)/],
      ['an edit that changes nothing', 'PUT', '/api/issues/CHK-5/worklogs/40001', { actorId: USER_ID }, 400, /Give timeSpent and\/or comment/],
      ['a missing worklog', 'DELETE', '/api/issues/CHK-4/worklogs/49999', { actorId: USER_ID }, 404, /CHK-4 has no worklog 49999/],
    ])('refuses %s with a clear message and changes nothing', async (_what, method, pathname, body, status, message) => {
      const before = siteJson();
      const answer = await call(sandbox.url, method, pathname, body);
      expect(answer.status).toBe(status);
      expect(String(answer.body['error'])).toMatch(message);
      expect(siteJson()).toBe(before);
    });
  });

  describe('activity (comments and worklogs)', () => {
    it('says which triggers comment and worklog events reach, and which webhook the app sends for them', async () => {
      const view = await call(sandbox.url, 'GET', '/api/site');
      expect(view.body['activity']).toEqual({ triggers: ['activity-event-trigger'], webhookTypes: ['activity.recorded'] });
    });

    it('a comment and a worklog each become one activity.recorded delivery, as the page says', async () => {
      const added = await call(sandbox.url, 'POST', '/api/issues/ONB-4/comments', { body: 'Any delivery?', actorId: USER_ID });
      expect(added.body['triggers']).toEqual([{ triggerKey: 'activity-event-trigger', outcome: 'done' }]);
      const logged = await call(sandbox.url, 'POST', '/api/issues/ONB-4/worklogs', { timeSpent: '1w', actorId: USER_ID });
      expect(logged.status).toBe(201);
      const actions = (rows: Awaited<ReturnType<typeof deliveries>>) =>
        rows.filter((d) => d.type === 'activity.recorded').map((d) => (d.payload as { data?: { action?: string; actorAccountId?: string } } | null)?.data);
      const sent = await waitFor('both activity deliveries', async () => {
        const found = actions(await deliveries(sandbox.url));
        return found.some((a) => a?.action === 'comment_created') && found.some((a) => a?.action === 'worklog_created') ? found : undefined;
      });
      expect(sent.filter((a) => a?.action === 'comment_created' || a?.action === 'worklog_created').every((a) => a?.actorAccountId === USER_ID)).toBe(true);
    });
  });

  describe('deliveries', () => {
    it('carry the payload the app signed; an issue.status_changed payload names its issue', async () => {
      const statusId = site().findIssue('CHK-6')!.statusId === '10003' ? '3' : '10003';
      expect((await call(sandbox.url, 'POST', '/api/issues/CHK-6/transition', { statusId, actorId: USER_ID })).status).toBe(200);
      const row = await waitFor('the issue.status_changed delivery of CHK-6', async () =>
        (await deliveries(sandbox.url)).find((d) => d.type === 'issue.status_changed' && (d.payload as { data?: { issue?: { key?: string } } } | null)?.data?.issue?.key === 'CHK-6'),
      );
      expect(row.payload).toMatchObject({ id: row.webhookId, type: 'issue.status_changed', data: { issue: { id: site().findIssue('CHK-6')!.id, key: 'CHK-6' }, to: { statusId } } });
    });
  });

  describe('admin page bridge', () => {
    it('runs the real resolver as the acting admin, with no secret in the answer', async () => {
      const answer = await call(sandbox.url, 'POST', '/api/bridge/invoke', { functionKey: 'admin.getSettings', payload: {}, accountId: ADMIN_ID });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ ok: true, result: { ok: true, data: { progressUpdatesEnabled: true, connection: { workspaceName: 'Acme OKRs', serverUrl: sandbox.backendUrl } } } });
      expect(JSON.stringify(answer.body)).not.toMatch(/whsec_|okr_demo_token/);
    });

    it('GET /api/app follows the settings at once: pausing on the admin page shows without any delivery', async () => {
      expect((await call(sandbox.url, 'GET', '/api/app')).body).toMatchObject({ connected: true, progressUpdatesEnabled: true, workspaceName: 'Acme OKRs', serverUrl: sandbox.backendUrl });
      const before = (await deliveries(sandbox.url)).length;
      const paused = await call(sandbox.url, 'POST', '/api/bridge/invoke', { functionKey: 'admin.setProgressUpdates', payload: { enabled: false }, accountId: ADMIN_ID });
      expect(paused.body).toMatchObject({ ok: true, result: { ok: true } });
      const app = await call(sandbox.url, 'GET', '/api/app');
      expect(app.body).toMatchObject({ connected: true, progressUpdatesEnabled: false });
      expect(JSON.stringify(app.body)).not.toMatch(/whsec_|okr_demo_token/);
      expect((await deliveries(sandbox.url)).length).toBe(before);
      await call(sandbox.url, 'POST', '/api/bridge/invoke', { functionKey: 'admin.setProgressUpdates', payload: { enabled: true }, accountId: ADMIN_ID });
      expect((await call(sandbox.url, 'GET', '/api/app')).body).toMatchObject({ progressUpdatesEnabled: true });
    });

    it('lets the resolver refuse a user who is not a Jira admin', async () => {
      const answer = await call(sandbox.url, 'POST', '/api/bridge/invoke', { functionKey: 'admin.getSettings', payload: {}, accountId: USER_ID });
      expect(answer.body).toEqual({ ok: true, result: { ok: false, error: { code: 'FORBIDDEN', message: 'Only Jira administrators can use this page.' } } });
    });

    it('names the resolver that does not exist and refuses an unknown user', async () => {
      const missing = await call(sandbox.url, 'POST', '/api/bridge/invoke', { functionKey: 'admin.nope', accountId: ADMIN_ID });
      expect(missing.status).toBe(500);
      expect(missing.body).toEqual({ ok: false, error: expect.stringContaining("Resolver admin.nope failed: Resolver has no definition for 'admin.nope'") });
      const stranger = await call(sandbox.url, 'POST', '/api/bridge/invoke', { functionKey: 'admin.getSettings', accountId: 'nobody' });
      expect(stranger).toEqual({ status: 400, body: { error: expect.stringContaining('acting as') } });
    });

    it('serves the shim with the site context', async () => {
      const response = await fetch(`${sandbox.url}/app/bridge-shim.js`);
      expect(response.headers.get('content-type')).toContain('javascript');
      const text = await response.text();
      expect(text).toContain(site().cloudId);
      expect(text).toContain('"moduleKey":"okr-sync-admin"');
      expect(text).toContain('"environmentType":"DEVELOPMENT"');
    });
  });

  describe('web trigger', () => {
    it('hands requests to the app and returns its answer: an unsigned call is refused', async () => {
      const unsigned = await call(sandbox.url, 'POST', '/x1/okr-backend-inbound', { action: 'resync' });
      expect(unsigned.status).toBe(401);
      const wrongMethod = await call(sandbox.url, 'GET', '/x1/okr-backend-inbound');
      expect(wrongMethod.status).toBe(405);
      expect(await call(sandbox.url, 'POST', '/x1/no-such-trigger', {})).toEqual({ status: 404, body: { error: 'The app has no web trigger "no-such-trigger".' } });
    });

    it('takes a JQL the reference backend registers (signed with its inbound secret) and counts its matches', async () => {
      const registered = await call(sandbox.backendUrl, 'POST', '/api/app-calls', { action: 'jql.register', data: { keyResultId: 'kr-checkout-conversion', jql: 'project = CHK' } });
      expect(registered.body).toMatchObject({ status: 202, body: { keyResultId: 'kr-checkout-conversion', reconciling: true } });
      const invalid = await call(sandbox.backendUrl, 'POST', '/api/app-calls', { action: 'jql.register', data: { keyResultId: 'kr-checkout-conversion', jql: 'nosuchfield = 1' } });
      expect(invalid.body).toMatchObject({ status: 422, body: { error: { code: 'invalid_jql' } } });
      const resync = await call(sandbox.backendUrl, 'POST', '/api/app-calls', { action: 'resync.request', data: {} });
      expect(resync.body).toMatchObject({ status: 202, body: { queued: expect.any(Number) } });
    });

    it('is the URL the app registered with the backend', async () => {
      const workspace = await call(sandbox.backendUrl, 'GET', '/api/workspace');
      expect(workspace.body['connection']).toMatchObject({ webTriggerUrl: `${sandbox.url}/x1/okr-backend-inbound` });
    });
  });
});
