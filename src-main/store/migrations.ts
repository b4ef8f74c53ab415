/**
 * The schema, as numbered migrations. Never edit a shipped migration: add the next one. The
 * version lives in SQLite's `user_version`; each migration runs in a transaction.
 */
import type { Database } from 'better-sqlite3';
import { last } from '../contract/present';

export interface Migration {
  version: number;
  description: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'users, devices with hashed credentials, settings',
    up: (db) =>
      db.exec(`
        CREATE TABLE users (
          name TEXT PRIMARY KEY,
          created_at INTEGER NOT NULL
        );
        CREATE TABLE devices (
          user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
          device TEXT NOT NULL,
          name TEXT NOT NULL DEFAULT '',
          description TEXT NOT NULL DEFAULT '',
          credential_hash TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          credential_updated_at INTEGER NOT NULL,
          auto_registered INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (user, device)
        );
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
      `),
  },
  {
    version: 2,
    description: 'device properties and data buckets (server resources devices call)',
    up: (db) =>
      db.exec(`
        CREATE TABLE properties (
          user TEXT NOT NULL,
          device TEXT NOT NULL,
          property TEXT NOT NULL,
          value TEXT NOT NULL,
          updated_at INTEGER NOT NULL,
          PRIMARY KEY (user, device, property),
          FOREIGN KEY (user, device) REFERENCES devices(user, device) ON DELETE CASCADE
        );
        CREATE TABLE bucket_records (
          id INTEGER PRIMARY KEY,
          user TEXT NOT NULL,
          bucket TEXT NOT NULL,
          device TEXT NOT NULL,
          ts INTEGER NOT NULL,
          data TEXT NOT NULL
        );
        CREATE INDEX bucket_records_by_time ON bucket_records (user, bucket, ts);
        CREATE INDEX bucket_records_by_device ON bucket_records (user, device, ts);
      `),
  },
  {
    version: 3,
    description:
      'Thinger-compatible server: device type and enabled flag, access tokens, property history, bucket configurations',
    up: (db) =>
      db.exec(`
        ALTER TABLE devices ADD COLUMN type TEXT NOT NULL DEFAULT 'Generic';
        ALTER TABLE devices ADD COLUMN enabled INTEGER NOT NULL DEFAULT 1;
        CREATE TABLE access_tokens (
          user TEXT NOT NULL,
          token TEXT NOT NULL,
          name TEXT NOT NULL,
          description TEXT NOT NULL DEFAULT '',
          allow TEXT NOT NULL,
          deny TEXT,
          enabled INTEGER NOT NULL DEFAULT 1,
          expire INTEGER,
          device TEXT,
          created_at INTEGER NOT NULL,
          modified_at INTEGER NOT NULL,
          PRIMARY KEY (user, token)
        );
        CREATE TABLE property_history (
          id INTEGER PRIMARY KEY,
          user TEXT NOT NULL,
          device TEXT NOT NULL,
          property TEXT NOT NULL,
          value TEXT,
          ts INTEGER NOT NULL,
          source TEXT NOT NULL
        );
        CREATE INDEX property_history_by_property ON property_history (user, device, property, id);
        CREATE TABLE buckets (
          user TEXT NOT NULL,
          bucket TEXT NOT NULL,
          name TEXT NOT NULL DEFAULT '',
          description TEXT NOT NULL DEFAULT '',
          enabled INTEGER NOT NULL DEFAULT 1,
          config TEXT NOT NULL DEFAULT '{}',
          created_at INTEGER NOT NULL,
          modified_at INTEGER NOT NULL,
          PRIMARY KEY (user, bucket)
        );
      `),
  },
  {
    version: 4,
    description: 'commissioning: plans, and one record per board grouped by site',
    up: (db) =>
      db.exec(`
        CREATE TABLE commission_plans (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          plan TEXT NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE TABLE commission_records (
          id TEXT PRIMARY KEY,
          run_id TEXT NOT NULL,
          site TEXT NOT NULL,
          user TEXT,
          device TEXT,
          status TEXT NOT NULL,
          started_at INTEGER NOT NULL,
          ended_at INTEGER,
          record TEXT NOT NULL
        );
        CREATE INDEX commission_records_by_site ON commission_records (site, started_at);
        CREATE INDEX commission_records_by_device ON commission_records (user, device, started_at);
      `),
  },
  {
    version: 5,
    description: 'alarms: rules, the alarms listed now, and their events (bounded)',
    up: (db) =>
      db.exec(`
        CREATE TABLE alarm_rules (
          user TEXT NOT NULL,
          rule TEXT NOT NULL,
          spec TEXT NOT NULL,
          PRIMARY KEY (user, rule)
        );
        CREATE TABLE alarm_active (
          user TEXT NOT NULL,
          instance TEXT NOT NULL,
          alarm TEXT NOT NULL,
          PRIMARY KEY (user, instance)
        );
        CREATE TABLE alarm_events (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          user TEXT NOT NULL,
          ts INTEGER NOT NULL,
          type TEXT NOT NULL,
          instance TEXT NOT NULL,
          event TEXT NOT NULL
        );
        CREATE INDEX alarm_events_by_user ON alarm_events (user, id);
      `),
  },
  {
    version: 6,
    description: 'devices: tags (site, room, product…) to group and filter them, a JSON array',
    up: (db) => db.exec(`ALTER TABLE devices ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';`),
  },
];

export const LATEST_VERSION = last(MIGRATIONS, 'migration').version;
