import api, { route } from '@forge/api';
import { readObject } from '../domain/read-json';

/**
 * Can the calling user edit this issue (and so see it)? Asked as the user, with the issue
 * as context, so project roles and issue security apply. An issue the user cannot see
 * answers 404; that, and any other failure, counts as "no": the check fails closed.
 */
export async function userCanEditIssue(issueId: string): Promise<boolean> {
  try {
    const response = await api
      .asUser()
      .requestJira(route`/rest/api/3/mypermissions?issueId=${issueId}&permissions=BROWSE_PROJECTS,EDIT_ISSUES`, { headers: { Accept: 'application/json' } });
    if (!response.ok) return false;
    const permissions = readObject(await response.json(), 'permissions');
    return readObject(permissions, 'BROWSE_PROJECTS')?.['havePermission'] === true && readObject(permissions, 'EDIT_ISSUES')?.['havePermission'] === true;
  } catch {
    return false;
  }
}
