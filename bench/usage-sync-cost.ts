/**
 * The daily user/licence sync for a site of 10,000 people: Jira calls when the app may
 * read the products' groups (Administer Jira) and when it must ask per user, the parts
 * sent, and time. Target: with the groups, calls grow with users / page size, not users.
 */
import { performance } from 'node:perf_hooks';
import { LocalForgePlatform } from '../dev/platform/local-platform';
import { JiraSite } from '../dev/platform/jira/site-model';
import { WebhookReceiver, newSigningSecret } from '../dev/receiver/webhook-receiver';
import { connectApp } from '../test/support/connect-app';

const USERS = Number(process.env['BENCH_USAGE_USERS'] ?? 10_000);
const PRODUCTS = ['jira-software', 'jira-servicedesk', 'jira-product-discovery', 'jira-core'];

async function run(mayReadRoles: boolean): Promise<string> {
  const site = JiraSite.create();
  site.addProject({ id: '10000', key: 'OKR', name: 'OKR Demo' });
  site.addStandardProducts();
  for (let i = 0; i < USERS; i += 1) {
    const accountId = `557058:bench-${String(i).padStart(6, '0')}`;
    site.addUser({ accountId, displayName: `Person ${i}`, emailHidden: i % 10 === 0, active: i % 50 !== 0 });
    site.giveProductAccess(accountId, PRODUCTS[i % PRODUCTS.length]!);
    if (i % 7 === 0) site.giveProductAccess(accountId, 'jira-core');
  }
  if (!mayReadRoles) site.setAppGlobalPermissions(['USER_PICKER']);
  const platform = await LocalForgePlatform.start({ site, extraEgress: ['http://127.0.0.1'] });
  let stopReceiver: (() => Promise<void>) | undefined;
  try {
    const secret = newSigningSecret();
    const receiver = new WebhookReceiver(secret);
    await receiver.start();
    stopReceiver = () => receiver.stop();
    await connectApp({ webhookUrl: receiver.url, signingSecret: secret });
    const before = { jira: platform.jira.requestCount, chunks: platform.queue.stats.pushedByKind['sync-usage'] ?? 0, parts: platform.queue.stats.pushedByKind['deliver'] ?? 0 };
    const start = performance.now();
    // As the daily trigger runs it: queued, then chunk after chunk in the consumer.
    await platform.runScheduledTrigger('sync-usage-daily');
    await platform.settle();
    const took = performance.now() - start;
    const jira = platform.jira.requestCount - before.jira;
    const chunks = (platform.queue.stats.pushedByKind['sync-usage'] ?? 0) - before.chunks;
    const parts = (platform.queue.stats.pushedByKind['deliver'] ?? 0) - before.parts;
    return `users=${USERS}  product access via ${(mayReadRoles ? 'groups' : 'per-user').padEnd(8)}  jira=${jira} (${((jira / USERS) * 1000).toFixed(1)} per 1,000 users)  chunks=${chunks}  parts=${parts}  time=${(took / 1000).toFixed(2)}s`;
  } finally {
    await stopReceiver?.();
    await platform.stop();
  }
}

export async function printUsageSyncBench(): Promise<void> {
  console.log(`\nDaily users and licences sync (${USERS} people, 4 products)`);
  console.log(await run(true));
  console.log(await run(false));
  console.log('target: with Administer Jira, calls grow with users / page size (users/search 1,000, group members 50), not one per user');
}
