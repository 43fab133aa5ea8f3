/**
 * The app's issue panel on the sandbox page, over HTTP: GET /api/issues/<KEY>/panel draws
 * the real UI Kit panel as the acting user, POST …/panel/events fires one of its handlers
 * (by the id the drawing carries) and answers it redrawn. Only handlers of the drawn
 * panel can be fired; anything else is a 4xx with the reason.
 */
import { IssuePanelViews } from '../../../dev/sandbox/issue-panel-view';
import { type RunningSandbox, startSandbox } from '../../../dev/sandbox/sandbox';
import { ADMIN_ID, USER_ID, call, tempDataDir } from './sandbox-client';

jest.setTimeout(30_000);

interface Drawing {
  html: string;
  version: number;
}

const CONVERSION = 'Raise checkout conversion from 2.1% to 3%';

const handlerOf = (html: string, attribute: 'data-forge-on-click' | 'data-forge-on-change', label?: string): string => {
  const pattern =
    attribute === 'data-forge-on-change'
      ? /<input[^>]*data-forge-on-change="([^"]+)"/
      : new RegExp(`<button[^>]*data-forge-on-click="([^"]+)"[^>]*>${label ?? '[^<]*'}</button>`);
  const match = pattern.exec(html);
  if (!match) throw new Error(`No ${attribute}${label ? ` "${label}"` : ''} in:\n${html}`);
  return match[1]!;
};

/** The percentage the panel shows under its progress bar. */
const percentOf = (html: string): number | undefined => {
  const match = /<progress[^>]*><\/progress><p data-forge-type="Text">(\d+)%<\/p>/.exec(html);
  return match ? Number(match[1]) : undefined;
};

