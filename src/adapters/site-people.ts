import { route } from '@forge/api';
import { isObject, readString } from '../domain/read-json';
import { isHumanAccount } from '../domain/licences';
import { getJiraAsApp } from './jira-client';

export interface SitePerson {
  accountId: string;
  displayName: string;
  /** What users/search gives the app: absent when the user hides it. */
  email: string | null;
  active: boolean;
}

/** Jira's users/search answers up to 1,000 accounts a page. */
const USER_PAGE = 1000;

/** Every person on the site, active and deactivated (apps and customers left out): one call per 1,000 accounts. */
export async function listSitePeople(): Promise<{ people: SitePerson[]; calls: number }> {
  const people: SitePerson[] = [];
  let calls = 0;
  for (let startAt = 0; ; startAt += USER_PAGE) {
    const page = await getJiraAsApp(route`/rest/api/3/users/search?startAt=${String(startAt)}&maxResults=${String(USER_PAGE)}`);
    calls += 1;
    const list = Array.isArray(page) ? page : [];
    for (const user of list) {
      if (!isObject(user) || !isHumanAccount(readString(user, 'accountType'))) continue;
      const accountId = readString(user, 'accountId');
      if (!accountId) continue;
      people.push({ accountId, displayName: readString(user, 'displayName') ?? accountId, email: readString(user, 'emailAddress') ?? null, active: user['active'] === true });
    }
    if (list.length < USER_PAGE) break;
  }
  return { people, calls };
}
