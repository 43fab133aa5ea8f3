/**
 * The app's real issue panel on the sandbox page, in a browser: `npm start` in a child
 * process, a demo user opens an issue that counts toward nothing yet, types in the
 * panel's search, links a key result from the hits with the keyboard, moves the issue to
 * Done on the page, and the panel's progress agrees with the reference backend's (its
 * /api/progress and its framed page). Screenshots in artifacts/sandbox-issue-panel/.
 *
 * Test hooks (data-testid): kr-panel-section (the section), kr-panel (the drawn panel,
 * data-version), kr-panel-title (issue and acting user), kr-panel-status (role="status":
 * what a refused event said). The drawn panel's own elements carry data-forge-type.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { progressPercent } from '../../src/frontend/issue-panel/describe-key-result';
import { launchBrowser } from '../support/launch-browser';
import { PROJECT_ROOT, type SpawnedSandbox, spawnSandbox } from '../dev/sandbox/spawn-sandbox';
import { tempDataDir, waitFor } from '../dev/sandbox/sandbox-client';

jest.setTimeout(120_000);

const ARTIFACTS = path.join(PROJECT_ROOT, 'artifacts/sandbox-issue-panel');
/** In Backlog and linked to nothing in the demo. */
const ISSUE = 'CHK-10';
const KEY_RESULT = 'kr-checkout-conversion';
const KEY_RESULT_TITLE = 'Raise checkout conversion from 2.1% to 3%';
const UMA = { accountId: '557058:demo-0002', name: 'Uma User' };

interface SiteView {
  backendUrl: string;
  issues: Array<{ key: string; linkedKeyResults: string[] }>;
}

/** The percentage the drawn panel shows under its progress bar, or null without one. */
async function panelPercent(panel: Locator): Promise<number | null> {
  const texts = await panel.locator('[data-forge-type="ProgressBar"] + [data-forge-type="Text"]').allTextContents();
  const match = /^(\d+)%$/.exec(texts[0] ?? '');
  return match ? Number(match[1]) : null;
}

async function backendProgress(page: Page, backendUrl: string): Promise<number | null> {
  const answer = (await (await page.request.get(`${backendUrl}/api/progress`)).json()) as { keyResults: Array<{ id: string; progress: number | null }> };
  return answer.keyResults.find((k) => k.id === KEY_RESULT)?.progress ?? null;
}


