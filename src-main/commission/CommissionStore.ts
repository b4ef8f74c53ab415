/**
 * Plans and commissioning records in SQLite (migration 3). A record is written when a board's run
 * starts and rewritten as each step completes, so a crash or an unplugged board leaves a record
 * that says where it stopped; on open, records still `running` from an earlier process are marked
 * `interrupted` at the step they were in.
 */
import { deviceKey } from '../contract/deviceKey';
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import {
  CommissionPlan,
  CommissionRecord,
  type SavedPlan,
  type SiteSummary,
} from '../contract/commissionSchemas';

/** A record of a board that got an identity (a device on the site). */
export type IdentifiedRecord = CommissionRecord & {
  identity: NonNullable<CommissionRecord['identity']>;
};

const identified = (r: CommissionRecord): r is IdentifiedRecord => r.identity !== null;

/** A record's registry state until provisioning touches the registry. */
export const NOTHING_REGISTERED = 'nothing registered yet';

/** Records one site listing returns at most (newest first): a large plant, not a data export. */
const MAX_SITE_RECORDS = 10_000;

interface RecordRow {
  record: string;
}

export class CommissionStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  // Plans -----------------------------------------------------------------------------------------

  savePlan(plan: CommissionPlan, id: string = randomUUID()): SavedPlan {
    const parsed = CommissionPlan.parse(plan);
    const updatedAt = this.now();
    this.db
      .prepare(
        `INSERT INTO commission_plans (id, name, plan, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, plan = excluded.plan, updated_at = excluded.updated_at`,
      )
      .run(id, parsed.name, JSON.stringify(parsed), updatedAt);
    return { id, plan: parsed, updatedAt };
  }

  plans(): SavedPlan[] {
    const rows = this.db
      .prepare('SELECT id, plan, updated_at FROM commission_plans ORDER BY name, id')
      .all() as { id: string; plan: string; updated_at: number }[];
    return rows.map((r) => ({
      id: r.id,
      plan: CommissionPlan.parse(JSON.parse(r.plan)),
      updatedAt: r.updated_at,
    }));
  }

  plan(id: string): SavedPlan | undefined {
    return this.plans().find((p) => p.id === id);
  }

  deletePlan(id: string): boolean {
    return this.db.prepare('DELETE FROM commission_plans WHERE id = ?').run(id).changes > 0;
  }

  // Records ---------------------------------------------------------------------------------------

  /** Inserts or replaces a record (the whole document: one row, one transaction). */
  putRecord(record: CommissionRecord): void {
    this.db
      .prepare(
        `INSERT INTO commission_records (id, run_id, site, user, device, status, started_at, ended_at, record)
         VALUES (@id, @runId, @site, @user, @device, @status, @startedAt, @endedAt, @record)
         ON CONFLICT(id) DO UPDATE SET site = excluded.site, user = excluded.user,
           device = excluded.device, status = excluded.status, ended_at = excluded.ended_at,
           record = excluded.record`,
      )
      .run({
        id: record.id,
        runId: record.runId,
        site: record.site,
        user: record.identity?.user ?? null,
        device: record.identity?.device ?? null,
        status: record.status,
        startedAt: record.startedAt,
        endedAt: record.endedAt,
        record: JSON.stringify(record),
      });
  }

  record(id: string): CommissionRecord | undefined {
    const row = this.db.prepare('SELECT record FROM commission_records WHERE id = ?').get(id) as
      RecordRow | undefined;
    return row ? CommissionRecord.parse(JSON.parse(row.record)) : undefined;
  }

  records(
    filter: { site?: string; runId?: string; user?: string; device?: string } = {},
  ): CommissionRecord[] {
    const where: string[] = [];
    const args: Record<string, string> = {};
    for (const [k, col] of [
      ['site', 'site'],
      ['runId', 'run_id'],
      ['user', 'user'],
      ['device', 'device'],
    ] as const) {
      const v = filter[k];
      if (v !== undefined) {
        where.push(`${col} = @${k}`);
        args[k] = v;
      }
    }
    const rows = this.db
      .prepare(
        `SELECT record FROM commission_records ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY started_at DESC, id LIMIT ${MAX_SITE_RECORDS}`,
      )
      .all(args) as RecordRow[];
    return rows.map((r) => CommissionRecord.parse(JSON.parse(r.record)));
  }

  /** Each device's latest record on a site (its certificate), by device id. */
  latestPerDevice(site: string): IdentifiedRecord[] {
    const seen = new Set<string>();
    const out: IdentifiedRecord[] = [];
    for (const r of this.records({ site })) {
      if (!identified(r)) continue;
      const key = deviceKey(r.identity);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(r);
    }
    return out.sort((a, b) =>
      a.identity.device.localeCompare(b.identity.device, 'en', { numeric: true }),
    );
  }

  sites(): SiteSummary[] {
    const names = this.db
      .prepare('SELECT DISTINCT site FROM commission_records ORDER BY site')
      .all() as { site: string }[];
    return names.map(({ site }) => {
      const latest = this.latestPerDevice(site);
      const last = this.db
        .prepare(
          'SELECT MAX(COALESCE(ended_at, started_at)) AS t FROM commission_records WHERE site = ?',
        )
        .get(site) as { t: number | null };
      return {
        site,
        devices: latest.length,
        passed: latest.filter((r) => r.status === 'pass').length,
        failed: latest.filter((r) => r.status !== 'pass').length,
        lastAt: last.t,
      };
    });
  }

  /**
   * Device ids of one user that a record gave to a board that got as far as the registry (a board
   * refused before provisioning leaves its number free for the next one), for the next free `{n}`.
   */
  usedDeviceIds(user: string): Set<string> {
    const rows = this.db
      .prepare(
        "SELECT device, json_extract(record, '$.registryState') AS state FROM commission_records WHERE user = ? AND device IS NOT NULL",
      )
      .all(user) as { device: string; state: string }[];
    return new Set(rows.filter((r) => r.state !== NOTHING_REGISTERED).map((r) => r.device));
  }

  /**
   * Records left `running` by a process that stopped (crash, power cut): each says it was
   * interrupted at the step it was in. Returns how many.
   */
  markInterrupted(): number {
    const rows = this.db
      .prepare("SELECT record FROM commission_records WHERE status = 'running'")
      .all() as RecordRow[];
    const at = this.now();
    const tx = this.db.transaction(() => {
      for (const row of rows) {
        const r = CommissionRecord.parse(JSON.parse(row.record));
        const step = r.steps.find((s) => s.status === 'running')?.step ?? r.stoppedAt;
        this.putRecord({
          ...r,
          status: 'interrupted',
          stoppedAt: step ?? null,
          error: `the app stopped during ${step ?? 'the run'}; ${r.registryState}`,
          steps: r.steps.map((s) =>
            s.status === 'running'
              ? { ...s, status: 'failed', detail: 'interrupted: the app stopped', endedAt: at }
              : s,
          ),
          endedAt: at,
        });
      }
    });
    tx();
    return rows.length;
  }
}
