import { LATE_JOIN_SECONDS } from '../../src/services/apply-pending-status-changes';
import { issueUpdatedEvent } from '../../dev/platform/jira/forge-events';
import { linkIssueToKeyResult } from '../../src/services/link-issue';
import { SEED_ACTOR, startConnectedPlatform } from '../support/connected-platform';
import { USER_ID } from '../support/test-site';

const STATUS_PATH = '/rest/api/3/status';
type RetryRequest = { _retry: true; retryOptions: { retryAfter: number; retryReason: string } };

/**
 * Jira answering 429 to the trigger's one call (the status list, when the event does not
 * carry the status category): the trigger asks Forge to run the event again after the wait
 * Jira named (Retry-After, else X-RateLimit-Reset), else after a jittered backoff, as an
 * upstream rate limit; the transition is applied once the retry runs.
 */
describe('Jira rate-limits a trigger', () => {
  async function setUp() {
    const env = await startConnectedPlatform({ issueCount: 1 });
    await linkIssueToKeyResult({ keyResultId: 'kr-1', issueId: env.issues[0]!.id, cloudId: env.site.cloudId, actor: SEED_ACTOR });
    await env.platform.drain();
    const transition = async () => {
      const { changelog } = env.site.transitionIssue(env.issues[0]!.id, '10003', USER_ID);
      const [outcome] = await env.platform.fireProductEvent(issueUpdatedEvent(env.site, env.issues[0]!, changelog, { withStatusCategory: false }));
      return outcome?.result as RetryRequest | undefined;
    };
    const limit = (headers: Record<string, string>) =>
      env.platform.jira.injectFault((_method, path, principal) => principal.kind === 'app' && path === STATUS_PATH, { status: 429, headers, body: { errorMessages: ['Rate limit exceeded.'] } });
    return { ...env, transition, limit };
  }

  it.each([
    ['Retry-After', () => ({ 'Retry-After': '42' }), 42],
    ['X-RateLimit-Reset (no Retry-After)', () => ({ 'X-RateLimit-Reset': new Date(Date.now() + 90_000).toISOString() }), 90],
  ])('waits as %s says, as an upstream rate limit, then applies the transition', async (_name, headers, seconds) => {
    const t = await setUp();
    try {
      t.limit(headers());
      const retry = await t.transition();
      expect(retry).toMatchObject({ _retry: true, retryOptions: { retryAfter: seconds, retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED' } });
      const before = t.receiver.verifiedOfType('key_result.progress_updated').length;
      await t.platform.advance(seconds - 1);
      expect(t.receiver.verifiedOfType('key_result.progress_updated')).toHaveLength(before);
      // The retried event is late: its key result's consumer waits a moment for other late ones (LATE_JOIN_SECONDS).
      await t.platform.advance(1);
      await t.platform.advance(LATE_JOIN_SECONDS);
      expect(t.receiver.verifiedOfType('key_result.progress_updated').at(-1)?.parsed.data['progress']).toBe(100);
    } finally {
      await t.stop();
    }
  });

  it('without either header, backs off 30 to 60 s, jittered', async () => {
    const t = await setUp();
    try {
      const waits = new Set<number>();
      for (let n = 0; n < 6; n += 1) {
        t.limit({});
        const retry = await t.transition();
        expect(retry?.retryOptions.retryReason).toBe('FUNCTION_UPSTREAM_RATE_LIMITED');
        expect(retry!.retryOptions.retryAfter).toBeGreaterThanOrEqual(30);
        expect(retry!.retryOptions.retryAfter).toBeLessThan(60);
        waits.add(retry!.retryOptions.retryAfter);
      }
      expect(waits.size).toBeGreaterThan(1);
    } finally {
      await t.stop();
    }
  });
});
