/**
 * The rule form's draft (every field a string, as typed) and what it becomes: the
 * `alarms.createRule` / `alarms.updateRule` request once it is valid (draftErrors.ts says when).
 */
import type { AlarmRule } from '@contract/alarmCalls';

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
