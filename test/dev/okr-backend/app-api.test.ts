import { DEMO_KEY_RESULTS, DEMO_PEOPLE, DEMO_WORKSPACE } from '../../../dev/demo/demo-directory';
import { type ConnectAnswer, type TestBackend, WHSEC_32_BYTES, demoAuth, getJson, postJson, startTestBackend } from './backend-support';

let t: TestBackend;
let base: string;

beforeAll(async () => {
  t = await startTestBackend();
  base = t.backend.url;
});

afterAll(async () => {
  await t.stop();
});

const connect = (body: unknown, authorization = demoAuth()) => postJson(`${base}/api/v1/connections`, body, { authorization });
const workspace = async () => (await getJson<{ connection: unknown }>(`${base}/api/workspace`)).body;

describe('POST /api/v1/connections', () => {
  it('answers the workspace name, its webhook URL and two distinct whsec_ secrets of 32 bytes for the demo credentials', async () => {
    const answer = await connect({ cloudId: 'cloud-1', siteUrl: 'https://acme.atlassian.net', webTriggerUrl: 'https://example.invalid/x1/abc' });
    expect(answer.status).toBe(200);
    const body = answer.body as ConnectAnswer;
    expect(Object.keys(body).sort()).toEqual(['inboundSigningSecret', 'signingSecret', 'webhookUrl', 'workspaceName']);
    expect(body.workspaceName).toBe(DEMO_WORKSPACE.name);
    expect(body.webhookUrl).toBe(`${base}/webhooks/jira`);
    for (const secret of [body.signingSecret, body.inboundSigningSecret]) {
      expect(secret).toMatch(WHSEC_32_BYTES);
      expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    }
    expect(body.inboundSigningSecret).not.toBe(body.signingSecret);
    expect((await workspace()).connection).toEqual({ cloudId: 'cloud-1', siteUrl: 'https://acme.atlassian.net', webTriggerUrl: 'https://example.invalid/x1/abc', connectedAt: expect.any(String) });
  });

  it('never shows either secret in GET /api/workspace', async () => {
    const { signingSecret, inboundSigningSecret } = (await connect({ cloudId: 'cloud-1', webTriggerUrl: 'https://example.invalid/x1/abc' })).body as ConnectAnswer;
    const text = JSON.stringify(await workspace());
    expect(text).not.toContain(signingSecret);
    expect(text).not.toContain(inboundSigningSecret);
    expect(text).not.toContain('whsec_');
  });

  it('returns the same two secrets on every connect, and the email is case-insensitive', async () => {
    const first = (await connect({ cloudId: 'cloud-1' })).body as ConnectAnswer;
    const second = await connect({ cloudId: 'cloud-2' }, demoAuth(DEMO_WORKSPACE.email.toUpperCase()));
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ signingSecret: first.signingSecret, inboundSigningSecret: first.inboundSigningSecret });
    // Each connect replaces the connection: the omitted fields are cleared.
    expect((await workspace()).connection).toMatchObject({ cloudId: 'cloud-2', siteUrl: null, webTriggerUrl: null });
  });

  it.each([
    ['a wrong API token', demoAuth(DEMO_WORKSPACE.email, 'okr_wrong')],
    ['a wrong email', demoAuth('someone@acme.example.com')],
    ['the token with a trailing space', demoAuth(DEMO_WORKSPACE.email, `${DEMO_WORKSPACE.apiToken} `)],
    ['a token prefix', demoAuth(DEMO_WORKSPACE.email, DEMO_WORKSPACE.apiToken.slice(0, -1))],
    ['no colon', `Basic ${Buffer.from(DEMO_WORKSPACE.email).toString('base64')}`],
    ['a Bearer token', `Bearer ${DEMO_WORKSPACE.apiToken}`],
    ['no Authorization header', ''],
  ])('answers 401 invalid_credentials for %s and changes nothing', async (_name, authorization) => {
    const before = await workspace();
    const answer = await connect({ cloudId: 'cloud-evil', webTriggerUrl: 'https://evil.example/' }, authorization);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: { code: 'invalid_credentials', message: expect.any(String) } });
    expect(answer.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(JSON.stringify(answer.body)).not.toContain('whsec_');
    expect(await workspace()).toEqual(before);
  });

  it.each([
    [{}, /cloudId must be a non-empty string/],
    [{ cloudId: '' }, /cloudId must be a non-empty string/],
    [{ cloudId: 42 }, /cloudId must be a non-empty string/],
    [{ cloudId: 'c', siteUrl: 'acme.atlassian.net' }, /siteUrl is not a URL/],
    [{ cloudId: 'c', webTriggerUrl: 'ftp://x.example/' }, /webTriggerUrl must be an http or https URL/],
    [[], /must be a JSON object/],
  ])('answers 400 with the reason for the body %j and changes nothing', async (body, reason) => {
    const before = await workspace();
    const answer = await connect(body);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: { code: 'invalid_request', message: expect.stringMatching(reason) } });
    expect(await workspace()).toEqual(before);
  });

  it('answers 400 invalid_json for a body that is not JSON', async () => {
    const answer = await connect('{"cloudId": ');
    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
  });
});

