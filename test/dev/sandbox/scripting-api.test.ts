import { outboxRecords } from '../../support/outbox';
/**
 * The sandbox's scripting API over HTTP, against a real sandbox (local platform, the app,
 * the reference backend): POST /api/product-events and GET /api/deliveries.
 */
import { issueUpdatedEvent, worklogEvent } from '../../../dev/platform/jira/forge-events';
import { JiraSite } from '../../../dev/platform/jira/site-model';
import { type RunningSandbox, startSandbox } from '../../../dev/sandbox/sandbox';
import { backendProgress, call, deliveries, tempDataDir, waitFor } from './sandbox-client';

describe('sandbox scripting API', () => {
  let sandbox: RunningSandbox;
  let site: JiraSite;
  const siteJson = () => JSON.stringify(site.data);
  const outboxCount = () => outboxRecords(sandbox.platform).length;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, dataDir: tempDataDir(), quiet: true });
    site = sandbox.platform.site;
    // The seed links issues and sends their key results' progress: wait until all of it arrived.
    await waitFor('the seeded progress to reach the backend', async () => {
      const rows = await deliveries(sandbox.url);
      return rows.length > 0 && rows.every((r) => r.backend.verdict === 'accepted') ? rows : undefined;
    });
  });

  afterAll(() => sandbox?.stop());

  /** The event Jira would send for CHK-2 → Done, built on a copy so the site itself never moves. */
  function doneEventFor(key: string): Record<string, unknown> {
    const scratch = new JiraSite(structuredClone(site.data));
    const { issue, changelog } = scratch.transitionIssue(key, '10003', '557058:demo-0002');
    return issueUpdatedEvent(scratch, issue, changelog);
  }

  it('takes a product event as Forge passes it, changes nothing in the site, and the backend verifies what the app sends', async () => {
    const before = siteJson();
    const event = doneEventFor('CHK-2');
    const answer = await call(sandbox.url, 'POST', '/api/product-events', event);
    expect(answer).toEqual({ status: 202, body: { accepted: true, eventType: 'avi:jira:updated:issue', triggers: [{ triggerKey: 'issue-event-trigger', outcome: 'done' }] } });
    expect(siteJson()).toBe(before);
    expect(site.findIssue('CHK-2')!.statusId).toBe('3');

    const changelogId = (event['changelog'] as { id: string }).id;
    const statusChange = await waitFor('the issue.status_changed webhook to be accepted', async () => {
      const rows = await deliveries(sandbox.url);
      return rows.find((r) => r.type === 'issue.status_changed' && r.backend.verdict === 'accepted');
    });
    expect(statusChange.app).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(statusChange.backend.receipts[0]!.verification).toBe('verified');
    const progress = await waitFor('the key result progress webhook for the event', async () => {
      const rows = await deliveries(sandbox.url);
      return rows.find((r) => r.type === 'key_result.progress_updated' && r.keyResultId === 'kr-checkout-conversion' && r.backend.verdict === 'accepted' && r.app!.createdAt >= statusChange.app!.createdAt);
    });
    expect(progress.app!.status).toBe('delivered');
    expect(changelogId).toMatch(/^\d+$/);
    // Seeded CHK-1..5: Done, In Progress, In Review, To Do, To Do (40%); CHK-2 to Done makes it 50%.
    expect(await backendProgress(sandbox.backendUrl, 'kr-checkout-conversion')).toMatchObject({ progress: 50 });
  });

  it('delivers worklog events to the activity trigger', async () => {
    const event = worklogEvent('avi:jira:created:worklog', { id: '49999', issueId: site.findIssue('ONB-1')!.id, authorId: '557058:demo-0002', updateAuthorId: '557058:demo-0002', comment: '', started: new Date().toISOString(), timeSpentSeconds: 600, created: new Date().toISOString(), updated: new Date().toISOString() });
    const answer = await call(sandbox.url, 'POST', '/api/product-events', event);
    expect(answer.status).toBe(202);
    expect(answer.body['triggers']).toEqual([{ triggerKey: 'activity-event-trigger', outcome: 'done' }]);
    expect(site.findWorklog('49999')).toBeUndefined();
  });

  it.each([
    ['a body that is not JSON', '{"eventType":', /not valid JSON/],
    ['a list', [], /must be a JSON object/],
    ['no eventType', { issue: { id: '10001', key: 'CHK-1' } }, /eventType is missing/],
    ['an event the app does not subscribe to', { eventType: 'avi:jira:assigned:issue', issue: { id: '10001', key: 'CHK-1' } }, /does not subscribe to "avi:jira:assigned:issue"/],
    ['a webhook name instead of a Forge event', { webhookEvent: 'jira:issue_updated', eventType: 'jira:issue_updated' }, /Unknown product event type/],
    ['an issue event without issue.id', { eventType: 'avi:jira:updated:issue', issue: { key: 'CHK-1' } }, /issue\.id must be a non-empty string/],
    ['a worklog event without worklog.issueId', { eventType: 'avi:jira:deleted:worklog', worklog: { id: '1' } }, /worklog\.issueId/],
  ])('answers 400 with a reason for %s, and runs nothing', async (_what, body, reason) => {
    const before = siteJson();
    const outbox = outboxCount();
    const answer = await call(sandbox.url, 'POST', '/api/product-events', body);
    expect(answer.status).toBe(400);
    expect(String(answer.body['error'])).toMatch(reason);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(siteJson()).toBe(before);
    expect(outboxCount()).toBe(outbox);
  });

  it('lists deliveries newest first, each with its webhook id, type, app status and backend verdict', async () => {
    const rows = await deliveries(sandbox.url);
    expect(rows.length).toBeGreaterThan(5);
    const created = rows.map((r) => Date.parse(r.app!.createdAt));
    expect([...created].sort((a, b) => b - a)).toEqual(created);
    for (const row of rows) {
      expect(row.webhookId).toMatch(/^msg_/);
      expect(['issue.status_changed', 'key_result.progress_updated', 'activity.recorded', 'usage.report']).toContain(row.type);
      expect(row.app!.status).toBe('delivered');
      expect(row.backend.verdict).toBe('accepted');
    }
    expect(JSON.stringify(rows)).not.toMatch(/whsec_|okr_demo_token/);
  });

  it('answers unknown routes and wrong methods with a message', async () => {
    expect(await call(sandbox.url, 'GET', '/api/nope')).toEqual({ status: 404, body: { error: expect.stringContaining('docs/sandbox.md') } });
    expect(await call(sandbox.url, 'GET', '/api/product-events')).toEqual({ status: 405, body: { error: 'GET is not allowed on /api/product-events.' } });
  });
});
