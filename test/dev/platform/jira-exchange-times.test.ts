/**
 * Every exchange the simulated Jira records carries the platform time it was answered at and
 * the response headers, so a test can hold an app's retries against what a 429 told it; an
 * injected 429's Retry-After and X-RateLimit-Reset reach the app's client.
 */
import api, { route } from '@forge/api';
import type { JiraExchange } from '../../../dev/platform/jira/jira-server';
import { LocalForgePlatform } from '../../../dev/platform/local-platform';
import { createTestSite } from '../../support/test-site';

describe('recorded exchanges: platform time and response headers', () => {
  let platform: LocalForgePlatform;
  const { site, issues } = createTestSite(2);
  const seen: JiraExchange[] = [];

  beforeAll(async () => {
    platform = await LocalForgePlatform.start({ site });
    platform.jira.onExchange = (exchange) => seen.push(exchange);
  });

  afterAll(async () => {
    platform.jira.onExchange = undefined;
    await platform.stop();
  });

  it('at is the platform clock when the answer went out, so an advance of the manual clock shows', async () => {
    const before = platform.clock.now();
    await api.asApp().requestJira(route`/rest/api/3/issue/${issues[0]!.id}`);
    await platform.advance(3600);
    await api.asApp().requestJira(route`/rest/api/3/issue/${issues[1]!.id}`);
    const [first, second] = platform.jira.exchanges.slice(-2);
    expect(first!.at).toBeGreaterThanOrEqual(before);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(3_600_000);
    expect(second!.at).toBeLessThanOrEqual(platform.clock.now());
    expect(first!.responseHeaders).toEqual({ 'content-type': 'application/json' });
  });

  it("an injected 429's Retry-After and X-RateLimit-Reset reach the client and are recorded, names in lower case", async () => {
    const reset = new Date(platform.clock.now() + 300_000).toISOString();
    platform.jira.injectFault((method, path) => method === 'GET' && path.endsWith('/comment'), { status: 429, headers: { 'Retry-After': '120', 'X-RateLimit-Reset': reset }, body: { errorMessages: ['Rate limit exceeded.'] } });
    const limited = await api.asApp().requestJira(route`/rest/api/3/issue/${issues[0]!.id}/comment`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('120');
    expect(limited.headers.get('x-ratelimit-reset')).toBe(reset);
    expect(await limited.json()).toEqual({ errorMessages: ['Rate limit exceeded.'] });
    const recorded = platform.jira.exchanges.at(-1)!;
    expect(recorded).toMatchObject({ status: 429, responseHeaders: { 'content-type': 'application/json', 'retry-after': '120', 'x-ratelimit-reset': reset } });
    // The fault was for one request: the next one is answered.
    expect((await api.asApp().requestJira(route`/rest/api/3/issue/${issues[0]!.id}/comment`)).status).toBe(200);
  });

  it('onExchange sees every exchange, as recorded', () => {
    expect(seen).toEqual(platform.jira.exchanges);
    expect(seen.length).toBeGreaterThanOrEqual(4);
  });
});
