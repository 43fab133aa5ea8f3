import { drawForgeDocHtml, escapeHtml } from '../../../dev/ui-kit/draw-forge-doc-html';
import type { ForgeDocNode } from '../../../dev/ui-kit/forge-doc';
import { failure, success } from '../../../src/resolvers/resolver-response';
import { panelKeyResult, panelView } from '../../factories/issue-panel';
import { fakePanelResolver } from './fake-panel-resolver';
import { renderPanel, stopPanels } from './render-panel';

afterEach(stopPanels);

const node = (type: string, props: Record<string, unknown> = {}, children: ForgeDocNode[] = []): ForgeDocNode => ({ type, key: `${type}-key`, props, children });
const text = (value: string) => node('String', { text: value });

describe('drawing a captured UI Kit tree as HTML', () => {
  test('escapes text, text props and attribute values', () => {
    const html = drawForgeDocHtml(
      node('Root', {}, [
        node('SectionMessage', { appearance: 'error', title: '<b>"Title"</b>' }, [node('Text', {}, [text(`<script>alert('x')</script> & more`)])]),
        node('Textfield', { id: 'q"><img src=x onerror=alert(1)>', value: `it's "quoted"`, onChange: Object.assign(() => undefined, { __id__: 'h-1' }) }),
      ]),
    );
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more');
    expect(html).toContain('<strong>&lt;b&gt;&quot;Title&quot;&lt;/b&gt;</strong>');
    expect(html).toContain('id="q&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    expect(html).toContain('value="it&#39;s &quot;quoted&quot;"');
    expect(html).toContain('data-forge-on-change="h-1"');
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });

  test('a drawn button carries the handler id a page dispatches back (Retry on the error state)', async () => {
    let calls = 0;
    const route = fakePanelResolver({ view: panelView(), catalog: [] }, { 'panel.getView': () => (++calls === 1 ? failure('UNAVAILABLE', 'Try <again>.') : success(panelView({ keyResults: [panelKeyResult({ title: 'A & B' })] }))) }).route;
    const panel = await renderPanel(route);
    await panel.waitFor({ type: 'SectionMessage' });

    const html = panel.html();
    expect(html).toContain('Try &lt;again&gt;.');
    const button = /<button[^>]*data-forge-on-click="([^"]+)"[^>]*>Retry<\/button>/.exec(html);
    expect(button).not.toBeNull();

    await panel.dispatch(button![1]!, { type: 'click' });
    await panel.waitFor({ text: 'A & B' });
    expect(panel.html()).toContain('A &amp; B');
    expect(panel.html()).toMatch(/<progress[^>]*value="0.542"/);
  });
});