describe('the issue panel on the sandbox page', () => {
  let sandbox: RunningSandbox;
  const panel = async (key: string, as: string, query = '') => call(sandbox.url, 'GET', `/api/issues/${encodeURIComponent(key)}/panel?as=${encodeURIComponent(as)}${query}`);
  const event = async (key: string, body: unknown) => call(sandbox.url, 'POST', `/api/issues/${encodeURIComponent(key)}/panel/events`, body);

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, dataDir: tempDataDir(), quiet: true });
  });

  afterAll(() => sandbox?.stop());

  it("draws CHK-1's panel as a user: its linked key result's title, progress bar and percentage, settled (no spinner)", async () => {
    const answer = await panel('CHK-1', USER_ID);
    expect(answer.status).toBe(200);
    const { html, version } = answer.body as unknown as Drawing;
    expect(typeof version).toBe('number');
    expect(html).toContain(CONVERSION);
    expect(html).toContain('Delight customers at checkout');
    expect(html).toMatch(/<progress[^>]*aria-label="Progress of Raise checkout conversion from 2.1% to 3%"/);
    expect(percentOf(html)).toEqual(expect.any(Number));
    expect(html).not.toContain('data-forge-type="Spinner"');
    // Uma may link: the search field and Unlink are there, each with a handler id.
    expect(handlerOf(html, 'data-forge-on-change')).toMatch(/^[0-9a-f-]{36}$/);
    expect(handlerOf(html, 'data-forge-on-click', 'Unlink')).toMatch(/^[0-9a-f-]{36}$/);

    // Asked again, the same live panel answers the same drawing and version.
    const again = (await panel('CHK-1', USER_ID)).body as unknown as Drawing;
    expect(again).toEqual({ html, version });
  });

  it('refuses an unknown issue (404) and a missing or unknown user (400), with the reason', async () => {
    const unknownIssue = await panel('NOPE-1', USER_ID);
    expect(unknownIssue).toEqual({ status: 404, body: { error: 'There is no issue NOPE-1 on the simulated site.' } });
    const noUser = await call(sandbox.url, 'GET', '/api/issues/CHK-1/panel');
    expect(noUser.status).toBe(400);
    expect(noUser.body['error']).toMatch(/^as \(the accountId of the "acting as" user\) is required/);
    const unknownUser = await panel('CHK-1', '557058:nobody');
    expect(unknownUser).toEqual({ status: 400, body: { error: 'as=557058:nobody is not an active user of the simulated site.' } });
    const badReload = await panel('CHK-1', USER_ID, '&reload=yes');
    expect(badReload.status).toBe(400);
    const unknownIssueEvent = await event('NOPE-1', { as: USER_ID, handlerId: 'abc', kind: 'click' });
    expect(unknownIssueEvent.status).toBe(404);
  });

  it('refuses a click on a handler the drawn panel does not have, and malformed events, changing nothing', async () => {
    const before = (await panel('CHK-2', USER_ID)).body as unknown as Drawing;
    const unknown = await event('CHK-2', { as: USER_ID, handlerId: '00000000-0000-4000-8000-000000000000', kind: 'click' });
    expect(unknown.status).toBe(400);
    expect(unknown.body['error']).toBe('The panel of CHK-2 has no handler 00000000-0000-4000-8000-000000000000 (it may have changed since the page drew it; reload the panel).');

    const field = handlerOf(before.html, 'data-forge-on-change');
    const unlink = handlerOf(before.html, 'data-forge-on-click', 'Unlink');
    const refusals: Array<[unknown, RegExp]> = [
      [{ as: USER_ID, handlerId: "alert('x')", kind: 'click' }, /^handlerId must be a handler id from the drawn panel/],
      [{ as: USER_ID, handlerId: unlink, kind: 'submit' }, /^kind must be "click" or "change"/],
      [{ as: USER_ID, handlerId: unlink, kind: 'change', value: 'x' }, /is the LoadingButton's onClick, not onChange: send kind "click"/],
      [{ as: USER_ID, handlerId: field, kind: 'click' }, /is the Textfield's onChange, not onClick: send kind "change"/],
      [{ as: USER_ID, handlerId: field, kind: 'change' }, /^A change needs value/],
      [{ as: USER_ID, handlerId: field, kind: 'change', value: 'x'.repeat(1001) }, /^value is longer than 1000 characters/],
      [{ as: '557058:nobody', handlerId: unlink, kind: 'click' }, /is not an active user/],
      ['[1, 2]', /^The request body must be a JSON object/],
    ];
    for (const [body, reason] of refusals) {
      const answer = await event('CHK-2', body);
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
      expect(answer.body['error']).toMatch(reason);
    }
    // Nothing was fired: the panel is drawn as before and CHK-2 is still linked.
    expect(((await panel('CHK-2', USER_ID)).body as unknown as Drawing).html).toBe(before.html);
    expect(sandbox.platform.kvs.keys('issue-kr:').some((key) => key.startsWith(`issue-kr:${sandbox.platform.site.findIssue('CHK-2')!.id}:`))).toBe(true);
  });

  it('types a search and links a hit through the real resolvers; a field id from the previous drawing still reaches that field', async () => {
    const first = (await panel('CHK-11', ADMIN_ID)).body as unknown as Drawing;
    expect(first.html).toContain('This issue does not count toward any key result yet.');
    const field = handlerOf(first.html, 'data-forge-on-change');

    const typed = await event('CHK-11', { as: ADMIN_ID, handlerId: field, kind: 'change', value: 'latency' });
    expect(typed.status).toBe(200);
    const hits = typed.body as unknown as Drawing;
    expect(hits.version).toBeGreaterThan(first.version);
    expect(hits.html).toContain('value="latency"');
    expect(hits.html).toContain('Cut checkout p95 latency below 300 ms');

    // React gave the field a new onChange on re-render; the id the page drew first still means that field.
    const retyped = (await event('CHK-11', { as: ADMIN_ID, handlerId: field, kind: 'change', value: 'p95 latency' })).body as unknown as Drawing;
    expect(retyped.html).toContain('value="p95 latency"');

    const linked = await event('CHK-11', { as: ADMIN_ID, handlerId: handlerOf(retyped.html, 'data-forge-on-click', 'Link'), kind: 'click' });
    expect(linked.status).toBe(200);
    const html = (linked.body as unknown as Drawing).html;
    expect(html).toContain('Linked directly');
    expect(html).toMatch(/data-forge-type="Lozenge" data-appearance="success">Linked</);
    const site = (await call(sandbox.url, 'GET', '/api/site')).body as { issues: Array<{ key: string; linkedKeyResults: string[] }> };
    expect(site.issues.find((i) => i.key === 'CHK-11')!.linkedKeyResults).toEqual(['kr-checkout-latency']);
  });

  it('reload=1 mounts the panel again, so progress after a transition shows; the version keeps growing', async () => {
    const before = (await panel('CHK-4', USER_ID)).body as unknown as Drawing;
    expect((await call(sandbox.url, 'POST', '/api/issues/CHK-4/transition', { statusId: '10003', actorId: USER_ID })).status).toBe(200);
    const site = (await call(sandbox.url, 'GET', '/api/site')).body as { keyResults: Array<{ id: string; progress: number | null }> };
    const expected = site.keyResults.find((k) => k.id === 'kr-checkout-conversion')!.progress!;

    // Without a reload the live panel still shows what it read when it mounted.
    expect(percentOf(((await panel('CHK-4', USER_ID)).body as unknown as Drawing).html)).toBe(percentOf(before.html));
    const after = (await panel('CHK-4', USER_ID, '&reload=1')).body as unknown as Drawing;
    expect(after.version).toBeGreaterThan(before.version);
    expect(percentOf(after.html)).toBe(Math.round(expected));
    expect(percentOf(after.html)).not.toBe(percentOf(before.html));
  });

  it('keeps at most maxLive panels live, stopping the least recently used, and refuses requests once stopped', async () => {
    const views = new IssuePanelViews(sandbox.platform, sandbox.platform.site, { maxLive: 2 });
    await views.view('ONB-1', USER_ID);
    await views.view('ONB-2', USER_ID);
    await views.view('ONB-1', USER_ID);
    expect(views.liveCount).toBe(2);
    await views.view('ONB-3', USER_ID);
    expect(views.liveCount).toBe(2);
    views.stopAll();
    expect(views.liveCount).toBe(0);
    await expect(views.view('ONB-1', USER_ID)).rejects.toThrow('The sandbox is stopping.');
  });
});
