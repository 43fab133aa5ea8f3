import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OKR_BACKEND_ROUTES } from '../../../dev/okr-backend/routes';
import { EXAMPLE_CLOUD_ID, buildWebhookExample } from '../../../dev/webhook-examples';
import { type TestBackend, demoAuth, signedRequest, startTestBackend } from './backend-support';
import { type OkrBackendOpenApi, loadOkrBackendOpenApi } from './okr-backend-openapi';

let api: OkrBackendOpenApi;
let t: TestBackend;
let webTrigger: Server;
let webTriggerUrl: string;
const problems: string[] = [];
const exercised = new Set<string>();

beforeAll(async () => {
  api = loadOkrBackendOpenApi();
  t = await startTestBackend();
  webTrigger = createServer((_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Unknown action"}'));
  await new Promise<void>((resolve) => webTrigger.listen(0, '127.0.0.1', () => resolve()));
  webTriggerUrl = `http://127.0.0.1:${(webTrigger.address() as AddressInfo).port}/x1/t`;
});

afterAll(async () => {
  webTrigger.closeAllConnections();
  await new Promise((resolve) => webTrigger.close(resolve));
  await t.stop();
});

/** Sends a request, checks the answer against the document, returns status and body. */
async function exchange(method: 'GET' | 'POST', pathAndQuery: string, init: { body?: string | object; headers?: Record<string, string> } = {}): Promise<{ status: number; body: unknown }> {
  const pathName = new URL(pathAndQuery, 'http://x').pathname;
  const body = init.body === undefined || typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  const response = await fetch(`${t.backend.url}${pathAndQuery}`, { method, headers: { 'content-type': 'application/json', ...init.headers }, ...(body === undefined ? {} : { body }) });
  const contentType = response.headers.get('content-type') ?? '';
  const text = await response.text();
  const parsed: unknown = contentType.startsWith('application/json') ? JSON.parse(text) : text;
  problems.push(...api.checkResponse(method, pathName, response.status, contentType, parsed));
  exercised.add(`${method} ${pathName} ${response.status}`);
  return { status: response.status, body: parsed };
}

describe('docs/okr-backend.openapi.yaml', () => {
  it('is OpenAPI 3.1', () => {
    expect(api.doc['openapi']).toMatch(/^3\.1\./);
  });

  it('documents every route the server implements, and nothing it does not', () => {
    const implemented = OKR_BACKEND_ROUTES.map((route) => `${route.method} ${route.path}`).sort();
    expect(api.operations().sort()).toEqual(implemented);
  });

  it('every documented operation is served (no 404 or 405)', async () => {
    for (const operation of api.operations()) {
      const [method, pathName] = operation.split(' ') as [string, string];
      const controller = new AbortController();
      const response = await fetch(`${t.backend.url}${pathName}`, { method, signal: controller.signal, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });
      expect([operation, response.status]).not.toEqual([operation, 404]);
      expect([operation, response.status]).not.toEqual([operation, 405]);
      controller.abort(); // the event stream never ends by itself
    }
  });

  it('describes the real responses of a whole session, errors included', async () => {
    const auth = { authorization: demoAuth() };
    await exchange('GET', '/api/workspace');
    await exchange('GET', '/api/progress');
    await exchange('POST', '/api/app-calls', { body: { action: 'resync.request' } }); // 409, nothing registered
    await exchange('POST', '/api/v1/connections', { body: { cloudId: 'c' }, headers: { authorization: demoAuth('x@y.example') } });
    await exchange('POST', '/api/v1/connections', { body: { siteUrl: 'x' }, headers: auth });
    const connected = await exchange('POST', '/api/v1/connections', { body: { cloudId: EXAMPLE_CLOUD_ID, siteUrl: 'https://acme.atlassian.net', webTriggerUrl }, headers: auth });
    const { signingSecret } = connected.body as { signingSecret: string };
    await exchange('GET', '/api/workspace');
    await exchange('POST', '/api/v1/directory/lookup', { body: { emails: ['ada.admin@acme.example.com', 'quinn.taylor@acme.example.com'] }, headers: auth });
    await exchange('POST', '/api/v1/directory/lookup', { body: { emails: [] }, headers: auth });
    await exchange('POST', '/api/v1/directory/lookup', { body: { emails: ['a@b.example'] } });
    await exchange('GET', '/api/v1/key-results?query=checkout&limit=5', { headers: auth });
    await exchange('GET', '/api/v1/key-results?limit=500', { headers: auth });
    await exchange('GET', '/api/v1/key-results');
    const event = buildWebhookExample('key_result.progress_updated', { sequence: 3 });
    const signed = signedRequest(signingSecret, event);
    await exchange('POST', '/webhooks/jira', signed);
    await exchange('POST', '/webhooks/jira', signed);
    await exchange('POST', '/webhooks/jira', signedRequest(signingSecret, buildWebhookExample('key_result.progress_updated', { sequence: 2 })));
    await exchange('POST', '/webhooks/jira', { body: signed.body, headers: { ...signed.headers, 'webhook-signature': 'v1,AAAA' } });
    await exchange('POST', '/webhooks/jira', { body: 'x'.repeat(1024 * 1024 + 10), headers: signed.headers });
    await exchange('POST', '/webhooks/jira', signedRequest(signingSecret, buildWebhookExample('issue.status_changed', { cloudId: 'another-site' })));
    await exchange('POST', '/webhooks/jira', signedRequest(signingSecret, buildWebhookExample('key_result.progress_updated', { keyResultId: 'kr-phantom' })));
    await exchange('GET', '/api/events');
    await exchange('GET', '/api/events?limit=abc');
    await exchange('GET', '/api/progress');
    await exchange('POST', '/api/app-calls', { body: { action: 'jql.register', data: { jql: 'project = OKR' } } });
    await exchange('POST', '/api/app-calls', { body: { data: 1 } });
    await exchange('POST', '/api/v1/connections', { body: { cloudId: EXAMPLE_CLOUD_ID, webTriggerUrl: 'http://127.0.0.1:1/unreachable' }, headers: auth });
    await exchange('POST', '/api/app-calls', { body: { action: 'jql.register' } });
    await exchange('GET', '/');
    expect(problems).toEqual([]);
    // The session really covered successes and failures of the contract endpoints.
    expect([...exercised].sort()).toEqual(
      expect.arrayContaining([
        'POST /api/v1/connections 200', 'POST /api/v1/connections 400', 'POST /api/v1/connections 401',
        'POST /api/v1/directory/lookup 200', 'POST /api/v1/directory/lookup 400', 'POST /api/v1/directory/lookup 401',
        'GET /api/v1/key-results 200', 'GET /api/v1/key-results 400', 'GET /api/v1/key-results 401',
        'POST /webhooks/jira 200', 'POST /webhooks/jira 401', 'POST /webhooks/jira 403', 'POST /webhooks/jira 413', 'POST /webhooks/jira 422',
        'POST /api/app-calls 200', 'POST /api/app-calls 400', 'POST /api/app-calls 409', 'POST /api/app-calls 502',
        'GET /api/events 200', 'GET /api/events 400', 'GET /api/progress 200', 'GET /api/workspace 200', 'GET / 200',
      ]),
    );
  });

  it('would notice an undocumented field (the check can fail)', () => {
    expect(api.checkResponse('GET', '/api/workspace', 200, 'application/json', { name: 'n', email: 'e', webhookUrl: 'http://x/w', connection: null, apiToken: 'leak' })).not.toEqual([]);
    const secret = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
    expect(api.checkResponse('POST', '/api/v1/connections', 200, 'application/json', { workspaceName: 'n', webhookUrl: 'http://x/w', signingSecret: 'plain', inboundSigningSecret: secret })).not.toEqual([]);
    // The inbound secret is part of the contract: an answer without it does not conform.
    expect(api.checkResponse('POST', '/api/v1/connections', 200, 'application/json', { workspaceName: 'n', webhookUrl: 'http://x/w', signingSecret: secret })).not.toEqual([]);
    expect(api.checkResponse('POST', '/api/v1/connections', 200, 'application/json', { workspaceName: 'n', webhookUrl: 'http://x/w', signingSecret: secret, inboundSigningSecret: secret })).toEqual([]);
    expect(api.checkResponse('POST', '/api/v1/connections', 418, 'application/json', {})).not.toEqual([]);
  });
});
