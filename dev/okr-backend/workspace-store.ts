/**
 * The seeded workspace: its credentials and two signing secrets, the Jira site connected
 * to it, its people directory and its key results.
 */
import type { OkrDatabase } from './okr-database';

export interface Workspace {
  name: string;
  email: string;
  apiToken: string;
  /** Verifies the app's webhooks to the backend. */
  signingSecret: string;
  /** Signs the backend's calls to the app's web trigger (never equal to signingSecret). */
  inboundSigningSecret: string;
  connection: JiraConnection | null;
}

export interface JiraConnection {
  cloudId: string;
  siteUrl: string | null;
  webTriggerUrl: string | null;
  connectedAt: string;
}

export interface DirectoryPerson {
  email: string;
  name: string;
  designation: string;
  organizationalUnit: string | null;
}

export interface KeyResultSummary {
  id: string;
  title: string;
  objective: string;
}

interface WorkspaceRow {
  name: string;
  email: string;
  api_token: string;
  signing_secret: string;
  inbound_signing_secret: string;
  cloud_id: string | null;
  site_url: string | null;
  web_trigger_url: string | null;
  connected_at: string | null;
}

export function readWorkspace(db: OkrDatabase): Workspace {
  const row = db.prepare('SELECT * FROM workspace WHERE id = 1').get() as WorkspaceRow | undefined;
  if (!row) throw new Error('the database has no workspace row');
  return {
    name: row.name,
    email: row.email,
    apiToken: row.api_token,
    signingSecret: row.signing_secret,
    inboundSigningSecret: row.inbound_signing_secret,
    connection:
      row.cloud_id === null
        ? null
        : { cloudId: row.cloud_id, siteUrl: row.site_url, webTriggerUrl: row.web_trigger_url, connectedAt: row.connected_at ?? '' },
  };
}

export function hasKeyResult(db: OkrDatabase, keyResultId: string): boolean {
  return db.prepare('SELECT id FROM key_results WHERE id = ?').all(keyResultId).length > 0;
}

/** Each Connect replaces the previous connection: one Jira site per workspace. */
export function saveConnection(db: OkrDatabase, connection: JiraConnection): void {
  db.prepare('UPDATE workspace SET cloud_id = ?, site_url = ?, web_trigger_url = ?, connected_at = ? WHERE id = 1').run(
    connection.cloudId,
    connection.siteUrl,
    connection.webTriggerUrl,
    connection.connectedAt,
  );
}

/** The people the directory knows among `emails` (case-insensitive), each email as the caller wrote it. */
export function lookUpPeople(db: OkrDatabase, emails: readonly string[]): DirectoryPerson[] {
  const find = db.prepare('SELECT name, designation, organizational_unit FROM directory_people WHERE email_key = ?');
  const seen = new Set<string>();
  const people: DirectoryPerson[] = [];
  for (const email of emails) {
    const key = email.trim().toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const row = find.get(key) as { name: string; designation: string; organizational_unit: string | null } | undefined;
    if (row) people.push({ email, name: row.name, designation: row.designation, organizationalUnit: row.organizational_unit });
  }
  return people;
}

/**
 * Case-insensitive substring match on the objective, the key result's title or its id.
 * Filtered in JS rather than with SQL LIKE, whose case folding is ASCII-only.
 */
export function searchKeyResults(db: OkrDatabase, query: string, limit: number): KeyResultSummary[] {
  const needle = query.trim().toLocaleLowerCase('en');
  const all = listKeyResults(db);
  const matches = (kr: KeyResultSummary) => [kr.objective, kr.title, kr.id].some((text) => text.toLocaleLowerCase('en').includes(needle));
  return all.filter(matches).slice(0, limit);
}

/** Every key result of the workspace, in its order. */
export const listKeyResults = (db: OkrDatabase): KeyResultSummary[] =>
  db.prepare('SELECT id, title, objective FROM key_results ORDER BY position').all() as KeyResultSummary[];
