/**
 * Alarms in SQLite: rules per user, the alarms listed now (so a restart shows them again), and
 * the log of alarm events, bounded (the oldest events go past `MAX_ALARM_EVENTS`).
 */
import type { Database } from 'better-sqlite3';
import type { AlarmEvent, AlarmInstance } from '../core/alarms';
import type { AlarmRuleSpec } from './rules';

/** Events kept (all users): months of a busy site's alarms, a few MB. */
const MAX_ALARM_EVENTS = 10_000;
/** Rules per user: a list a person maintains, and a bounded set of streams to open. */
export const MAX_RULES_PER_USER = 200;

export interface StoredAlarmEvent extends AlarmEvent {
  id: number;
}

export class AlarmStore {
  constructor(
    private readonly db: Database,
    private readonly maxEvents = MAX_ALARM_EVENTS,
  ) {}

  rules(user?: string): AlarmRuleSpec[] {
    const rows = (
      user === undefined
        ? this.db.prepare('SELECT spec FROM alarm_rules ORDER BY user, rule').all()
        : this.db.prepare('SELECT spec FROM alarm_rules WHERE user = ? ORDER BY rule').all(user)
    ) as { spec: string }[];
    return rows.map((r) => JSON.parse(r.spec) as AlarmRuleSpec);
  }

  rule(user: string, rule: string): AlarmRuleSpec | null {
    const row = this.db
      .prepare('SELECT spec FROM alarm_rules WHERE user = ? AND rule = ?')
      .get(user, rule) as { spec: string } | undefined;
    return row ? (JSON.parse(row.spec) as AlarmRuleSpec) : null;
  }

  countRules(user: string): number {
    return (
      this.db.prepare('SELECT count(*) AS n FROM alarm_rules WHERE user = ?').get(user) as {
        n: number;
      }
    ).n;
  }

  saveRule(spec: AlarmRuleSpec): void {
    this.db
      .prepare(
        'INSERT INTO alarm_rules (user, rule, spec) VALUES (?, ?, ?) ON CONFLICT (user, rule) DO UPDATE SET spec = excluded.spec',
      )
      .run(spec.user, spec.rule, JSON.stringify(spec));
  }

  removeRule(user: string, rule: string): boolean {
    return (
      this.db.prepare('DELETE FROM alarm_rules WHERE user = ? AND rule = ?').run(user, rule)
        .changes > 0
    );
  }

  /** Alarms listed when the app stopped. */
  listed(): AlarmInstance[] {
    return (this.db.prepare('SELECT alarm FROM alarm_active').all() as { alarm: string }[]).map(
      (r) => JSON.parse(r.alarm) as AlarmInstance,
    );
  }

  /** Records events and keeps the listed alarms in step, in one transaction. */
  record(events: readonly AlarmEvent[]): void {
    if (!events.length) return;
    const insert = this.db.prepare(
      'INSERT INTO alarm_events (user, ts, type, instance, event) VALUES (?, ?, ?, ?, ?)',
    );
    const upsert = this.db.prepare(
      'INSERT INTO alarm_active (user, instance, alarm) VALUES (?, ?, ?) ON CONFLICT (user, instance) DO UPDATE SET alarm = excluded.alarm',
    );
    const remove = this.db.prepare('DELETE FROM alarm_active WHERE user = ? AND instance = ?');
    this.db.transaction(() => {
      for (const e of events) {
        const a = e.alarm;
        insert.run(a.user, e.ts, e.type, a.instance, JSON.stringify(e));
        if (e.type === 'cleared') remove.run(a.user, a.instance);
        else upsert.run(a.user, a.instance, JSON.stringify(a));
      }
      this.db
        .prepare('DELETE FROM alarm_events WHERE id <= (SELECT max(id) FROM alarm_events) - ?')
        .run(this.maxEvents);
    })();
  }

  /** A user's events, newest first; `before` (an event id) pages further back. */
  events(
    user: string,
    options: { limit: number; before?: number; instance?: string },
  ): StoredAlarmEvent[] {
    const rows = this.db
      .prepare(
        `SELECT id, event FROM alarm_events WHERE user = ? AND id < ? ${options.instance ? 'AND instance = ?' : ''} ORDER BY id DESC LIMIT ?`,
      )
      .all(
        user,
        options.before ?? Number.MAX_SAFE_INTEGER,
        ...(options.instance ? [options.instance] : []),
        options.limit,
      ) as { id: number; event: string }[];
    return rows.map((r) => ({ id: r.id, ...(JSON.parse(r.event) as AlarmEvent) }));
  }
}
