/**
 * `npm start` until the sandbox issue lands: runs the app over the local Forge platform
 * with a simulated Jira site, links three issues to a key result, moves one to Done, and
 * prints every signed webhook a verifying receiver on 127.0.0.1 got. No Atlassian account.
 */
process.env['OKR_SYNC_QUIET'] = '1';
import { installFetchGate } from '../dev/platform/forge-globals';
installFetchGate();
import { issueUpdatedEvent } from '../dev/platform/jira/forge-events';
import { linkIssueToKeyResult } from '../src/services/link-issue';
import { startConnectedPlatform } from '../test/support/connected-platform';
import { USER_ID } from '../test/support/test-site';

async function main(): Promise<void> {
  const { site, issues, platform, receiver, stop } = await startConnectedPlatform({ issueCount: 3 });
  try {
    console.log(`Simulated Jira on ${platform.jira.baseUrl}; webhook receiver on ${receiver.url}`);
    for (const issue of issues) await linkIssueToKeyResult({ keyResultId: 'kr-demo', issueId: issue.id, cloudId: site.cloudId, actor: { kind: 'system', reason: 'seed' } });
    await platform.drain();
    console.log(`Linked ${issues.map((i) => i.key).join(', ')} to key result kr-demo; moving ${issues[0]!.key} to Done…`);
    const { issue, changelog } = site.transitionIssue(issues[0]!.id, '10003', USER_ID);
    await platform.fireProductEvent(issueUpdatedEvent(site, issue, changelog));
    await platform.drain();
    for (const r of receiver.received) {
      const body = r.parsed as { type?: string; data?: Record<string, unknown> };
      const detail = body.type === 'key_result.progress_updated' ? `sequence ${String(body.data?.['sequence'])}, progress ${String(body.data?.['progress'])}%` : `${String((body.data?.['issue'] as { key?: string })?.key)} → ${String((body.data?.['to'] as { name?: string })?.name)}`;
      console.log(`${r.verified ? 'verified' : 'REJECTED'}  ${r.id}  ${body.type ?? '?'}  ${detail}`);
    }
    console.log('The full sandbox (a page to click through, a reference OKR backend) is the next issue.');
  } finally {
    await stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