describe('POST /api/v1/directory/lookup', () => {
  const lookup = (body: unknown, authorization = demoAuth()) => postJson(`${base}/api/v1/directory/lookup`, body, { authorization });
  const known = DEMO_PEOPLE.filter((p) => p.designation !== null);
  const unknown = DEMO_PEOPLE.filter((p) => p.designation === null);

  it('returns name, designation and organizational unit for known emails, case-insensitively, and omits the unknown', async () => {
    const chen = known.find((p) => p.displayName === 'Chen Wei')!;
    const shouted = chen.email.toUpperCase();
    const answer = await lookup({ emails: [shouted, unknown[0]!.email, 'nobody@elsewhere.example'] });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ people: [{ email: shouted, name: 'Chen Wei', designation: chen.designation, organizationalUnit: chen.organizationalUnit }] });
  });

  it('knows every demo person with a designation (hidden-email users included)', async () => {
    const answer = await lookup({ emails: DEMO_PEOPLE.map((p) => p.email) });
    const people = (answer.body as { people: Array<{ email: string }> }).people;
    expect(people.map((p) => p.email).sort()).toEqual(known.map((p) => p.email).sort());
  });

  it.each([
    [{ emails: [] }, /1 to 100 addresses; it holds 0/],
    [{ emails: Array.from({ length: 101 }, (_, i) => `p${i}@x.example`) }, /1 to 100 addresses; it holds 101/],
    [{ emails: ['a@x.example', 7] }, /emails\[1\] must be a non-empty string/],
    [{ email: 'a@x.example' }, /\{ "emails": string\[\] \}/],
  ])('answers 400 for %#', async (body, reason) => {
    expect(await lookup(body)).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', message: expect.stringMatching(reason) } } });
  });

  it('accepts exactly 100 emails', async () => {
    expect((await lookup({ emails: Array.from({ length: 100 }, (_, i) => `p${i}@x.example`) })).status).toBe(200);
  });

  it('needs the credentials', async () => {
    expect((await lookup({ emails: [known[0]!.email] }, demoAuth(DEMO_WORKSPACE.email, 'nope'))).status).toBe(401);
  });
});

describe('GET /api/v1/key-results', () => {
  const search = async (query: string, authorization = demoAuth()) => getJson<{ keyResults: Array<{ id: string; title: string; objective: string }> }>(`${base}/api/v1/key-results${query}`, { authorization });

  it('lists key results in workspace order, 20 at most by default', async () => {
    const answer = await search('');
    expect(answer.status).toBe(200);
    expect(answer.body.keyResults).toEqual(DEMO_KEY_RESULTS.slice(0, 20).map(({ id, title, objective }) => ({ id, title, objective })));
  });

  it('matches the objective, the title and the id, case-insensitively', async () => {
    expect((await search('?query=ENTERPRISE')).body.keyResults.map((kr) => kr.id)).toEqual(['kr-security-sso', 'kr-security-audit']);
    expect((await search('?query=p95%20LATENCY')).body.keyResults.map((kr) => kr.id)).toEqual(['kr-checkout-latency']);
    expect((await search('?query=kr-reliability-up')).body.keyResults.map((kr) => kr.id)).toEqual(['kr-reliability-uptime']);
    // A literal "%" (no wildcard): only the titles that contain one.
    expect((await search('?query=%25')).body.keyResults.map((kr) => kr.id)).toEqual(['kr-checkout-conversion', 'kr-onboarding-activation', 'kr-reliability-uptime']);
    expect((await search('?query=no-such-thing')).body.keyResults).toEqual([]);
  });

  it('honours limit and refuses one outside 1..50', async () => {
    expect((await search('?limit=3')).body.keyResults).toHaveLength(3);
    for (const bad of ['0', '51', 'ten', '2.5', '-1']) {
      const answer = await getJson(`${base}/api/v1/key-results?limit=${bad}`, { authorization: demoAuth() });
      expect(answer).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', message: expect.stringContaining('limit must be a whole number from 1 to 50') } } });
    }
  });

  it('needs the credentials', async () => {
    expect((await search('', demoAuth('x@y.example'))).status).toBe(401);
  });
});

describe('routing', () => {
  it('answers 404 for an unknown path and 405 with Allow for a wrong method', async () => {
    expect((await getJson(`${base}/api/v2/nothing`)).status).toBe(404);
    const wrong = await fetch(`${base}/webhooks/jira`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const answer = await fetch(`${base}/api/v1/directory/lookup`, { method: 'POST', headers: { authorization: demoAuth() }, body: 'x'.repeat(1024 * 1024 + 1) });
    expect(answer.status).toBe(413);
  });
});
