/**
 * Renders the real issue panel module under the UI Kit capture shim with `resolver` behind
 * `invoke`. Today tests pass fakePanelResolver(...).route; passing
 * routeInvokeToPlatform(platform, accountId, issue) runs the app's real resolver instead.
 */
import { type UiKitRender, captureUiKitRender } from '../../../dev/ui-kit/capture-ui-kit-render';
import { textOf } from '../../../dev/ui-kit/forge-doc';
import { type InvokeRoute, issuePanelContext } from '../../../dev/ui-kit/issue-panel-context';

export const VIEWER = '557058:panel-viewer';
export const ISSUE = { id: '10042', key: 'OKR-42', type: 'Story' };

const open: UiKitRender[] = [];

export async function renderPanel(resolver: InvokeRoute): Promise<UiKitRender> {
  const render = await captureUiKitRender({ invoke: resolver, context: issuePanelContext({ accountId: VIEWER, cloudId: 'ad5b6e3d-8a2f-4c2b-9f7e-2b1f0c4e5d6a', issue: ISSUE }) });
  open.push(render);
  return render;
}

/**
 * For afterEach: stops every panel rendered by the test and fails it if React warned,
 * the reconciler reported an error, or the panel needed a bridge call the shim lacks.
 */
export function stopPanels(): void {
  const renders = open.splice(0);
  for (const render of renders) render.stop();
  for (const render of renders) {
    expect(render.problems).toEqual([]);
    expect(render.bridgeErrors).toEqual([]);
    expect(render.unsupportedCalls).toEqual([]);
  }
}

/** Buttons of any kind (Button, LoadingButton) whose text is `label`. */
export const buttonsLabelled = (render: UiKitRender, label: string) =>
  render.findAll((node) => (node.type === 'Button' || node.type === 'LoadingButton') && typeof node.props['onClick'] === 'function' && textOf(node).trim() === label);
