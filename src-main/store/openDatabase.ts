/**
 * Opens the app's SQLite file and brings its schema up to date: a consistent backup copy is
 * taken first (`VACUUM INTO`), each migration runs in its own transaction, and a failure leaves
 * the file at the last good version with a MigrationError naming the backup copy; the app does not
 * start on a half-migrated file (the error is shown, the data folder is left as it was).
 */
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { MIGRATIONS, type Migration } from './migrations';
import { explainNativeLoad } from './nativeModule';

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly fromVersion: number,
    readonly failedVersion: number,
    readonly backupPath: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export class NewerSchemaError extends Error {
  override name = 'NewerSchemaError';
}

export interface OpenedDatabase {
  db: Database;
  fromVersion: number;
  version: number;
  backupPath: string | null;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function openDatabase(
  path: string,
  options: { migrations?: readonly Migration[]; now?: () => Date } = {},
): OpenedDatabase {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.at(-1)?.version ?? 0;
  const existed = path !== ':memory:' && existsSync(path);
  // D8: credential hashes and endpoint secrets live here: owner-only, also for a file made by
  // an older version (SQLite gives its -wal and -shm files the database file's mode).
  if (path !== ':memory:') ownerOnly(path, true);
  let db: Database;
  try {
    db = new BetterSqlite3(path); // loads the native module on first use
  } catch (e) {
    throw explainNativeLoad(e);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const from = schemaVersion(db);
    if (from > latest) {
      throw new NewerSchemaError(
        `${path} was written by a newer IoTMP Studio (schema ${from}, this version knows ${latest}); update the app or choose another data folder`,
      );
    }
    let backupPath: string | null = null;
    if (from < latest && existed && from > 0) {
      const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
      backupPath = `${path}.backup-v${from}-${stamp}`;
      db.prepare('VACUUM INTO ?').run(backupPath);
      ownerOnly(backupPath, false);
    }
    for (const m of migrations) {
      if (m.version <= from) continue;
      try {
        db.transaction(() => {
          m.up(db);
          db.pragma(`user_version = ${m.version}`);
        })();
      } catch (e) {
        throw new MigrationError(
          `could not update the database to schema ${m.version} (${m.description}): ${(e as Error).message}` +
            (backupPath ? `; a copy from before the update is in ${backupPath}` : ''),
          from,
          m.version,
          backupPath,
          { cause: e },
        );
      }
    }
    return { db, fromVersion: from, version: schemaVersion(db), backupPath };
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Mode 0600 for a database file (created empty when `create`) and its -wal/-shm companions. */
function ownerOnly(path: string, create: boolean): void {
  if (create && !existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  for (const p of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(p)) chmodSync(p, 0o600);
}
