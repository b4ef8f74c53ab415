/** The choices the rule form's selects offer, as [value, text] pairs. */
import { messages } from '../../messages';
import type { Op, RuleDraft, Severity, SourceKind } from './model';

const t = messages.alarms;
const f = t.form;
type Options<T extends string> = (readonly [T, string])[];

export const severityOptions = (): Options<Severity> =>
  (Object.keys(t.severities) as Severity[]).map((s) => [s, t.severities[s]]);

export const sourceOptions = (): Options<SourceKind> =>
  (Object.keys(f.sources) as SourceKind[]).map((k) => [k, f.sources[k]]);

/** A connection is only ever "offline"; a value is above, below or outside. */
export const opOptions = (kind: SourceKind): Options<Op> =>
  (kind === 'connection' ? (['offline'] as const) : (['above', 'below', 'outside'] as const)).map(
    (o) => [o, f.ops[o]],
  );

/**
 * The known devices, "any device" where the source allows it (not for a resource: it is read from
 * one device), a "—" while none is chosen, and the draft's device even when it is not known (now).
 */
export function deviceOptions(d: RuleDraft, devices: readonly string[]): Options<string> {
  return [
    ...(d.device === '' ? [['', '—'] as const] : []),
    ...(d.kind !== 'resource' ? [['*', f.anyDevice] as const] : []),
    ...devices.map((x) => [x, x] as const),
    ...(d.device && d.device !== '*' && !devices.includes(d.device)
      ? [[d.device, d.device] as const]
      : []),
  ];
}
