/**
 * Who may use which Jira product on a simulated site. Atlassian administration grants
 * product access to groups, never to a user directly: a user's product access is every
 * product (Jira's "application role") that one of their groups is granted. Plain data
 * and pure functions over it; JiraSite wraps them as its helpers.
 */
export interface SimGroup {
  /** A UUID in Jira Cloud; names can change, ids do not. */
  groupId: string;
  name: string;
  /** Account ids, each once. */
  memberIds: string[];
}

export interface SimProduct {
  /** The application role key, e.g. `jira-software`. */
  key: string;
  name: string;
  /** The groups (ids) granted the product. */
  groupIds: string[];
  /** Of those, the groups a user is put in when given the product (Jira's default groups). */
  defaultGroupIds: string[];
  /** The licence's user tier; absent means unlimited seats. */
  seats?: number;
}

/**
 * The two global permissions the simulated routes check. Jira's keys: ADMINISTER is
 * "Administer Jira", USER_PICKER is "Browse users and groups".
 */
export type SimGlobalPermission = 'ADMINISTER' | 'USER_PICKER';

/**
 * Jira Cloud's products with their application role keys. `jira-core` is the platform's own
 * role (Jira Work Management, formerly Jira Core). The default group names are the
 * simulator's, `<key>-users`: real sites name them variously.
 */
export const STANDARD_PRODUCTS: ReadonlyArray<{ key: string; name: string }> = [
  { key: 'jira-software', name: 'Jira Software' },
  { key: 'jira-servicedesk', name: 'Jira Service Management' },
  { key: 'jira-product-discovery', name: 'Jira Product Discovery' },
  { key: 'jira-core', name: 'Jira Work Management' },
];

/** The product data a site holds (a part of SiteData, so older state files lack it). */
export interface ProductAccessData {
  groups: SimGroup[];
  products: SimProduct[];
  /** Groups (ids) granted Browse users and groups; absent: every active human account. */
  browseUsersGroupIds?: string[];
  /**
   * Global permissions of the app's own ("bot") user; absent: both. The REST docs say
   * nothing of what that user holds; Forge's announcement of the FRGE-212 fix says the app
   * user is given the permissions tied to the scopes its manifest declares, synced at the
   * next install or major upgrade: a site still on an older version holds fewer.
   */
  appGlobalPermissions?: SimGlobalPermission[];
}

/** A group by id, else by name: ids and names never look alike (UUIDs vs. words). */
export const findGroup = (data: ProductAccessData, idOrName: string): SimGroup | undefined =>
  data.groups.find((g) => g.groupId === idOrName) ?? data.groups.find((g) => g.name === idOrName);

export const groupsOf = (data: ProductAccessData, accountId: string): SimGroup[] => data.groups.filter((g) => g.memberIds.includes(accountId));

/** The products any of the account's groups is granted, in the site's product order. */
export function productAccessOf(data: ProductAccessData, accountId: string): SimProduct[] {
  const mine = new Set(groupsOf(data, accountId).map((g) => g.groupId));
  return data.products.filter((p) => p.groupIds.some((id) => mine.has(id)));
}

/**
 * The members of the product's groups, each once: every account, whatever its type or state.
 * Callers counting licences keep the active human ones (see ApplicationRole.userCount).
 */
export function productMemberIds(data: ProductAccessData, product: SimProduct): string[] {
  return [...new Set(data.groups.filter((g) => product.groupIds.includes(g.groupId)).flatMap((g) => g.memberIds))];
}
