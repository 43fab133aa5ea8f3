import { productMemberIds } from './product-access';
import { userJson } from './representations';
import type { JiraSite, SimGroup, SimProduct, SimUser } from './site-model';

/** Product access in the shapes of Atlassian's OpenAPI document (GroupName, ApplicationRole, User). */
export const groupNameJson = (site: JiraSite, g: SimGroup) => ({
  groupId: g.groupId,
  name: g.name,
  self: `${site.data.baseUrl}/rest/api/3/group?groupId=${g.groupId}`,
});

const groupsByIds = (site: JiraSite, ids: readonly string[]) => ids.map((id) => site.data.groups.find((g) => g.groupId === id)).filter((g): g is SimGroup => g !== undefined);

/**
 * userCount is "the number of users counting against your license": the active human
 * members of the role's groups, each once. App accounts and deactivated users take no
 * seat (Atlassian bills active users only); customers are not Jira product users.
 */
export function applicationRoleJson(site: JiraSite, p: SimProduct) {
  const groups = groupsByIds(site, p.groupIds);
  const defaults = groupsByIds(site, p.defaultGroupIds);
  const userCount = productMemberIds(site.data, p).filter((id) => {
    const user = site.user(id);
    return user !== undefined && user.active && user.accountType === 'atlassian';
  }).length;
  return {
    key: p.key,
    name: p.name,
    groups: groups.map((g) => g.name),
    groupDetails: groups.map((g) => groupNameJson(site, g)),
    defaultGroups: defaults.map((g) => g.name),
    defaultGroupsDetails: defaults.map((g) => groupNameJson(site, g)),
    selectedByDefault: false,
    defined: false,
    platform: p.key === 'jira-core',
    userCount,
    userCountDescription: `${userCount} ${userCount === 1 ? 'user' : 'users'}`,
    // The document does not say what the seat counts are for unlimited seats: they are left out then.
    ...(p.seats === undefined ? { hasUnlimitedSeats: true } : { hasUnlimitedSeats: false, numberOfSeats: p.seats, remainingSeats: Math.max(0, p.seats - userCount) }),
  };
}

export type UserExpand = 'groups' | 'applicationRoles';

/**
 * Get user's User: the collections always carry their size, and their items only when
 * `expand` names them, as Jira's expansion works (the document's example shows the
 * unexpanded wrappers with a size and no items). Which ApplicationRole fields an expanded
 * role carries the document does not say: key and name, the ones a caller can rely on.
 */
export function userWithAccessJson(site: JiraSite, u: SimUser, expand: ReadonlySet<UserExpand>) {
  const groups = site.groupsOf(u.accountId);
  const roles = site.productAccessOf(u.accountId);
  return {
    ...userJson(site, u),
    groups: { size: groups.length, items: expand.has('groups') ? groups.map((g) => groupNameJson(site, g)) : [] },
    applicationRoles: { size: roles.length, items: expand.has('applicationRoles') ? roles.map((r) => ({ key: r.key, name: r.name })) : [] },
    expand: 'groups,applicationRoles',
  };
}
