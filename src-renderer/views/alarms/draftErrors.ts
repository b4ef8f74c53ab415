/** The errors shown beside each field of a rule draft; none means the draft can be saved. */
import { messages } from '../../messages';
import type { RuleDraft } from './model';

const e = messages.alarms.form.errors;

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
