/**
 * Alarm rules as data, and the pure tests the engine applies to them: which observation a rule
 * listens to (a device resource's value, a bucket record's field, a device's connection) and
 * whether a value breaks its threshold. No I/O here: AlarmService feeds observations in.
 */
import type { Json } from '../protocol';

/** Thinger's severities, most urgent first. */
type Severity = 'critical' | 'high' | 'medium' | 'low' | 'none';

type AlarmSource =
  /** A device resource's output, sampled every `intervalS` seconds (a stream, IOTMP.md §5.8). */
  | { kind: 'resource'; device: string; resource: string; field?: string; intervalS: number }
  /** Records written to a bucket (by `device`, or by any with `*`). */
  | { kind: 'bucket'; bucket: string; device: string; field?: string }
  /** A device's connection (or every device's with `*`): the alarm is "offline". */
  | { kind: 'connection'; device: string };

export type AlarmCondition =
  | { op: 'above' | 'below'; value: number }
  | { op: 'outside'; min: number; max: number }
  /** Connection rules only: true while the device is offline. */
  | { op: 'offline' };

export interface AlarmRuleSpec {
  user: string;
  rule: string;
  name: string;
  description: string;
  enabled: boolean;
  severity: Severity;
  source: AlarmSource;
  condition: AlarmCondition;
  /** The condition must hold this long before the alarm is raised (0: at once). */
  forSeconds: number;
  created: number;
  modified: number;
}

/** One key per (rule, device): a `*` rule raises one alarm per device it sees. */
export const instanceId = (rule: string, device: string): string => `${rule}@${device}`;

/** `a.b.c` of a JSON value; the whole value without a path. */
export function fieldOf(value: Json, path: string | undefined): Json | undefined {
  if (!path) return value;
  let v: Json | undefined = value;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, Json>)[part];
  }
  return v;
}

/**
 * Whether an observed value breaks the condition: true (alarming), false (normal), or null when
 * the value cannot be judged (not a number, field missing): a judgement needs a number, so a
 * malformed sample neither raises nor clears an alarm.
 */
export function breaks(condition: AlarmCondition, value: Json | undefined): boolean | null {
  if (condition.op === 'offline') return typeof value === 'boolean' ? !value : null;
  const n = typeof value === 'number' ? value : typeof value === 'boolean' ? Number(value) : NaN;
  if (!Number.isFinite(n)) return null;
  switch (condition.op) {
    case 'above':
      return n > condition.value;
    case 'below':
      return n < condition.value;
    case 'outside':
      return n < condition.min || n > condition.max;
  }
}

/** "temp above 30", "offline": how the list and the events describe a condition. */
export function describeCondition(c: AlarmCondition): string {
  switch (c.op) {
    case 'above':
      return `above ${c.value}`;
    case 'below':
      return `below ${c.value}`;
    case 'outside':
      return `outside ${c.min}…${c.max}`;
    case 'offline':
      return 'offline';
  }
}

/** A rule that makes sense, or the sentence saying why not. */
export function ruleProblem(r: Pick<AlarmRuleSpec, 'source' | 'condition'>): string | null {
  const connection = r.source.kind === 'connection';
  if (connection !== (r.condition.op === 'offline'))
    return connection
      ? 'a connection rule has the condition "offline"'
      : 'the condition "offline" is for connection rules';
  if (r.condition.op === 'outside' && !(r.condition.min < r.condition.max))
    return 'outside: min must be below max';
  if (r.source.kind === 'resource' && r.source.device === '*')
    return 'a resource rule names one device';
  return null;
}
