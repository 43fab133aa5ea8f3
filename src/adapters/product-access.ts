import { route } from '@forge/api';
import { isObject, readArray, readId, readObject, readString } from '../domain/read-json';
import { getJiraAsApp } from './jira-client';

export interface ProductRef {
  key: string;
  name: string | null;
}

/** Jira pages group members 50 at a time at most (documented: 1–50). */
const MEMBER_PAGE = 50;

/**
 * Product access for everyone, from the products' groups and their members: one call for
 * the roles and one per 50 members of each group (users of several products share the
 * groups' pages), so the cost grows with users / 50, not with users. Needs Administer Jira
 * (`manage:jira-configuration` for the app); Jira answers 403 otherwise.
 */
export async function productAccessByGroups(): Promise<{ access: Map<string, ProductRef[]>; calls: number }> {
  let calls = 1;
  const roles = await getJiraAsApp(route`/rest/api/3/applicationrole`);
  const membersOf = new Map<string, string[]>();
  const access = new Map<string, ProductRef[]>();
  for (const role of Array.isArray(roles) ? roles : []) {
    const key = readString(role, 'key');
    if (!key) continue;
    const product = { key, name: readString(role, 'name') ?? null };
    for (const group of readArray(role, 'groupDetails') ?? []) {
      const groupId = readId(group, 'groupId');
      if (!groupId) continue;
      let members = membersOf.get(groupId);
      if (!members) {
        members = [];
        for (let startAt = 0; ; startAt += MEMBER_PAGE) {
          const page = await getJiraAsApp(route`/rest/api/3/group/member?groupId=${groupId}&includeInactiveUsers=true&startAt=${String(startAt)}&maxResults=${String(MEMBER_PAGE)}`);
          calls += 1;
          const values = readArray(page, 'values') ?? [];
          for (const member of values) {
            const accountId = readString(member, 'accountId');
            if (accountId) members.push(accountId);
          }
          if (values.length === 0 || (isObject(page) && page['isLast'] === true)) break;
        }
        membersOf.set(groupId, members);
      }
      for (const accountId of members) access.set(accountId, [...(access.get(accountId) ?? []), product]);
    }
  }
  return { access, calls };
}

/** One user's products (the fallback when the app may not read the roles): one call per user. */
export async function productAccessOfUser(accountId: string): Promise<ProductRef[]> {
  const user = await getJiraAsApp(route`/rest/api/3/user?accountId=${accountId}&expand=applicationRoles`);
  return (readArray(readObject(user, 'applicationRoles'), 'items') ?? []).flatMap((item) => {
    const key = readString(item, 'key');
    return key ? [{ key, name: readString(item, 'name') ?? null }] : [];
  });
}
