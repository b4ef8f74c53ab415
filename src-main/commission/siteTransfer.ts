/**
 * A whole site to one file and back, to move it to another laptop or a gateway: its devices (with
 * their salted credential hashes, so they can connect there, never a credential), the plans its
 * records used, the records, and the devices' properties. Import keeps what exists: a device
 * already registered keeps its credential; records and plans are taken by id.
 */
import { deviceKey } from '../contract/deviceKey';
import { first } from '../contract/present';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import {
  CommissionPlan,
  CommissionRecord,
  SITE_EXPORT_FORMAT,
} from '../contract/commissionSchemas';
import { CommissionError } from './CommissionError';
import type { CommissionStore } from './CommissionStore';

const ExportedDevice = z.object({
  user: z.string(),
  device: z.string(),
  name: z.string(),
  description: z.string(),
  credentialHash: z.string().min(1),
  createdAt: z.number(),
  credentialUpdatedAt: z.number(),
});

const ExportedProperty = z.object({
  user: z.string(),
  device: z.string(),
  property: z.string(),
  value: z.string(),
  updatedAt: z.number(),
});

export const SiteExport = z.object({
  format: z.literal(SITE_EXPORT_FORMAT),
  version: z.literal(1),
  site: z.string().min(1).max(128),
  exportedAt: z.number(),
  plans: z.array(z.object({ id: z.string(), plan: CommissionPlan, updatedAt: z.number() })),
  devices: z.array(ExportedDevice),
  records: z.array(CommissionRecord),
  properties: z.array(ExportedProperty),
});
export type SiteExport = z.infer<typeof SiteExport>;

export function exportSite(
  db: Database,
  store: CommissionStore,
  site: string,
  now = Date.now(),
): SiteExport {
  const records = store.records({ site });
  if (records.length === 0)
    throw new CommissionError('PLAN', `${site} has no commissioning records to export`);
  const keys = new Map<string, { user: string; device: string }>();
  for (const r of records) if (r.identity) keys.set(deviceKey(r.identity), r.identity);
  const planIds = new Set(records.map((r) => r.plan.id).filter((id): id is string => id !== null));
  const deviceRow = db.prepare(
    'SELECT user, device, name, description, credential_hash, created_at, credential_updated_at FROM devices WHERE user = ? AND device = ?',
  );
  const propRows = db.prepare(
    'SELECT user, device, property, value, updated_at FROM properties WHERE user = ? AND device = ?',
  );
  const devices: SiteExport['devices'] = [];
  const properties: SiteExport['properties'] = [];
  for (const { user, device } of keys.values()) {
    const d = deviceRow.get(user, device) as
      | {
          user: string;
          device: string;
          name: string;
          description: string;
          credential_hash: string;
          created_at: number;
          credential_updated_at: number;
        }
      | undefined;
    if (!d) continue;
    devices.push({
      user: d.user,
      device: d.device,
      name: d.name,
      description: d.description,
      credentialHash: d.credential_hash,
      createdAt: d.created_at,
      credentialUpdatedAt: d.credential_updated_at,
    });
    for (const p of propRows.all(user, device) as {
      user: string;
      device: string;
      property: string;
      value: string;
      updated_at: number;
    }[])
      properties.push({
        user: p.user,
        device: p.device,
        property: p.property,
        value: p.value,
        updatedAt: p.updated_at,
      });
  }
  return {
    format: SITE_EXPORT_FORMAT,
    version: 1,
    site,
    exportedAt: now,
    plans: store.plans().filter((p) => planIds.has(p.id)),
    devices,
    records,
    properties,
  };
}

export interface ImportResult {
  site: string;
  devices: number;
  devicesKept: number;
  plans: number;
  records: number;
  properties: number;
}

/** Takes in an export in one transaction: all of it, or nothing when any part is refused. */
export function importSite(db: Database, store: CommissionStore, text: string): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CommissionError(
      'PLAN',
      'the file is not JSON: choose a site export (.json) made by IoTMP Studio',
    );
  }
  const parsed = SiteExport.safeParse(json);
  if (!parsed.success) {
    const issue = first(parsed.error.issues, 'validation issue');
    throw new CommissionError(
      'PLAN',
      issue.path[0] === 'format'
        ? 'the file is not a site export of IoTMP Studio'
        : `the site export is damaged: ${issue.path.join('.')}: ${issue.message}`,
    );
  }
  const x = parsed.data;
  const result: ImportResult = {
    site: x.site,
    devices: 0,
    devicesKept: 0,
    plans: 0,
    records: 0,
    properties: 0,
  };
  const exists = db.prepare('SELECT 1 FROM devices WHERE user = ? AND device = ?');
  const addUser = db.prepare('INSERT OR IGNORE INTO users (name, created_at) VALUES (?, ?)');
  const addDevice = db.prepare(
    `INSERT INTO devices (user, device, name, description, credential_hash, created_at, credential_updated_at, auto_registered)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0)`,
  );
  const putProp = db.prepare(
    `INSERT INTO properties (user, device, property, value, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(user, device, property) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
     WHERE excluded.updated_at > properties.updated_at`,
  );
  db.transaction(() => {
    for (const d of x.devices) {
      if (exists.get(d.user, d.device)) {
        result.devicesKept++;
        continue;
      }
      addUser.run(d.user, d.createdAt);
      addDevice.run(
        d.user,
        d.device,
        d.name,
        d.description,
        d.credentialHash,
        d.createdAt,
        d.credentialUpdatedAt,
      );
      result.devices++;
    }
    for (const p of x.plans) {
      if (!store.plan(p.id)) {
        store.savePlan(p.plan, p.id);
        result.plans++;
      }
    }
    for (const r of x.records) {
      store.putRecord(r);
      result.records++;
    }
    for (const p of x.properties) {
      if (!exists.get(p.user, p.device)) continue;
      putProp.run(p.user, p.device, p.property, p.value, p.updatedAt);
      result.properties++;
    }
  })();
  return result;
}
