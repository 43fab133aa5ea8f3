import { type UserExpand, applicationRoleJson, userWithAccessJson } from './access-representations';
import { type Principal, type Reply, type Route, errorBody } from './jira-routing';
import { userDetailsJson } from './representations';
import type { JiraSite, SimGlobalPermission, SimUser } from './site-model';

/**
 * Product access: application roles, group members and a user with their groups and roles.
 * Permissions as Atlassian's OpenAPI document states them per operation. As the app, the
 * app's own user's global permissions count (JiraSite.appHasGlobalPermission). The scopes
 * each operation needs, from the document (x-atlassian-oauth2-scopes), which the simulator
 * does not check against the manifest:
 *   getAllApplicationRoles, getApplicationRole: manage:jira-configuration (granular, beta:
 *     read:application-role:jira); Connect scope INACCESSIBLE, so Connect apps cannot call it.
 *   getUsersFromGroup: manage:jira-configuration (beta: read:group:jira, read:user:jira,
 *     read:avatar:jira); Connect scope ADMIN.
 *   getUser: read:jira-user (beta: read:application-role:jira, read:group:jira,
 *     read:user:jira, read:avatar:jira); Connect scope READ.
 */

/** Jira's answers for missing permissions carry a message only (the document gives no 403 body). */
const forbidden = (message: string): Reply => ({ status: 403, body: errorBody(message) });
const NOT_ADMIN = 'You are not authorized to perform this action. Administrator privileges are required.';

/** The global permission of whoever calls: the app's own user, or the acting user. */
const holds = (site: JiraSite, principal: Principal, permission: SimGlobalPermission): boolean =>
  principal.kind === 'app' ? site.appHasGlobalPermission(permission) : site.userHasGlobalPermission(principal.accountId, permission);

/** getUsersFromGroup's maxResults: "between 1 and 50", default 50. Outside that the docs are silent: it is clamped. */
const GROUP_MEMBERS_MAX = 50;

function pageOf(query: URLSearchParams): { startAt: number; maxResults: number } {
  const startAt = Math.max(0, Math.floor(Number(query.get('startAt') ?? 0)) || 0);
  const asked = Math.floor(Number(query.get('maxResults') ?? GROUP_MEMBERS_MAX));
  return { startAt, maxResults: Number.isFinite(asked) ? Math.min(Math.max(asked, 1), GROUP_MEMBERS_MAX) : GROUP_MEMBERS_MAX };
}

/**
 * "Users are ordered by username", which Jira Cloud no longer shows anyone; the simulator
 * orders by display name, then account id. Callers should rely on no order.
 */
const byDisplayName = (a: SimUser, b: SimUser) => a.displayName.localeCompare(b.displayName) || a.accountId.localeCompare(b.accountId);

export const ACCESS_ROUTES: Route[] = [
  {
    // getAllApplicationRoles: Administer Jira.
    method: 'GET',
    pattern: /^\/rest\/api\/3\/applicationrole$/,
    handler: ({ site, principal }) => {
      if (!holds(site, principal, 'ADMINISTER')) return forbidden(NOT_ADMIN);
      return { status: 200, body: site.data.products.map((p) => applicationRoleJson(site, p)) };
    },
  },
  {
    // getApplicationRole: Administer Jira; an unknown key is a 404.
    method: 'GET',
    pattern: /^\/rest\/api\/3\/applicationrole\/([^/]+)$/,
    handler: ({ site, principal, params }) => {
      if (!holds(site, principal, 'ADMINISTER')) return forbidden(NOT_ADMIN);
      const product = site.product(decodeURIComponent(params[0] ?? ''));
      return product ? { status: 200, body: applicationRoleJson(site, product) } : { status: 404, body: errorBody('The application role does not exist.') };
    },
  },
  {
    // getUsersFromGroup: Browse users and groups or Administer Jira (the document's 403 text
    // still names Administer Jira alone; the either-of line is the later fix, JRACLOUD-77810).
    // Checked before the group is looked up, so a caller without either learns of no group.
    method: 'GET',
    pattern: /^\/rest\/api\/3\/group\/member$/,
    handler: ({ site, principal, query }) => {
      if (!holds(site, principal, 'USER_PICKER') && !holds(site, principal, 'ADMINISTER')) return forbidden('You do not have the permission to browse users and groups.');
      const groupId = query.get('groupId');
      const groupname = query.get('groupname');
      if (groupId === null && groupname === null) return { status: 400, body: errorBody('You must specify a group name or group id.') };
      // "This parameter cannot be used with the groupId parameter": the document's only 400 is
      // for no group at all, so the status for both is the simulator's choice.
      if (groupId !== null && groupname !== null) return { status: 400, body: errorBody('Use either groupId or groupname, not both.') };
      const group = groupId !== null ? site.data.groups.find((g) => g.groupId === groupId) : site.data.groups.find((g) => g.name === groupname);
      if (!group) return { status: 404, body: errorBody(`Group ${groupId ?? groupname ?? ''} does not exist.`) };
      const includeInactive = query.get('includeInactiveUsers') === 'true';
      const { startAt, maxResults } = pageOf(query);
      const members = group.memberIds
        .map((id) => site.user(id))
        .filter((u): u is SimUser => u !== undefined && (includeInactive || u.active))
        .sort(byDisplayName);
      const values = members.slice(startAt, startAt + maxResults).map((u) => userDetailsJson(site, u));
      const total = members.length;
      const isLast = startAt + values.length >= total;
      const pageUrl = (at: number) => `${site.data.baseUrl}/rest/api/3/group/member?groupId=${group.groupId}&includeInactiveUsers=${includeInactive}&startAt=${at}&maxResults=${maxResults}`;
      return { status: 200, body: { self: pageUrl(startAt), ...(isLast ? {} : { nextPage: pageUrl(startAt + values.length) }), maxResults, startAt, total, isLast, values } };
    },
  },
  {
    // getUser: Browse users and groups. Any account (app, customer, deactivated) is found;
    // the email is left out when hidden, as for every other user route. The document lists no
    // 400, so a request without accountId finds no user (404): Jira's answer there is undocumented.
    method: 'GET',
    pattern: /^\/rest\/api\/3\/user$/,
    handler: ({ site, principal, query }) => {
      if (!holds(site, principal, 'USER_PICKER')) return forbidden('You do not have the permission to browse users and groups.');
      const user = site.user(query.get('accountId') ?? '');
      if (!user) return { status: 404, body: errorBody('Specified user does not exist or you do not have required permissions.') };
      // Unknown expand values are ignored (the docs say nothing of them).
      const expand = new Set((query.get('expand') ?? '').split(',').map((e) => e.trim()).filter((e): e is UserExpand => e === 'groups' || e === 'applicationRoles'));
      return { status: 200, body: userWithAccessJson(site, user, expand) };
    },
  },
];
