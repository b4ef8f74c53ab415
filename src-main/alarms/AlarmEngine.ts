/**
 * The alarm state machine, pure: observations and the clock go in, alarm events come out. Per
 * (rule, device): a condition that breaks starts a confirmation; held for the rule's
 * `forSeconds` (checked on the next observation or on `tick`) it raises an alarm; back within
 * limits it normalizes (an acknowledged alarm clears at once, an unacknowledged one stays listed
 * until someone acknowledges it, so nobody misses a short excursion). No timers or storage:
 * AlarmService asks `nextDue()` for its timer and stores the events.
 */
import type { AlarmEvent, AlarmInstance } from '../core/alarms';
import type { Json } from '../protocol';
import { breaks, describeCondition, fieldOf, instanceId, type AlarmRuleSpec } from './rules';

/** Confirmations and alarms held at most (rules × devices): bounded whatever the fleet does. */
export const MAX_TRACKED = 20_000;

interface Track {
  user: string;
  rule: string;
  device: string;
  /** When the condition started breaking (null: within limits or not judged yet). */
  since: number | null;
  forMs: number;
  /** The last value that broke it (raised with this when confirmed by the clock). */
  value: Json;
  spec: AlarmRuleSpec;
  alarm: AlarmInstance | null;
}

const keyOf = (user: string, instance: string): string => `${user}\u0000${instance}`;

export class AlarmEngine {
  private readonly tracks = new Map<string, Track>();

  /** Alarms that were active when the app stopped (their rules must be passed to `observe`). */
  constructor(restored: readonly { alarm: AlarmInstance; spec: AlarmRuleSpec }[] = []) {
    for (const { alarm, spec } of restored)
      this.tracks.set(keyOf(alarm.user, alarm.instance), {
        user: alarm.user,
        rule: alarm.rule,
        device: alarm.device,
        since: null,
        forMs: spec.forSeconds * 1000,
        value: alarm.value,
        spec,
        alarm: { ...alarm },
      });
  }

  /** A value of the rule's source on `device` (a connection rule observes `true`/`false`). */
  observe(spec: AlarmRuleSpec, device: string, raw: Json, now: number): AlarmEvent[] {
    if (!spec.enabled) return [];
    const value = spec.source.kind === 'connection' ? raw : fieldOf(raw, spec.source.field);
    const broken = breaks(spec.condition, value);
    if (broken === null) return [];
    const key = keyOf(spec.user, instanceId(spec.rule, device));
    let t = this.tracks.get(key);
    if (!t) {
      if (!broken || this.tracks.size >= MAX_TRACKED) return [];
      t = {
        user: spec.user,
        rule: spec.rule,
        device,
        since: null,
        forMs: 0,
        value: null,
        spec,
        alarm: null,
      };
      this.tracks.set(key, t);
    }
    t.spec = spec;
    t.forMs = spec.forSeconds * 1000;
    if (broken) {
      t.value = value ?? null;
      if (t.alarm?.state === 'active') {
        t.alarm.value = t.value;
        return [];
      }
      t.since ??= now;
      return this.confirm(t, now);
    }
    t.since = null;
    const out = t.alarm?.state === 'active' ? this.normalize(t, t.alarm, now) : [];
    if (!t.alarm) this.tracks.delete(key);
    return out;
  }

  /** Raises the alarms whose condition has now held long enough without a new observation. */
  tick(now: number): AlarmEvent[] {
    const out: AlarmEvent[] = [];
    for (const t of this.tracks.values()) out.push(...this.confirm(t, now));
    return out;
  }

  /** When `tick` next has something to do (null: nothing pending). */
  nextDue(): number | null {
    let due: number | null = null;
    for (const t of this.tracks.values())
      if (t.since !== null && t.alarm?.state !== 'active') {
        const at = t.since + t.forMs;
        if (due === null || at < due) due = at;
      }
    return due;
  }

  acknowledge(user: string, instance: string, by: string, now: number): AlarmEvent[] | null {
    const t = this.tracks.get(keyOf(user, instance));
    if (!t?.alarm) return null;
    if (t.alarm.acknowledged) return [];
    Object.assign(t.alarm, { acknowledged: true, acknowledgedAt: now, acknowledgedBy: by });
    const out: AlarmEvent[] = [{ type: 'acknowledged', ts: now, by, alarm: { ...t.alarm } }];
    // Seen and back to normal: nothing left to act on.
    if (t.alarm.state === 'normalized') out.push(this.drop(t, t.alarm, now, by));
    return out;
  }

  /**
   * Takes an alarm off the list now. A condition still breaking must be confirmed again from
   * its next observation before it raises a new alarm.
   */
  clear(user: string, instance: string, by: string, now: number): AlarmEvent[] | null {
    const t = this.tracks.get(keyOf(user, instance));
    if (!t?.alarm) return null;
    return [this.drop(t, t.alarm, now, by)];
  }

  /** A rule changed or was removed: its alarms are cleared, its confirmations forgotten. */
  forget(user: string, rule: string, by: string, now: number): AlarmEvent[] {
    const out: AlarmEvent[] = [];
    for (const t of [...this.tracks.values()])
      if (t.user === user && t.rule === rule) {
        if (t.alarm) out.push(this.drop(t, t.alarm, now, by));
        this.tracks.delete(keyOf(t.user, instanceId(t.rule, t.device)));
      }
    return out;
  }

  /** Alarms listed now (active and normalized-unacknowledged), most urgent and newest first. */
  alarms(user: string): AlarmInstance[] {
    const rank = ['critical', 'high', 'medium', 'low', 'none'];
    return [...this.tracks.values()]
      .flatMap((t) => (t.user === user && t.alarm ? [{ ...t.alarm }] : []))
      .sort((a, b) => rank.indexOf(a.severity) - rank.indexOf(b.severity) || b.raised - a.raised);
  }

  alarm(user: string, instance: string): AlarmInstance | null {
    const a = this.tracks.get(keyOf(user, instance))?.alarm;
    return a ? { ...a } : null;
  }

  private confirm(t: Track, now: number): AlarmEvent[] {
    if (t.since === null || t.alarm?.state === 'active' || now - t.since < t.forMs) return [];
    const s = t.spec;
    t.alarm = {
      user: t.user,
      instance: instanceId(t.rule, t.device),
      rule: t.rule,
      name: s.name,
      severity: s.severity,
      device: t.device,
      condition: describeCondition(s.condition),
      state: 'active',
      acknowledged: false,
      acknowledgedAt: null,
      acknowledgedBy: null,
      value: t.value,
      raised: now,
      normalized: null,
    };
    return [{ type: 'raised', ts: now, alarm: { ...t.alarm } }];
  }

  private normalize(t: Track, a: AlarmInstance, now: number): AlarmEvent[] {
    a.state = 'normalized';
    a.normalized = now;
    const out: AlarmEvent[] = [{ type: 'normalized', ts: now, alarm: { ...a } }];
    if (a.acknowledged) out.push(this.drop(t, a, now, 'normalized'));
    return out;
  }

  /** `alarm` is `t.alarm`, which the caller has checked is set. */
  private drop(t: Track, alarm: AlarmInstance, now: number, by: string): AlarmEvent {
    const gone = { ...alarm };
    t.alarm = null;
    t.since = null;
    this.tracks.delete(keyOf(t.user, instanceId(t.rule, t.device)));
    return { type: 'cleared', ts: now, by, alarm: gone };
  }
}
