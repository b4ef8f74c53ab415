/** Versioned migrations: from every earlier schema to the latest, with a backup first. */
import BetterSqlite3 from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations';
import { MigrationError, NewerSchemaError, openDatabase, schemaVersion } from './openDatabase';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDb(): string {
  const d = mkdtempSync(join(tmpdir(), 'iotmp-db-'));
  dirs.push(d);
  return join(d, 'studio.sqlite');
}

/** A database file at schema `version`, with one row per table that existed then. */
function atVersion(path: string, version: number): void {
  const db = new BetterSqlite3(path);
  for (const m of MIGRATIONS.filter((x) => x.version <= version)) {
    m.up(db);
    db.pragma(`user_version = ${m.version}`);
  }
  if (version >= 1) {
    db.prepare("INSERT INTO users VALUES ('acme', 1)").run();
    db.prepare(
      "INSERT INTO devices (user, device, credential_hash, created_at, credential_updated_at) VALUES ('acme', 'd1', 'scrypt$x', 1, 1)",
    ).run();
    db.prepare("INSERT INTO settings VALUES ('k', '\"v\"')").run();
  }
  if (version >= 2) {
    db.prepare("INSERT INTO properties VALUES ('acme', 'd1', 'p', '1', 1)").run();
  }
  if (version >= 3) {
    db.prepare(
      "INSERT INTO access_tokens (user, token, name, allow, created_at, modified_at) VALUES ('acme', 't', 'T', '{}', 1, 1)",
    ).run();
  }
  if (version >= 4) {
    db.prepare("INSERT INTO commission_plans VALUES ('p1', 'Pump', '{}', 1)").run();
  }
  if (version >= 5) {
    db.prepare("INSERT INTO alarm_rules VALUES ('acme', 'hot', '{}')").run();
  }
  db.close();
}

describe('migrations', () => {
  it('are numbered 1, 2, … without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it.each(Array.from({ length: LATEST_VERSION + 1 }, (_, v) => v))(
    'bring schema %i to the latest, keeping its data',
    (from) => {
      const path = tempDb();
      if (from > 0) atVersion(path, from);
      const opened = openDatabase(path);
      try {
        expect(opened.fromVersion).toBe(from);
        expect(schemaVersion(opened.db)).toBe(LATEST_VERSION);
        if (from >= 1) {
          expect(
            opened.db.prepare('SELECT device, type, enabled, tags FROM devices').all(),
          ).toEqual([{ device: 'd1', type: 'Generic', enabled: 1, tags: '[]' }]);
          expect(opened.db.prepare('SELECT value FROM settings').get()).toEqual({ value: '"v"' });
        }
        if (from >= 2)
          expect(opened.db.prepare('SELECT property FROM properties').all()).toEqual([
            { property: 'p' },
          ]);
        // A backup of every existing, older file is taken before migrating.
        if (from > 0 && from < LATEST_VERSION) {
          expect(opened.backupPath).not.toBeNull();
          const backup = new BetterSqlite3(opened.backupPath!, { readonly: true });
          expect(schemaVersion(backup)).toBe(from);
          expect(backup.prepare('SELECT count(*) AS n FROM devices').get()).toEqual({ n: 1 });
          backup.close();
        } else {
          expect(opened.backupPath).toBeNull();
        }
      } finally {
        opened.db.close();
      }
    },
  );

  it('a failing migration leaves the file at the last good version and names the backup', () => {
    const path = tempDb();
    atVersion(path, 1);
    const broken: Migration[] = [
      ...MIGRATIONS,
      {
        version: LATEST_VERSION + 1,
        description: 'broken',
        up: (db) => db.exec('CREATE TABLE users (x)'),
      },
    ];
    let error: unknown;
    try {
      openDatabase(path, { migrations: broken });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).message).toMatch(
      new RegExp(
        `could not update the database to schema ${LATEST_VERSION + 1} \\(broken\\).*a copy from before the update is in`,
      ),
    );
    const db = new BetterSqlite3(path, { readonly: true });
    expect(schemaVersion(db)).toBe(LATEST_VERSION); // 1 → 2 applied, 3 rolled back
    db.close();
    expect(existsSync((error as MigrationError).backupPath!)).toBe(true);
  });

  it('refuses a file written by a newer version instead of damaging it', () => {
    const path = tempDb();
    const db = new BetterSqlite3(path);
    db.pragma(`user_version = ${LATEST_VERSION + 5}`);
    db.close();
    expect(() => openDatabase(path)).toThrow(NewerSchemaError);
    expect(readdirSync(join(path, '..')).filter((f) => f.includes('backup'))).toEqual([]);
  });
});
