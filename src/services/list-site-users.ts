import { decodeUserCursor, encodeUserCursor, parseListUsersInput } from '../domain/admin-payloads';
import { selectedAmong } from '../adapters/access-store';
import { type JiraUser, emailsOf, fetchUserPage } from '../adapters/jira-users';
import { lookupDirectory } from '../adapters/okr-backend-client';
import { loadApiToken, loadSettings } from '../adapters/settings-store';
import { type ResolverResponse, failure, success } from '../domain/resolver-response';
import type { UserPage } from '../domain/admin-views';

/** At most this many Jira searches fill one page (apps and deactivated users are skipped). */
const MAX_JIRA_PAGES_PER_VIEW = 3;

async function collectHumans(query: string, startAt: number, pageSize: number): Promise<{ users: JiraUser[]; next: number | null }> {
  const users: JiraUser[] = [];
  let position = startAt;
  for (let call = 0; call < MAX_JIRA_PAGES_PER_VIEW && users.length < pageSize; call += 1) {
    const wanted = pageSize - users.length;
    const page = await fetchUserPage(query, position, wanted);
    users.push(...page.users);
    position += page.rawCount;
    if (page.rawCount < wanted) return { users, next: null };
  }
  return { users, next: position };
}

type Directory = Map<string, { designation: string | null; organizationalUnit: string | null }>;

async function directoryFor(emails: string[]): Promise<{ directory: Directory; notice: string | null }> {
  const directory: Directory = new Map();
  const settings = await loadSettings();
  const token = settings.connection ? await loadApiToken() : undefined;
  if (!settings.connection || !token) return { directory, notice: 'Connect to the OKR workspace to see designations and organizational units.' };
  const answer = await lookupDirectory({ serverUrl: settings.connection.serverUrl, email: settings.connection.email, apiToken: token, emails });
  if (!answer.ok) return { directory, notice: 'The OKR workspace directory could not be reached; designations are not shown. Try again later.' };
  for (const person of answer.value) directory.set(person.email.toLowerCase(), { designation: person.designation, organizationalUnit: person.organizationalUnit });
  return { directory, notice: null };
}

/**
 * One page of "Edit Jira Users": a bounded number of Jira calls (≤3 searches + 1 email
 * lookup) and one directory lookup, whatever the size of the site. Hidden emails are
 * resolved as the app, so those users still match the directory.
 */
export async function listSiteUsers(payload: unknown): Promise<ResolverResponse<UserPage>> {
  const input = parseListUsersInput(payload);
  if (!input.ok) return failure('INVALID_INPUT', input.error.message, input.error.field);
  const startAt = decodeUserCursor(input.value.cursor, input.value.query);
  if (!startAt.ok) return failure('INVALID_INPUT', startAt.error.message, startAt.error.field);

  const { users, next } = await collectHumans(input.value.query, startAt.value, input.value.pageSize);
  const hidden = users.filter((u) => u.email === undefined).map((u) => u.accountId);
  const [resolved, selected] = await Promise.all([emailsOf(hidden), selectedAmong(users.map((u) => u.accountId))]);
  const emailOf = (u: JiraUser) => (u.email ?? resolved.get(u.accountId))?.toLowerCase();
  const emails = [...new Set(users.map(emailOf).filter((e): e is string => e !== undefined))];
  const { directory, notice } = await directoryFor(emails);

  return success({
    users: users.map((u) => {
      const person = directory.get(emailOf(u) ?? '');
      return { accountId: u.accountId, displayName: u.displayName, designation: person?.designation ?? null, organizationalUnit: person?.organizationalUnit ?? null, selected: selected.has(u.accountId) };
    }),
    nextCursor: next === null ? null : encodeUserCursor(input.value.query, next),
    notice,
  });
}
