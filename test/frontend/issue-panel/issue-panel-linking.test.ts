/**
 * Linking from the issue panel as it renders: type in the search field, Link a hit,
 * Unlink a key result, and failures shown next to what caused them.
 */
import { textOf } from '../../../dev/ui-kit/forge-doc';
import type { UiKitRender } from '../../../dev/ui-kit/capture-ui-kit-render';
import { failure } from '../../../src/resolvers/resolver-response';
import { panelKeyResult, panelView } from '../../factories/issue-panel';
import { type FakePanelState, fakePanelResolver } from './fake-panel-resolver';
import { buttonsLabelled, renderPanel, stopPanels } from './render-panel';

afterEach(stopPanels);

const CATALOG: FakePanelState['catalog'] = [
  { id: 'kr-onboarding', title: 'Cut onboarding time to 2 days', objective: 'Delight new customers' },
  { id: 'kr-churn', title: 'Reduce churn to 3%', objective: 'Keep the customers we have' },
  { id: 'kr-nps', title: 'Raise NPS to 50', objective: null },
];

const freshState = (): FakePanelState => ({ view: panelView(), catalog: CATALOG });

async function type(panel: UiKitRender, text: string): Promise<void> {
  await panel.change(panel.get({ type: 'Textfield' }), text);
}

/** The block (a Stack) of one search hit or linked key result: the innermost Stack holding the title. */
const blockOf = (panel: UiKitRender, title: string) =>
  panel.findAll((node) => node.type === 'Stack' && textOf(node).includes(title) && (textOf(node).includes('Link') || textOf(node).includes('Linked'))).pop()!;

