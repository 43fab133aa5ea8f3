/**
 * The reference backend's SQLite database: schema, the demo world seeded on first start,
 * and upgrades of a data dir an earlier version wrote. WAL lets the dashboard read while a
 * webhook is being written; everything lives in one file under the data dir, so data
 * survives restarts. `libsql` has better-sqlite3's synchronous API and ships prebuilt
 * binaries in the registry, so installing needs no compiler.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { DEMO_KEY_RESULTS, DEMO_PEOPLE, DEMO_WORKSPACE } from '../demo/demo-directory';

export type OkrDatabase = Database.Database;

export const DATABASE_FILE_NAME = 'okr-backend.sqlite';
/** Version 2 added the workspace's inbound signing secret, version 3 the progress epoch (see MIGRATIONS). */
export const SCHEMA_VERSION = 3;

const SCHEMA = `
CREATE TABLE workspace (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  api_token TEXT NOT NULL,
  signing_secret TEXT NOT NULL,
  -- Signs the backend's calls to the app; never the webhook secret, so a captured webhook is no valid call.
  inbound_signing_secret TEXT NOT NULL CHECK (inbound_signing_secret <> signing_secret),
  cloud_id TEXT,
  site_url TEXT,
  web_trigger_url TEXT,
  connected_at TEXT
);
CREATE TABLE directory_people (
  email_key TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  designation TEXT NOT NULL,
  organizational_unit TEXT
);
CREATE TABLE key_results (
  id TEXT PRIMARY KEY,
  objective TEXT NOT NULL,
  title TEXT NOT NULL,
  position INTEGER NOT NULL
);
-- Current state per (site, key result): sequence numbers are scoped to a site and to the
-- installation's epoch (a reinstall restarts them at 1 under a later epoch); 0 = sent none.
CREATE TABLE key_result_progress (
  cloud_id TEXT NOT NULL,
  key_result_id TEXT NOT NULL,
  epoch INTEGER NOT NULL DEFAULT 0,
  sequence INTEGER NOT NULL,
  progress REAL,
  weighted_sum INTEGER NOT NULL,
  issue_count INTEGER NOT NULL,
  count_new INTEGER NOT NULL,
  count_indeterminate INTEGER NOT NULL,
  count_done INTEGER NOT NULL,
  weights_json TEXT NOT NULL,
  webhook_id TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (cloud_id, key_result_id)
);
-- Every request to /webhooks/jira, accepted or not.
CREATE TABLE received_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  received_at TEXT NOT NULL,
  webhook_id TEXT,
  type TEXT,
  verification TEXT NOT NULL CHECK (verification IN ('verified', 'rejected', 'duplicate', 'stale')),
  reason TEXT,
  payload TEXT
);
-- An accepted webhook-id is stored once; repeats are logged as 'duplicate' without a payload.
CREATE UNIQUE INDEX received_events_accepted_id ON received_events (webhook_id) WHERE verification IN ('verified', 'stale');
`;

/** A fresh Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. */
export const generateSigningSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

/** A fresh secret for the backend's calls to the app: the contract says it never equals the webhook secret. */
export function generateInboundSigningSecret(signingSecret: string): string {
  let secret = generateSigningSecret();
  while (secret === signingSecret) secret = generateSigningSecret();
  return secret;
}

/**
 * Upgrades from each older schema version, in order: MIGRATIONS[n - 1] turns version n
 * into n + 1. A database keeps its data and its secrets; only what is new is generated.
 */
const MIGRATIONS: ReadonlyArray<(db: OkrDatabase) => void> = [
  // 1 → 2: the inbound signing secret. SQLite adds a NOT NULL column only with a default,
  // so the column starts as '' and the one workspace row gets its secret right after.
  (db) => {
    db.exec("ALTER TABLE workspace ADD COLUMN inbound_signing_secret TEXT NOT NULL DEFAULT '' CHECK (inbound_signing_secret <> signing_secret)");
    const rows = db.prepare('SELECT id, signing_secret FROM workspace').all() as { id: number; signing_secret: string }[];
    const save = db.prepare('UPDATE workspace SET inbound_signing_secret = ? WHERE id = ?');
    for (const row of rows) save.run(generateInboundSigningSecret(row.signing_secret), row.id);
  },
  // 2 → 3: the epoch of the installation that sent each stored update. The rows predate
  // epochs, so they keep 0: the app's first update under a real epoch replaces them.
  (db) => {
    db.exec('ALTER TABLE key_result_progress ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0');
  },
];

export function openOkrDatabase(dataDir: string): OkrDatabase {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, DATABASE_FILE_NAME));
  try {
    const journalMode = readPragma(db, 'journal_mode = WAL', 'journal_mode');
    if (journalMode !== 'wal') throw new Error(`SQLite refused WAL mode for ${path.join(dataDir, DATABASE_FILE_NAME)} (journal mode is ${String(journalMode)}).`);
    db.pragma('busy_timeout = 5000');
    const version = readPragma(db, 'user_version', 'user_version');
    if (version === 0) createAndSeed(db);
    else if (typeof version === 'number' && Number.isInteger(version) && version > 0 && version < SCHEMA_VERSION) migrate(db, version);
    else if (version !== SCHEMA_VERSION) throw new Error(`${path.join(dataDir, DATABASE_FILE_NAME)} has schema version ${String(version)}; this backend reads versions 1 to ${SCHEMA_VERSION}. Use another --data-dir.`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A pragma's value. libsql answers pragmas as rows (its `simple` option returns the row,
 * not the value, and its `.get()` rows carry an extra `_metadata` key), so read the column.
 */
function readPragma(db: OkrDatabase, source: string, column: string): unknown {
  const [row] = db.pragma(source) as Record<string, unknown>[];
  return row?.[column];
}

/** All steps in one transaction: a failed upgrade leaves the file as the older version wrote it. */
function migrate(db: OkrDatabase, from: number): void {
  db.transaction(() => {
    for (let version = from; version < SCHEMA_VERSION; version++) MIGRATIONS[version - 1]!(db);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

function createAndSeed(db: OkrDatabase): void {
  db.transaction(() => {
    db.exec(SCHEMA);
    const signingSecret = generateSigningSecret();
    db.prepare('INSERT INTO workspace (id, name, email, api_token, signing_secret, inbound_signing_secret) VALUES (1, ?, ?, ?, ?, ?)').run(
      DEMO_WORKSPACE.name,
      DEMO_WORKSPACE.email,
      DEMO_WORKSPACE.apiToken,
      signingSecret,
      generateInboundSigningSecret(signingSecret),
    );
    const addPerson = db.prepare('INSERT INTO directory_people (email_key, email, name, designation, organizational_unit) VALUES (?, ?, ?, ?, ?)');
    // The directory only knows people it has a designation for (the rest show as unknown in Jira).
    for (const person of DEMO_PEOPLE) {
      if (person.designation !== null) addPerson.run(person.email.toLowerCase(), person.email, person.displayName, person.designation, person.organizationalUnit);
    }
    const addKeyResult = db.prepare('INSERT INTO key_results (id, objective, title, position) VALUES (?, ?, ?, ?)');
    DEMO_KEY_RESULTS.forEach((kr, position) => addKeyResult.run(kr.id, kr.objective, kr.title, position));
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