describe('the issue panel on the sandbox page, in a browser', () => {
  let sandbox: SpawnedSandbox;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    sandbox = await spawnSandbox('npm', ['start', '--', '--port', '0', '--data-dir', tempDataDir()], 90_000);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  it('a demo user searches, links a key result from the hits, transitions the issue, and the panel agrees with the backend', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await page.goto(`${sandbox.url}/`);
    await page.getByTestId(`issue-row-${ISSUE}`).waitFor();
    const site = (await (await page.request.get(`${sandbox.url}/api/site`)).json()) as SiteView;
    expect(site.issues.find((i) => i.key === ISSUE)!.linkedKeyResults).toEqual([]);

    await page.getByTestId('acting-as').selectOption(UMA.accountId);
    await page.getByTestId(`open-${ISSUE}`).click();
    const section = page.getByTestId('kr-panel-section');
    const panel = page.getByTestId('kr-panel');
    expect(await section.getByRole('heading', { level: 2 }).textContent()).toBe(`Key results panel of ${ISSUE}`);
    expect(await section.textContent()).toContain("The app's real Jira issue panel");
    await page.getByTestId('kr-panel-title').filter({ hasText: `${ISSUE} as ${UMA.name}` }).waitFor();
    await panel.getByText('This issue does not count toward any key result yet.').waitFor();

    // Typing, key by key, as a person does: every keystroke reaches the panel's Textfield and none is lost.
    const search = panel.getByRole('textbox', { name: 'Link a key result' });
    await search.pressSequentially('conversion', { delay: 70 });
    const hit = panel.locator('[data-forge-type="Inline"]').filter({ hasText: KEY_RESULT_TITLE });
    await hit.getByRole('button', { name: 'Link' }).waitFor();
    // The hits are those of the whole word (the reference backend matches titles by substring): one.
    await waitFor('the hits for "conversion" alone', async () => ((await panel.getByRole('button', { name: 'Link' }).count()) === 1 ? true : undefined));
    expect(await search.inputValue()).toBe('conversion');
    expect(await panel.locator('[data-forge-type="Textfield"]').getAttribute('value')).toBe('conversion');
    await section.screenshot({ path: path.join(ARTIFACTS, '01-search-hits.png') });

    // Link from the keyboard.
    await hit.getByRole('button', { name: 'Link' }).focus();
    await page.keyboard.press('Enter');
    await panel.getByText('Linked directly', { exact: false }).waitFor();
    await panel.getByRole('button', { name: 'Unlink' }).waitFor();
    expect(await panel.getByRole('progressbar', { name: `Progress of ${KEY_RESULT_TITLE}` }).count()).toBe(1);
    const linkedPercent = await panelPercent(panel);
    expect(linkedPercent).not.toBeNull();
    // The link itself sends the key result's new progress (key_result.issue_linked + progress_updated).
    await waitFor('the backend to have the linked progress', async () => {
      const progress = await backendProgress(page, site.backendUrl);
      return progress !== null && progressPercent(progress) === linkedPercent ? true : undefined;
    });

    // Move the issue to Done on the page: the panel mounts again and shows the new progress.
    await page.getByTestId(`transition-${ISSUE}`).selectOption({ label: 'Done' });
    await page.getByTestId(`transition-button-${ISSUE}`).click();
    // The action's answer, or its error (shown instead, so a failure names its cause rather than timing out).
    let seen = { result: null as string | null, error: null as string | null };
    const answer = await waitFor(
      'the transition to be answered',
      async () => {
        const [result, error] = await Promise.all([page.getByTestId('action-result').textContent(), page.getByTestId('action-error').textContent()]);
        seen = { result, error };
        return result?.includes(`${ISSUE} moved to Done.`) || error ? seen : undefined;
      },
      30_000,
    ).catch((timeout: Error) => {
      throw new Error(`${timeout.message}; the page said ${JSON.stringify(seen)}`);
    });
    expect(answer.error ?? '').toBe('');
    const donePercent = await waitFor('the panel to show new progress', async () => {
      const percent = await panelPercent(panel);
      return percent !== null && percent !== linkedPercent ? percent : undefined;
    });
    expect(donePercent).toBeGreaterThan(linkedPercent!);
    const backend = await waitFor('the backend to agree with the panel', async () => {
      const progress = await backendProgress(page, site.backendUrl);
      return progress !== null && progressPercent(progress) === donePercent ? progress : undefined;
    });

    // The backend's own page (framed next to the issues) shows the same progress.
    const frame = page.frameLocator('[data-testid="backend-frame"]');
    await waitFor('the framed backend page to show it', async () => ((await frame.getByTestId(`kr-row-${KEY_RESULT}`).getAttribute('data-progress')) === String(backend) ? true : undefined));

    await page.waitForTimeout(300);
    await section.screenshot({ path: path.join(ARTIFACTS, '02-linked-and-done.png') });
    await page.screenshot({ path: path.join(ARTIFACTS, '03-sandbox-page.png'), fullPage: true });

    // Another acting user gets their own panel of the same issue.
    await page.getByTestId('acting-as').selectOption('557058:demo-0001');
    await page.getByTestId('kr-panel-title').filter({ hasText: `${ISSUE} as Ada Admin` }).waitFor();
    await panel.getByText(KEY_RESULT_TITLE).waitFor();
    expect(await panelPercent(panel)).toBe(donePercent);
    expect(await page.getByTestId('kr-panel-status').textContent()).toBe('');

    // Only handlers of the drawn panel run: a button whose handler id was tampered with is refused, with the reason, and nothing changes.
    // Tampered and clicked in one step: the panel redraws now and then, which would put the real handler back in between.
    const unlink = panel.getByRole('button', { name: 'Unlink' });
    await unlink.evaluate((button) => {
      const element = button as unknown as { setAttribute(name: string, value: string): void; click(): void };
      element.setAttribute('data-forge-on-click', 'not-a-handler');
      element.click();
    });
    await page.getByTestId('kr-panel-status').filter({ hasText: 'The panel refused that: The panel of CHK-10 has no handler not-a-handler' }).waitFor();
    await panel.locator('[data-forge-on-click]:not([data-forge-on-click="not-a-handler"])').filter({ hasText: 'Unlink' }).waitFor();
    const after = (await (await page.request.get(`${sandbox.url}/api/site`)).json()) as SiteView;
    expect(after.issues.find((i) => i.key === ISSUE)!.linkedKeyResults).toEqual([KEY_RESULT]);
    expect(problems).toEqual([]);
  });
});
