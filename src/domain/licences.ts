/**
 * Product access shown as licences, as the usage seed describes it: each Jira product a
 * user can use is a licence, and a product that another one includes (Jira Work
 * Management, formerly Jira Core, comes with Jira Software and Jira Service Management)
 * is not counted again.
 */
export interface Licence {
  /** Jira's application role key, e.g. jira-software. */
  productKey: string;
  name: string;
}

/** Names for the keys Jira uses; another key keeps the name Jira gives it. */
export const PRODUCT_NAMES: Readonly<Record<string, string>> = {
  'jira-software': 'Jira Software',
  'jira-servicedesk': 'Jira Service Management',
  'jira-product-discovery': 'Jira Product Discovery',
  'jira-core': 'Jira Work Management',
};

/** Product → the products whose access includes it. */
const INCLUDED_IN: Readonly<Record<string, readonly string[]>> = {
  'jira-core': ['jira-software', 'jira-servicedesk'],
};

/** A user's licences from the products they can use (any order, duplicates allowed), sorted by key. */
export function licencesOf(products: ReadonlyArray<{ key: string; name?: string | null }>): Licence[] {
  const byKey = new Map<string, string>();
  for (const product of products) if (!byKey.has(product.key)) byKey.set(product.key, PRODUCT_NAMES[product.key] ?? product.name ?? product.key);
  return [...byKey]
    .filter(([key]) => !(INCLUDED_IN[key] ?? []).some((including) => byKey.has(including)))
    .map(([productKey, name]) => ({ productKey, name }))
    .sort((a, b) => a.productKey.localeCompare(b.productKey));
}

/** Jira account types: only people count (apps and service-desk customers do not hold product licences). */
export const isHumanAccount = (accountType: string | null | undefined): boolean => accountType === 'atlassian';
