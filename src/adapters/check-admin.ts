import api, { route } from '@forge/api';
import { readObject } from '../domain/read-json';

/**
 * Is the calling user a Jira administrator? Asked as the user (their own permissions,
 * not the app's). Any failure counts as "no": the check fails closed.
 */
export async function isJiraAdmin(): Promise<boolean> {
  try {
    const response = await api.asUser().requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`, { headers: { Accept: 'application/json' } });
    if (!response.ok) return false;
    const body: unknown = await response.json();
    return readObject(readObject(body, 'permissions'), 'ADMINISTER')?.['havePermission'] === true;
  } catch {
    return false;
  }
}