describe('issue panel linking', () => {
  test('search → hits → Link: the view panel.link returned is shown, the hit then says Linked', async () => {
    const resolver = fakePanelResolver(freshState());
    const panel = await renderPanel(resolver.route);
    await panel.waitFor({ text: 'Cut onboarding time to 2 days' });

    await type(panel, 'r');
    await panel.waitFor({ text: 'Raise NPS to 50' });
    // Every catalog title with an "r": the already-linked one says Linked and offers no Link.
    expect(buttonsLabelled(panel, 'Link')).toHaveLength(2);
    expect(panel.findAll({ type: 'Lozenge', text: 'Linked' })).toHaveLength(1);
    expect(textOf(blockOf(panel, 'Cut onboarding time to 2 days'))).toContain('Linked');

    await type(panel, 'churn');
    // The earlier hits stay until the new answer replaces them.
    expect(panel.hasText('Raise NPS to 50')).toBe(true);
    await panel.waitForTree((tree) => !textOf(tree).includes('Raise NPS to 50'));
    const link = buttonsLabelled(panel, 'Link');
    expect(link).toHaveLength(1);
    await panel.click(link[0]!);

    // The list now has the new key result, from the view panel.link answered.
    await panel.waitFor({ type: 'Text', text: 'No progress yet' });
    expect(panel.invocations.filter((call) => call.functionKey === 'panel.link')).toEqual([{ functionKey: 'panel.link', payload: { keyResultId: 'kr-churn' } }]);
    expect(buttonsLabelled(panel, 'Unlink')).toHaveLength(2);
    expect(panel.findAll({ type: 'Text', text: 'Reduce churn to 3%' })).toHaveLength(2); // in the list and as the hit
    expect(buttonsLabelled(panel, 'Link')).toEqual([]);
    expect(panel.findAll({ type: 'Lozenge', text: 'Linked' })).toHaveLength(1);
  });

  test('search waits for a pause in typing and needs at least one character', async () => {
    const panel = await renderPanel(fakePanelResolver(freshState()).route);
    await panel.waitFor({ type: 'Textfield' });

    await type(panel, '   ');
    await type(panel, 'R');
    await type(panel, 'Ra');
    await type(panel, 'Rai');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(panel.invocations.filter((call) => call.functionKey === 'panel.searchKeyResults')).toEqual([]);

    await panel.waitFor({ text: 'Raise NPS to 50' });
    expect(panel.invocations.filter((call) => call.functionKey === 'panel.searchKeyResults')).toEqual([{ functionKey: 'panel.searchKeyResults', payload: { query: 'Rai' } }]);

    // Clearing the field drops the hits and searches for nothing.
    await type(panel, '  ');
    await panel.waitForTree((tree) => !textOf(tree).includes('Raise NPS to 50'));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(panel.invocations.filter((call) => call.functionKey === 'panel.searchKeyResults')).toHaveLength(1);
  });

  test('a search with no hits says so', async () => {
    const panel = await renderPanel(fakePanelResolver(freshState()).route);
    await panel.waitFor({ type: 'Textfield' });
    await type(panel, 'zebra');
    await panel.waitFor({ text: 'No key results match “zebra”.' });
  });

  test('Unlink round trip: the key result leaves the list, with the view panel.unlink returned', async () => {
    const resolver = fakePanelResolver({ view: panelView({ keyResults: [panelKeyResult(), panelKeyResult({ keyResultId: 'kr-nps', title: 'Raise NPS to 50' })] }), catalog: CATALOG });
    const panel = await renderPanel(resolver.route);
    await panel.waitFor({ text: 'Raise NPS to 50' });

    const unlink = buttonsLabelled(panel, 'Unlink');
    expect(unlink).toHaveLength(2);
    await panel.click(unlink[1]!);

    await panel.waitForTree((tree) => !textOf(tree).includes('Raise NPS to 50'));
    expect(panel.invocations.at(-1)).toEqual({ functionKey: 'panel.unlink', payload: { keyResultId: 'kr-nps' } });
    expect(panel.hasText('Cut onboarding time to 2 days')).toBe(true);
    expect(buttonsLabelled(panel, 'Unlink')).toHaveLength(1);

    // The last one goes too: the designed empty state, not a blank panel.
    await panel.click(buttonsLabelled(panel, 'Unlink')[0]!);
    await panel.waitFor({ text: 'This issue does not count toward any key result yet.' });
    expect(resolver.state.view.keyResults).toEqual([]);
  });

  test('a failed search shows its error by the search field and keeps the linked list', async () => {
    const resolver = fakePanelResolver(freshState(), { 'panel.searchKeyResults': () => failure('UNREACHABLE', 'The OKR workspace did not answer the search.') });
    const panel = await renderPanel(resolver.route);
    await panel.waitFor({ text: 'Cut onboarding time to 2 days' });

    await type(panel, 'churn');
    const error = await panel.waitFor({ type: 'ErrorMessage' });
    expect(textOf(error)).toBe('The OKR workspace did not answer the search.');
    // Next to the field: in the same block as the Textfield.
    const searchBlock = panel.findAll((node) => node.type === 'Stack' && node.children.some((child) => child.type === 'Textfield')).pop()!;
    expect(searchBlock.children).toContainEqual(error);
    expect(panel.hasText('Cut onboarding time to 2 days')).toBe(true);
    expect(buttonsLabelled(panel, 'Unlink')).toHaveLength(1);
    expect(panel.findAll({ type: 'SectionMessage' })).toEqual([]);
  });

  test('a failed link shows by its hit, a failed unlink by its key result; the list stays', async () => {
    const resolver = fakePanelResolver(freshState(), {
      'panel.link': () => failure('FORBIDDEN', 'You can no longer edit this issue.'),
      'panel.unlink': () => failure('BACKEND_ERROR', 'The OKR workspace refused the change.'),
    });
    const panel = await renderPanel(resolver.route);
    await panel.waitFor({ text: 'Cut onboarding time to 2 days' });

    await type(panel, 'churn');
    await panel.waitFor({ text: 'Reduce churn to 3%' });
    await panel.click(buttonsLabelled(panel, 'Link')[0]!);
    await panel.waitFor({ type: 'ErrorMessage', text: 'You can no longer edit this issue.' });
    expect(textOf(blockOf(panel, 'Reduce churn to 3%'))).toContain('You can no longer edit this issue.');

    await panel.click(buttonsLabelled(panel, 'Unlink')[0]!);
    await panel.waitFor({ type: 'ErrorMessage', text: 'The OKR workspace refused the change.' });
    const row = panel.findAll((node) => node.type === 'Stack' && textOf(node).includes('Unlink') && !textOf(node).includes('Link a key result')).pop()!;
    expect(textOf(row)).toContain('Cut onboarding time to 2 days');
    expect(textOf(row)).toContain('The OKR workspace refused the change.');
    expect(textOf(row)).not.toContain('You can no longer edit this issue.');
    expect(panel.findAll({ type: 'ProgressBar' })).toHaveLength(1);
  });
});
