/**
 * Pure helpers of the Properties & data tab: a property draft parsed with where it went wrong,
 * bucket records flattened into numeric series for the history chart, and time ranges.
 */
import type { Value } from '@contract/schemas';

export type Parsed = { ok: true; value: Value } | { ok: false; message: string; line: number };

/** JSON text → value, or the line the text goes wrong at (1-based) and the parser's words. */
export function parseDraft(text: string): Parsed {
  if (text.trim() === '') return { ok: false, message: 'empty: type a JSON value', line: 1 };
  try {
    return { ok: true, value: JSON.parse(text) as Value };
  } catch (e) {
    const at = errorOffset(text);
    return { ok: false, message: (e as Error).message, line: text.slice(0, at).split('\n').length };
  }
}

/**
 * Where a JSON text stops being JSON: a small scanner, because engines word their messages
 * differently and not all of them give a position.
 */
function errorOffset(text: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') fail();
          string();
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === close) return void i++;
        fail();
      }
    }
    if (c === '"') return string();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(
      text.slice(i),
    );
    if (!m) return fail();
    i += m[0].length;
  };
  const string = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i++;
  };
  try {
    value();
    ws();
    return i < text.length ? i : text.length;
  } catch (at) {
    return typeof at === 'number' ? at : 0;
  }
}

export const pretty = (v: Value): string => JSON.stringify(v, null, 2);

/** Numeric leaves of a record as `a.b` paths (a bare number is `value`). */
function numericLeaves(
  v: Value,
  prefix = '',
  out = new Map<string, number>(),
): Map<string, number> {
  if (typeof v === 'number') out.set(prefix || 'value', v);
  else if (v !== null && typeof v === 'object' && !Array.isArray(v))
    for (const [k, x] of Object.entries(v)) numericLeaves(x, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

export interface Row {
  ts: number;
  val: Value;
  device: string;
}

/** Oldest first, one point per record, one key per numeric field (at most `max` fields). */
export function chartRows(
  rows: Row[],
  max = 6,
): { fields: string[]; points: Record<string, number>[] } {
  const fields: string[] = [];
  const points = [...rows]
    .sort((a, b) => a.ts - b.ts)
    .map((r) => {
      const p: Record<string, number> = { ts: r.ts };
      for (const [k, n] of numericLeaves(r.val)) {
        if (!fields.includes(k)) {
          if (fields.length >= max) continue;
          fields.push(k);
        }
        p[k] = n;
      }
      return p;
    });
  return { fields, points };
}

export const RANGES = [
  { id: '1h', ms: 3_600_000 },
  { id: '24h', ms: 86_400_000 },
  { id: '7d', ms: 7 * 86_400_000 },
  { id: 'all', ms: null },
] as const;
export type RangeId = (typeof RANGES)[number]['id'];

export const rangeFrom = (id: RangeId, now: number): number | undefined => {
  const r = RANGES.find((x) => x.id === id);
  if (!r) throw new Error(`no time range "${id}"`);
  return r.ms === null ? undefined : now - r.ms;
};

/** `token:abc` → "access token abc"; `device`, `console` as words. */
export function sourceWords(source: string): string {
  if (source === 'device') return 'the device';
  if (source === 'console') return 'the console';
  if (source.startsWith('token:')) return `access token ${source.slice(6)}`;
  return source;
}
