/**
 * The issue panel as it renders: the real module under the UI Kit capture shim, its
 * resolver calls answered by a fake resolver table, assertions on the tree the reconciler
 * handed to the bridge.
 */
import { findAll, textOf } from '../../../dev/ui-kit/forge-doc';
import type { PanelView } from '../../../src/resolvers/issue-panel-api';
import { type ResolverResponse, failure, success } from '../../../src/resolvers/resolver-response';
import { panelKeyResult, panelView } from '../../factories/issue-panel';
import { fakePanelResolver } from './fake-panel-resolver';
import { buttonsLabelled, renderPanel, stopPanels } from './render-panel';

afterEach(stopPanels);

const withView = (view: PanelView) => fakePanelResolver({ view, catalog: [] }).route;

describe('issue panel states', () => {
  test('allowed with results: objective, title (id when untitled), progress bar and percentage, composition, link, computed time, Unlink and search', async () => {
    const view = panelView({
      keyResults: [
        panelKeyResult(),
        panelKeyResult({ keyResultId: 'kr-untitled', title: null, objective: null, progress: 100, counts: { new: 0, indeterminate: 0, done: 1 }, issueCount: 1, computedAt: new Date(Date.now() - 3 * 3_600_000).toISOString() }),
      ],
    });
    const panel = await renderPanel(withView(view));
    await panel.waitFor({ text: 'Cut onboarding time to 2 days' });

    expect(panel.hasText('Delight new customers')).toBe(true);
    expect(panel.hasText('54%')).toBe(true);
    expect(panel.hasText('5 of 12 issues done, 3 in progress')).toBe(true);
    expect(panel.hasText('Linked directly · Progress computed 5 minutes ago')).toBe(true);
    const bars = panel.findAll({ type: 'ProgressBar' });
    expect(bars.map((bar) => bar.props['value'])).toEqual([0.542, 1]);
    expect(bars[0]!.props['ariaLabel']).toBe('Progress of Cut onboarding time to 2 days');

    // No title from the OKR backend: the id stands in; one issue is "issue", no "0 in progress".
    expect(panel.hasText('kr-untitled')).toBe(true);
    expect(panel.hasText('100%')).toBe(true);
    expect(panel.hasText('1 of 1 issue done')).toBe(true);
    expect(panel.hasText('Linked directly · Progress computed 3 hours ago')).toBe(true);

    expect(buttonsLabelled(panel, 'Unlink')).toHaveLength(2);
    expect(panel.get({ type: 'Textfield' }).props['placeholder']).toBe('Search key results by title');
    expect(panel.hasText('Link a key result')).toBe(true);
    expect(panel.invocations).toEqual([{ functionKey: 'panel.getView', payload: {} }]);
  });

  test('read-only: the list with the one-line reason, and no Link, Unlink or search', async () => {
    const reason = 'Only people a Jira admin allowed can link key results.';
    const panel = await renderPanel(withView(panelView({ canLink: false, readOnlyReason: reason })));
    await panel.waitFor({ text: reason });

    expect(panel.hasText('Cut onboarding time to 2 days')).toBe(true);
    expect(panel.findAll((node) => typeof node.props['onClick'] === 'function')).toEqual([]);
    expect(buttonsLabelled(panel, 'Unlink')).toEqual([]);
    expect(buttonsLabelled(panel, 'Link')).toEqual([]);
    expect(panel.findAll({ type: 'Textfield' })).toEqual([]);
  });

  test('empty: says the issue does not count toward any key result yet', async () => {
    const panel = await renderPanel(withView(panelView({ keyResults: [] })));
    await panel.waitFor({ text: 'This issue does not count toward any key result yet.' });

    expect(panel.findAll({ type: 'ProgressBar' })).toEqual([]);
    expect(buttonsLabelled(panel, 'Unlink')).toEqual([]);
    // Allowed users can still search for one to link.
    expect(panel.findAll({ type: 'Textfield' })).toHaveLength(1);
  });

  test('loading: a labelled spinner until panel.getView answers', async () => {
    let answer: (value: ResolverResponse<PanelView>) => void = () => undefined;
    const pending = new Promise<ResolverResponse<PanelView>>((resolve) => (answer = resolve));
    const panel = await renderPanel(fakePanelResolver({ view: panelView(), catalog: [] }, { 'panel.getView': () => pending }).route);

    // Give the module every chance to render something else before the answer arrives.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(panel.get({ type: 'Spinner' }).props['label']).toBe('Loading key results');
    expect(panel.hasText('Cut onboarding time to 2 days')).toBe(false);
    expect(panel.trees.every((tree) => findAll(tree, { type: 'Spinner' }).length === 1)).toBe(true);

    answer(success(panelView()));
    await panel.waitFor({ text: 'Cut onboarding time to 2 days' });
    expect(panel.findAll({ type: 'Spinner' })).toEqual([]);
  });

  test('error: a SectionMessage with the resolver message, and Retry loads the view', async () => {
    let calls = 0;
    const route = fakePanelResolver(
      { view: panelView(), catalog: [] },
      { 'panel.getView': () => (++calls === 1 ? failure('UNREACHABLE', 'The OKR workspace did not answer. Try again in a minute.') : success(panelView())) },
    ).route;
    const panel = await renderPanel(route);

    const message = await panel.waitFor({ type: 'SectionMessage', props: { appearance: 'error' } });
    expect(textOf(message)).toContain('The OKR workspace did not answer. Try again in a minute.');
    const retry = buttonsLabelled(panel, 'Retry');
    expect(retry).toHaveLength(1);

    await panel.click(retry[0]!);
    await panel.waitFor({ text: 'Cut onboarding time to 2 days' });
    expect(panel.findAll({ type: 'SectionMessage' })).toEqual([]);
    expect(panel.invocations.map((call) => call.functionKey)).toEqual(['panel.getView', 'panel.getView']);
    // Retry went through the loading state again.
    expect(panel.trees.some((tree, i) => i > 0 && findAll(tree, { type: 'Spinner' }).length === 1)).toBe(true);
  });

  test('error: a bridge failure (invoke rejects) is shown as a message too, never a blank panel', async () => {
    const panel = await renderPanel(async () => {
      throw new Error('socket hang up');
    });
    const message = await panel.waitFor({ type: 'SectionMessage', props: { appearance: 'error' } });
    expect(textOf(message)).toContain('Could not reach OKR Sync. Check your connection and try again.');
    expect(textOf(message)).not.toContain('socket hang up');
  });

  test('paused: says progress updates are paused by a Jira admin and still lists the key results', async () => {
    const panel = await renderPanel(withView(panelView({ state: 'paused' })));
    const notice = await panel.waitFor({ type: 'SectionMessage', props: { appearance: 'warning' } });

    expect(textOf(notice)).toMatch(/Progress updates are paused by a Jira admin/);
    expect(panel.hasText('Cut onboarding time to 2 days')).toBe(true);
    expect(panel.findAll({ type: 'ProgressBar' })).toHaveLength(1);
  });

  test('not connected: says so and who can fix it, with nothing to link', async () => {
    const panel = await renderPanel(withView(panelView({ state: 'not-connected', keyResults: [] })));
    const notice = await panel.waitFor({ type: 'SectionMessage' });

    expect(textOf(notice)).toMatch(/not connected to an OKR workspace yet/);
    expect(textOf(notice)).toMatch(/A Jira administrator can connect it/);
    expect(panel.findAll({ type: 'Textfield' })).toEqual([]);
    expect(panel.findAll((node) => typeof node.props['onClick'] === 'function')).toEqual([]);
    expect(panel.hasText(/does not count toward any key result/)).toBe(false);
  });

  test('null progress shows "No progress yet", never 0% or an empty bar', async () => {
    const panel = await renderPanel(withView(panelView({ keyResults: [panelKeyResult({ progress: null, counts: { new: 0, indeterminate: 0, done: 0 }, issueCount: 0, computedAt: null })] })));
    await panel.waitFor({ text: 'No progress yet' });

    expect(panel.hasText(/\b0%/)).toBe(false);
    expect(panel.findAll({ type: 'ProgressBar' })).toEqual([]);
    expect(panel.hasText('Linked directly · Progress not computed yet')).toBe(true);
  });
});

describe('key results the issue counts toward through a JQL', () => {
  it('says how each counts, and offers Unlink only where there is a direct link to remove', async () => {
    const view = panelView({
      keyResults: [
        panelKeyResult({ keyResultId: 'kr-jql', title: 'By query only', linkedVia: 'jql' }),
        panelKeyResult({ keyResultId: 'kr-both', title: 'Both ways', linkedVia: 'direct-and-jql' }),
      ],
    });
    const panel = await renderPanel(withView(view));
    await panel.waitFor({ text: 'By query only' });
    expect(panel.hasText("Through the key result's JQL (changed in the OKR product) · Progress computed 5 minutes ago")).toBe(true);
    expect(panel.hasText("Linked directly and through the key result's JQL · Progress computed 5 minutes ago")).toBe(true);
    expect(buttonsLabelled(panel, 'Unlink')).toHaveLength(1);
  });
});
