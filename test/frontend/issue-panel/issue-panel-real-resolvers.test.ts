/**
 * The real panel, rendered by the real @forge/react under the shim, over the app's real
 * resolvers on the local platform with the reference OKR backend: search, link, unlink
 * round trips as a Jira user makes them, and the read-only line for someone not allowed.
 */
import { textOf } from '../../../dev/ui-kit/forge-doc';
import { captureUiKitRender, type UiKitRender } from '../../../dev/ui-kit/capture-ui-kit-render';
import { issuePanelContext, routeInvokeToPlatform } from '../../../dev/ui-kit/issue-panel-context';
import type { SimIssue } from '../../../dev/platform/jira/site-model';
import { READ_ONLY_BY_EDIT } from '../../../src/services/issue-panel-view';
import { type AdminPlatform, ADMIN, MEMBER, startAdminPlatform } from '../../support/admin-platform';
import { buttonsLabelled } from './render-panel';

let env: AdminPlatform;
let issue: SimIssue;
const renders: UiKitRender[] = [];

beforeEach(async () => {
  env = await startAdminPlatform();
  issue = env.site.createIssue({ projectKey: 'OKR', summary: 'Faster checkout', reporterId: ADMIN.accountId });
  expect((await env.connect()).ok).toBe(true);
});
afterEach(async () => {
  for (const render of renders.splice(0)) {
    render.stop();
    expect(render.problems).toEqual([]);
    expect(render.unsupportedCalls).toEqual([]);
  }
  await env.stop();
});

async function openPanel(accountId: string): Promise<UiKitRender> {
  const target = { id: issue.id, key: issue.key };
  const render = await captureUiKitRender({ invoke: routeInvokeToPlatform(env.platform, accountId, target), context: issuePanelContext({ accountId, cloudId: env.site.cloudId, issue: target }) });
  renders.push(render);
  return render;
}

it('a user finds a key result by title, links it, sees its progress, and unlinks it; the backend agrees', async () => {
  const panel = await openPanel(MEMBER.accountId);
  await panel.waitFor({ text: 'This issue does not count toward any key result yet.' });
  await panel.change(await panel.waitFor({ type: 'Textfield' }), 'conversion');
  await panel.waitFor({ text: 'Raise checkout conversion from 2.1% to 3%' });
  const [link] = buttonsLabelled(panel, 'Link');
  await panel.click(link!);
  await panel.waitFor({ text: 'Delight customers at checkout' });
  await panel.waitForTree((tree) => textOf(tree).includes('0%') && textOf(tree).includes('Linked directly'));
  expect(buttonsLabelled(panel, 'Unlink')).toHaveLength(1);

  await env.platform.drain();
  const progress = await (await fetch(`${env.backend.url}/api/progress`)).json() as { keyResults: Array<{ id: string; progress: number | null; issueCount: number | null }> };
  expect(progress.keyResults.find((k) => k.id === 'kr-checkout-conversion')).toMatchObject({ progress: 0, issueCount: 1 });

  await panel.click(buttonsLabelled(panel, 'Unlink')[0]!);
  await panel.waitFor({ text: 'This issue does not count toward any key result yet.' });
  await env.platform.drain();
  const after = await (await fetch(`${env.backend.url}/api/progress`)).json() as { keyResults: Array<{ id: string; progress: number | null; issueCount: number | null }> };
  expect(after.keyResults.find((k) => k.id === 'kr-checkout-conversion')).toMatchObject({ progress: null, issueCount: 0 });
});

it('someone who cannot edit the issue sees the list read-only with one line saying why, and no Link or Unlink', async () => {
  const adminPanel = await openPanel(ADMIN.accountId);
  await adminPanel.change(await adminPanel.waitFor({ type: 'Textfield' }), 'uptime');
  await adminPanel.waitFor({ text: 'Reach 99.95% monthly uptime' });
  await adminPanel.click(buttonsLabelled(adminPanel, 'Link')[0]!);
  await adminPanel.waitForTree((tree) => textOf(tree).includes('Linked directly'));

  env.site.setProjectAccess('OKR', { edit: [ADMIN.accountId] });
  const panel = await openPanel(MEMBER.accountId);
  await panel.waitFor({ text: READ_ONLY_BY_EDIT });
  expect(panel.hasText('Reach 99.95% monthly uptime')).toBe(true);
  expect(buttonsLabelled(panel, 'Unlink')).toEqual([]);
  expect(panel.findAll({ type: 'Textfield' })).toEqual([]);
});
