/**
 * The tree @forge/react hands to the host: `callBridge('reconcile', { forgeDoc })`, where
 * forgeDoc is the reconciler's Root element. Every element is `{ type, key, props,
 * children }`; text is an element of type 'String' with `props.text`; function props
 * (onClick, onChange…) stay functions, each tagged by the reconciler with a uuid `__id__`.
 * Helpers here read such trees: find nodes by type, props and text, and outline a tree
 * for a failure message.
 */

export interface ForgeDocNode {
  type: string;
  key: string;
  props: Record<string, unknown>;
  children: ForgeDocNode[];
  forgeReactMajorVersion?: number;
}

/** A function prop as the reconciler leaves it: tagged with the id the host refers to it by. */
export type ForgeHandler = ((...args: unknown[]) => unknown) & { __id__?: string };

export interface NodeMatch {
  type?: string;
  /** Each listed prop must equal (===) the given value. */
  props?: Record<string, unknown>;
  /** The node's text (see textOf): a string must equal it after collapsing whitespace, a RegExp must match it. */
  text?: string | RegExp;
}

export type NodeQuery = NodeMatch | ((node: ForgeDocNode) => boolean);

/**
 * A copy of the tree as it is now. The reconciler keeps mutating the one forgeDoc it
 * reported (children arrays, text props), so each capture is copied to stay as it was.
 */
export function snapshotForgeDoc(node: ForgeDocNode): ForgeDocNode {
  const copy: ForgeDocNode = { type: node.type, key: node.key, props: { ...node.props }, children: node.children.map(snapshotForgeDoc) };
  if (node.forgeReactMajorVersion !== undefined) copy.forgeReactMajorVersion = node.forgeReactMajorVersion;
  return copy;
}

/** The node and all its descendants, in document order. */
export function walk(node: ForgeDocNode): ForgeDocNode[] {
  return [node, ...node.children.flatMap(walk)];
}

/** Props that UI Kit draws as visible text (SectionMessage title, EmptyState header and description). */
const TEXT_PROPS = ['title', 'header', 'description'] as const;

/**
 * What a reader sees of a node: its text props and its String descendants. Adjacent
 * strings (`{done} of {total}`) join as written; separate elements are separated by a space.
 */
export function textOf(node: ForgeDocNode): string {
  if (node.type === 'String') return String(node.props['text'] ?? '');
  const own = TEXT_PROPS.map((name) => node.props[name]).filter((value): value is string => typeof value === 'string');
  const allStrings = node.children.every((child) => child.type === 'String');
  const inner = node.children.map(textOf).filter((text) => text !== '').join(allStrings ? '' : ' ');
  return [...own, inner].filter((text) => text !== '').join(' ');
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

export function matches(node: ForgeDocNode, query: NodeQuery): boolean {
  if (typeof query === 'function') return query(node);
  if (query.type !== undefined && node.type !== query.type) return false;
  if (query.props) {
    for (const [name, value] of Object.entries(query.props)) if (node.props[name] !== value) return false;
  }
  if (query.text !== undefined) {
    const text = collapse(textOf(node));
    if (typeof query.text === 'string' ? text !== collapse(query.text) : !query.text.test(text)) return false;
  }
  return true;
}

export const findAll = (root: ForgeDocNode, query: NodeQuery): ForgeDocNode[] => walk(root).filter((node) => matches(node, query));

export const find = (root: ForgeDocNode, query: NodeQuery): ForgeDocNode | undefined => walk(root).find((node) => matches(node, query));

/** Like find, but a missing node is an error that shows what the tree holds instead. */
export function get(root: ForgeDocNode, query: NodeQuery): ForgeDocNode {
  const node = find(root, query);
  if (!node) throw new Error(`No node matches ${describeQuery(query)} in:\n${outline(root)}`);
  return node;
}

/** Whether any node's text equals (string) or matches (RegExp) the given text. */
export const hasText = (root: ForgeDocNode, text: string | RegExp): boolean => find(root, { text }) !== undefined;

export function findByKey(root: ForgeDocNode, key: string): ForgeDocNode | undefined {
  return walk(root).find((node) => node.key === key);
}

export function handlerOf(node: ForgeDocNode, name: string): ForgeHandler | undefined {
  const value = node.props[name];
  return typeof value === 'function' ? (value as ForgeHandler) : undefined;
}

/** The node holding a function prop with this reconciler id, and that prop's name. */
export function findHandler(root: ForgeDocNode, handlerId: string): { node: ForgeDocNode; name: string; handler: ForgeHandler } | undefined {
  for (const node of walk(root)) {
    for (const [name, value] of Object.entries(node.props)) {
      if (typeof value === 'function' && (value as ForgeHandler).__id__ === handlerId) return { node, name, handler: value as ForgeHandler };
    }
  }
  return undefined;
}

/** One line per node, indented: `Button {appearance:"primary", onClick:ƒ} "Link"`. For failure messages. */
export function outline(node: ForgeDocNode, depth = 0): string {
  const pad = '  '.repeat(depth);
  if (node.type === 'String') return `${pad}${JSON.stringify(node.props['text'])}`;
  const props = Object.entries(node.props)
    .map(([name, value]) => `${name}:${typeof value === 'function' ? 'ƒ' : JSON.stringify(value)}`)
    .join(', ');
  const head = `${pad}${node.type}${props ? ` {${props}}` : ''}`;
  return [head, ...node.children.map((child) => outline(child, depth + 1))].join('\n');
}

export function describeQuery(query: NodeQuery): string {
  if (typeof query === 'function') return 'the predicate';
  return JSON.stringify({ ...query, text: query.text instanceof RegExp ? String(query.text) : query.text });
}
