/** Words for alarms shown in the tables and the event list. */
import type { AlarmInstanceInfo, AlarmRule } from '@contract/alarmCalls';
import { messages } from '../../messages';
import { draftOf } from './model';

const t = messages.alarms;

/** "tank · level.percent", "readings · env.t (any device)", "pump connection". */
export function sourceText(r: AlarmRule): string {
  const s = r.source;
  const any = s.device === '*' ? t.form.anyDevice : s.device;
  if (s.kind === 'resource') return `${any} · ${s.resource}${s.field ? `.${s.field}` : ''}`;
  if (s.kind === 'bucket') return `${s.bucket}${s.field ? ` · ${s.field}` : ''} (${any})`;
  return `${any} · connection`;
}

/** A value as the device sent it: text as is, anything else as JSON. */
export const showValue = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

export function stateText(a: AlarmInstanceInfo): string {
  if (a.state === 'normalized') return t.states.normalized;
  return a.acknowledged ? t.states.activeAcked : t.states.active;
}

/** "above 30 · 60 s", "outside 10…20", "offline". */
export function conditionText(r: AlarmRule): string {
  const d = draftOf(r);
  const op =
    d.op === 'outside'
      ? `outside ${d.min}…${d.max}`
      : r.condition.op === 'offline'
        ? 'offline'
        : `${r.condition.op} ${d.value}`;
  return r.forSeconds ? `${op} · ${r.forSeconds} s` : op;
}
