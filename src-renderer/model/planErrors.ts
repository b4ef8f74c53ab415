/**
 * The plan editor's validation: the same schema main parses a plan with (so a plan the editor
 * accepts is one main accepts), its issues turned into sentences and keyed by field path
 * ("checks.streams.0.intervalMs"), plus the rules between fields the schema cannot state.
 * Pure: the editor shows each message at its field.
 */
import { CommissionPlan, type CommissionPlanInput } from '@contract/commissionSchemas';

export type PlanErrors = ReadonlyMap<string, string>;

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  expected?: string;
}

/** One sentence a technician reads at the field. */
function sentence(i: Issue): string {
  if (i.code === 'too_small' && i.origin === 'string') return 'Required';
  if (i.code === 'too_small' && i.origin === 'number') return `At least ${String(i.minimum)}`;
  if (i.code === 'too_big' && i.origin === 'number') return `At most ${String(i.maximum)}`;
  if (i.code === 'too_big' && i.origin === 'string')
    return `At most ${String(i.maximum)} characters`;
  if (i.code === 'too_big' && i.origin === 'array') return `At most ${String(i.maximum)} entries`;
  if (i.code === 'invalid_type' && i.expected === 'number') return 'A number';
  if (i.code === 'invalid_type' && i.expected === 'int') return 'A whole number';
  if (i.code === 'invalid_type') return 'Required';
  if (i.code === 'custom' && i.message === 'give min, max or both')
    return 'Give a minimum, a maximum or both';
  return i.message.charAt(0).toUpperCase() + i.message.slice(1);
}

export function planErrors(draft: CommissionPlanInput): PlanErrors {
  const out = new Map<string, string>();
  const put = (key: string, text: string) => {
    if (!out.has(key)) out.set(key, text);
  };
  const r = CommissionPlan.safeParse(draft);
  if (!r.success)
    for (const i of r.error.issues as Issue[]) {
      // Type rows are keyed by their resource: reported by row below.
      if (i.path[0] === 'checks' && i.path[1] === 'types') continue;
      put(i.path.map(String).join('.'), sentence(i));
    }
  Object.entries(draft.checks?.types ?? {}).forEach(([resource], n) => {
    if (!resource.trim()) put(`checks.types.${n}.resource`, 'Required');
  });
  (draft.checks?.ranges ?? []).forEach((range, n) => {
    if (range.min !== undefined && range.max !== undefined && range.min > range.max)
      put(`checks.ranges.${n}.max`, 'At least the minimum');
  });
  if (draft.provisioning === 'improv' && !draft.wifi)
    put('wifi.ssid', 'Improv Serial sends this network to the board: give its name');
  if (draft.provisioning === 'serial' && draft.target.kind === 'esp')
    put('provisioning', 'ESP boards take their identity in NVS (or with Improv)');
  if (
    (draft.provisioning === 'nvs' || draft.provisioning === 'improv') &&
    draft.target.kind === 'avr'
  )
    put('provisioning', 'AVR boards take their identity over the serial line protocol');
  return out;
}

/** A round-trip value as typed: JSON when it parses ("true", "12", {"a":1}), else the text. */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The text a value is edited as: strings bare unless they would read back as something else. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return parseValue(value) === value ? value : JSON.stringify(value);
  return JSON.stringify(value ?? null);
}
