/**
 * Draws a captured UI Kit tree as plain HTML, so the sandbox can show the panel in a
 * browser. Not Atlassian's renderer: one plain element per component, text escaped, each
 * element marked with `data-forge-type` (and `data-appearance`, `data-size`, `data-weight`,
 * `data-color` where the component has them). Every function prop becomes a
 * `data-forge-<event>` attribute holding the handler's reconciler id (`data-forge-on-click`,
 * `data-forge-on-change`), which a page sends back to UiKitRender.dispatch.
 */
import type { ForgeDocNode, ForgeHandler } from './forge-doc';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const TAGS: Record<string, string> = {
  Text: 'p',
  Heading: 'h3',
  Label: 'label',
  Button: 'button',
  LoadingButton: 'button',
  ErrorMessage: 'p',
  SectionMessage: 'section',
  Lozenge: 'span',
  Spinner: 'span',
  Strong: 'strong',
  Em: 'em',
};

const str = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);
const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function attributes(node: ForgeDocNode): string {
  const p = node.props;
  const attrs: Array<[string, string | undefined]> = [['data-forge-type', node.type]];
  for (const [name, value] of Object.entries(p)) {
    if (typeof value === 'function') attrs.push([`data-forge-${kebab(name)}`, (value as ForgeHandler).__id__]);
  }
  if (typeof p['appearance'] === 'string') attrs.push(['data-appearance', p['appearance']]);
  // How a Text reads (size="small", weight="semibold", color="color.text.subtle"), for a stylesheet to follow.
  for (const name of ['size', 'weight', 'color'] as const) if (typeof p[name] === 'string') attrs.push([`data-${name}`, p[name]]);
  switch (node.type) {
    case 'Button':
    case 'LoadingButton':
      attrs.push(['type', 'button']);
      if (p['isDisabled'] === true || p['isLoading'] === true) attrs.push(['disabled', '']);
      break;
    case 'Label':
      attrs.push(['for', str(p['labelFor'])]);
      break;
    case 'Textfield':
      attrs.push(['type', 'text'], ['id', str(p['id'])], ['value', str(p['value'])], ['placeholder', str(p['placeholder'])], ['maxlength', str(p['maxLength'])]);
      if (p['isDisabled'] === true) attrs.push(['disabled', '']);
      break;
    case 'ProgressBar':
      attrs.push(['max', '1'], ['value', str(p['value'])], ['aria-label', str(p['ariaLabel'])]);
      break;
    case 'Spinner':
      attrs.push(['role', 'status'], ['aria-label', str(p['label'])]);
      break;
    case 'ErrorMessage':
      attrs.push(['role', 'alert']);
      break;
  }
  return attrs
    .filter((attr): attr is [string, string] => attr[1] !== undefined)
    .map(([name, value]) => (value === '' && name === 'disabled' ? ' disabled' : ` ${name}="${escapeHtml(value)}"`))
    .join('');
}

export function drawForgeDocHtml(node: ForgeDocNode): string {
  if (node.type === 'String') return escapeHtml(String(node.props['text'] ?? ''));
  const inner = node.children.map(drawForgeDocHtml).join('');
  if (node.type === 'Textfield') return `<input${attributes(node)}>`;
  if (node.type === 'ProgressBar') return `<progress${attributes(node)}></progress>`;
  const heading = node.type === 'Heading' && /^h[1-6]$/.test(String(node.props['as'])) ? String(node.props['as']) : undefined;
  const tag = heading ?? TAGS[node.type] ?? 'div';
  const title = str(node.props['title']) ?? str(node.props['header']);
  const description = str(node.props['description']);
  const before = (title ? `<strong>${escapeHtml(title)}</strong>` : '') + (description ? `<p>${escapeHtml(description)}</p>` : '');
  return `<${tag}${attributes(node)}>${before}${inner}</${tag}>`;
}
