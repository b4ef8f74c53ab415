/**
 * The rule form's draft (every field a string, as typed) and what it becomes: the errors shown
 * beside each field, and the `alarms.createRule` / `alarms.updateRule` request once it is valid.
 */
import type { AlarmRule } from '@contract/alarmCalls';
import { messages } from '../../messages';

const e = messages.alarms.form.errors;

export type SourceKind = 'resource' | 'bucket' | 'connection';
export type Op = 'above' | 'below' | 'outside' | 'offline';
export type Severity = AlarmRule['severity'];

export interface RuleDraft {
  rule: string;
  name: string;
  severity: Severity;
  kind: SourceKind;
  device: string;
  resource: string;
  field: string;
  intervalS: string;
  bucket: string;
  op: Op;
  value: string;
  min: string;
  max: string;
  forSeconds: string;
  enabled: boolean;
}

export const newDraft = (device = ''): RuleDraft => ({
  rule: '',
  name: '',
  severity: 'medium',
  kind: 'resource',
  device,
  resource: '',
  field: '',
  intervalS: '5',
  bucket: '',
  op: 'above',
  value: '',
  min: '',
  max: '',
  forSeconds: '0',
  enabled: true,
});

export function draftOf(r: AlarmRule): RuleDraft {
  const s = r.source;
  const c = r.condition;
  return {
    rule: r.rule,
    name: r.name,
    severity: r.severity,
    kind: s.kind,
    device: s.device,
    resource: s.kind === 'resource' ? s.resource : '',
    field: s.kind !== 'connection' ? (s.field ?? '') : '',
    intervalS: s.kind === 'resource' ? String(s.intervalS) : '5',
    bucket: s.kind === 'bucket' ? s.bucket : '',
    op: c.op,
    value: c.op === 'above' || c.op === 'below' ? String(c.value) : '',
    min: c.op === 'outside' ? String(c.min) : '',
    max: c.op === 'outside' ? String(c.max) : '',
    forSeconds: String(r.forSeconds),
    enabled: r.enabled,
  };
}

/** A source kind chooses the condition a rule can have: a connection is only ever "offline". */
export function withKind(d: RuleDraft, kind: SourceKind): RuleDraft {
  const op: Op = kind === 'connection' ? 'offline' : d.op === 'offline' ? 'above' : d.op;
  return { ...d, kind, op, device: kind === 'resource' && d.device === '*' ? '' : d.device };
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const FIELD = /^[A-Za-z0-9_$-]{1,64}(\.[A-Za-z0-9_$-]{1,64}){0,7}$/;
const num = (s: string): number | null => (s.trim() === '' ? null : Number(s));
const whole = (s: string, min: number, max: number): boolean => {
  const n = num(s);
  return n !== null && Number.isInteger(n) && n >= min && n <= max;
};

export type DraftErrors = Partial<Record<keyof RuleDraft, string>>;

export function draftErrors(d: RuleDraft, taken: readonly string[] = []): DraftErrors {
  const out: DraftErrors = {};
  if (!ID.test(d.rule)) out.rule = e.rule;
  else if (taken.includes(d.rule)) out.rule = e.taken;
  if (!d.name.trim()) out.name = e.name;
  if (!d.device || (d.kind === 'resource' && d.device === '*')) out.device = e.device;
  if (d.kind === 'resource') {
    if (!d.resource.trim()) out.resource = e.resource;
    if (!whole(d.intervalS, 1, 86_400)) out.intervalS = e.interval;
  }
  if (d.kind === 'bucket' && !ID.test(d.bucket)) out.bucket = e.bucket;
  if (d.kind !== 'connection' && d.field && !FIELD.test(d.field)) out.field = e.field;
  if (d.op === 'above' || d.op === 'below') {
    if (!Number.isFinite(num(d.value) ?? NaN)) out.value = e.number;
  }
  if (d.op === 'outside') {
    const lo = num(d.min);
    const hi = num(d.max);
    if (!Number.isFinite(lo ?? NaN)) out.min = e.number;
    if (!Number.isFinite(hi ?? NaN)) out.max = e.number;
    if (lo !== null && hi !== null && !out.min && !out.max && !(lo < hi)) out.max = e.range;
  }
  if (!whole(d.forSeconds, 0, 86_400)) out.forSeconds = e.forSeconds;
  return out;
}

/** The rule's fields as the contract takes them (call only when `draftErrors` is empty). */
export function ruleFields(d: RuleDraft) {
  const field = d.field.trim() ? { field: d.field.trim() } : {};
  const source =
    d.kind === 'resource'
      ? {
          kind: 'resource' as const,
          device: d.device,
          resource: d.resource.trim(),
          intervalS: Number(d.intervalS),
          ...field,
        }
      : d.kind === 'bucket'
        ? { kind: 'bucket' as const, bucket: d.bucket, device: d.device, ...field }
        : { kind: 'connection' as const, device: d.device };
  const condition =
    d.op === 'outside'
      ? { op: 'outside' as const, min: Number(d.min), max: Number(d.max) }
      : d.op === 'offline'
        ? { op: 'offline' as const }
        : { op: d.op, value: Number(d.value) };
  return {
    name: d.name.trim(),
    severity: d.severity,
    enabled: d.enabled,
    source,
    condition,
    forSeconds: Number(d.forSeconds),
  };
}

/** "tank · level.percent", "readings · env.t (any device)", "pump connection". */
export function sourceText(r: AlarmRule): string {
  const s = r.source;
  const any = s.device === '*' ? messages.alarms.form.anyDevice : s.device;
  if (s.kind === 'resource') return `${any} · ${s.resource}${s.field ? `.${s.field}` : ''}`;
  if (s.kind === 'bucket') return `${s.bucket}${s.field ? ` · ${s.field}` : ''} (${any})`;
  return `${any} · connection`;
}
