/**
 * Per-user daily activity in storage: a user with at least one action on a (UTC) day is
 * active that day, counted per kind, exactly once per Jira change, with the same small
 * number of writes per event however much is stored already.
 */
import { issueCommentedEvent, issueUpdatedEvent, worklogEvent } from '../../../dev/platform/jira/forge-events';
import { kvs } from '@forge/kvs';
import { loadActivityDays } from '../../../src/adapters/activity-store';
import { activityWebhookId } from '../../../src/domain/webhook-events';
import { bucketOf } from '../../../src/domain/activity-day';
import { useConnectedPlatform } from '../../support/connected-platform';
import { ADMIN_ID, USER_ID } from '../../support/test-site';

const env = useConnectedPlatform(3);
const fire = async (event: Record<string, unknown>) => {
  await env().platform.fireProductEvent(event);
  await env().platform.drain();
};
const countsOn = async (day: string) => Object.fromEntries((await loadActivityDays([day])).get(day)!);

describe('per-user daily activity', () => {
  it('counts each kind per user and day, a user being active on any day with one action', async () => {
    const { site, issues } = env();
    const at = new Date('2026-12-01T09:00:00Z');
    await fire(issueCommentedEvent(site, issues[0]!, site.addComment(issues[0]!.id, { authorId: USER_ID, body: 'a', at })));
    await fire(issueCommentedEvent(site, issues[0]!, site.addComment(issues[0]!.id, { authorId: USER_ID, body: 'b', at })));
    await fire(worklogEvent('avi:jira:created:worklog', site.addWorklog(issues[1]!.id, { authorId: ADMIN_ID, timeSpentSeconds: 600, comment: '', at })));
    expect(await countsOn('2026-12-01')).toEqual({ [USER_ID]: { comment: 2 }, [ADMIN_ID]: { worklog: 1 } });
    expect(await countsOn('2026-12-02')).toEqual({});
  });

  it('puts 23:59:59.999 and 00:00:00.000 UTC on two days', async () => {
    const { site, issues } = env();
    await fire(issueCommentedEvent(site, issues[0]!, site.addComment(issues[0]!.id, { authorId: USER_ID, body: 'late', at: new Date('2026-11-30T23:59:59.999Z') })));
    await fire(issueCommentedEvent(site, issues[0]!, site.addComment(issues[0]!.id, { authorId: USER_ID, body: 'early', at: new Date('2026-12-01T00:00:00.000Z') })));
    expect(await countsOn('2026-11-30')).toEqual({ [USER_ID]: { comment: 1 } });
    expect(await countsOn('2026-12-01')).toEqual({ [USER_ID]: { comment: 1 } });
  });

  it('counts the same Jira change once, however often and in whatever order it arrives', async () => {
    const { site, issues } = env();
    const at = new Date('2026-12-01T10:00:00Z');
    const one = issueCommentedEvent(site, issues[0]!, site.addComment(issues[0]!.id, { authorId: USER_ID, body: '1', at }));
    const two = issueCommentedEvent(site, issues[0]!, site.addComment(issues[0]!.id, { authorId: USER_ID, body: '2', at }));
    for (const event of [two, one, two, one, one]) await fire(event);
    expect(await countsOn('2026-12-01')).toEqual({ [USER_ID]: { comment: 2 } });
  });

  it('loses no count when many events for users of one bucket arrive at once', async () => {
    const { site, issues, platform } = env();
    const users = Array.from({ length: 400 }, (_, i) => `557058:user-${i}`).filter((id) => bucketOf(id) === bucketOf(USER_ID)).slice(0, 4);
    expect(users.length).toBe(4);
    const at = new Date('2026-12-01T12:00:00Z');
    const events = users.flatMap((authorId) => [1, 2, 3].map((n) => issueCommentedEvent(site, issues[n % 3]!, site.addComment(issues[n % 3]!.id, { authorId, body: `c${n}`, at }))));
    await Promise.all(events.map((event) => platform.fireProductEvent(event)));
    await platform.drain();
    expect(await countsOn('2026-12-01')).toEqual(Object.fromEntries(users.map((id) => [id, { comment: 3 }])));
  });

  it('costs the same writes per event on an empty site and after 300 events (O(1))', async () => {
    const { site, issues, platform } = env();
    const writesOf = async (event: Record<string, unknown>) => {
      const before = platform.kvs.counters.writes;
      await fire(event);
      return platform.kvs.counters.writes - before;
    };
    const first = await writesOf(issueCommentedEvent(site, issues[0]!, site.addComment(issues[0]!.id, { authorId: USER_ID, body: 'first' })));
    for (let n = 0; n < 300; n += 1) {
      const { issue, changelog } = site.transitionIssue(issues[n % 3]!.id, n % 2 ? '3' : '10000', `557058:user-${n % 50}`);
      await platform.fireProductEvent(issueUpdatedEvent(site, issue, changelog));
    }
    await platform.drain();
    const later = await writesOf(issueCommentedEvent(site, issues[1]!, site.addComment(issues[1]!.id, { authorId: USER_ID, body: 'later' })));
    // The first also records the delivery's "last success" (at most once a minute, not per event).
    expect(first - later).toBe(1);
    // The seen record and the day bucket, the outbox record and its pending marker; the
    // delivery walk's lease (taken, released), the outcome with its marker, and the
    // delivery log's latest attempts (one write per walk, however much it sent).
    expect(later).toBeLessThanOrEqual(9);
  });

  it('keeps a day and its seen records 40 days after the last write, then lets them expire', async () => {
    const { site, issues, platform } = env();
    const day = new Date().toISOString().slice(0, 10);
    const comment = site.addComment(issues[0]!.id, { authorId: USER_ID, body: 'kept a while' });
    await fire(issueCommentedEvent(site, issues[0]!, comment));
    const seen = () => kvs.entity('activity-seen').get(activityWebhookId(site.cloudId, `comment:${comment.id}:created`));
    expect(await seen()).toBeDefined();
    await platform.advance(39 * 86_400);
    expect(await countsOn(day)).toEqual({ [USER_ID]: { comment: 1 } });
    expect(await seen()).toBeDefined();
    await platform.advance(2 * 86_400);
    expect(await countsOn(day)).toEqual({});
    expect(await seen()).toBeUndefined();
  });
});
