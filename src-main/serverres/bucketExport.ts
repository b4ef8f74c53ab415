/**
 * A bucket range as a file: CSV (a `ts` column, `device`, then one column per field, nested
 * fields flattened as `a.b`) or JSON (Thinger's `[{ts, val}]` plus `device`). Pure: records in,
 * text out.
 */
import type { Json } from '../protocol';

/** Columns past this are left out of a CSV (a record with thousands of keys is not a table). */
const MAX_CSV_COLUMNS = 256;

export type TimestampFormat = 'iso' | 'milliseconds' | 'seconds';

export interface ExportRecord {
  ts: number;
  device: string;
  val: Json;
}

const stamp = (ts: number, f: TimestampFormat): string | number =>
  f === 'iso' ? new Date(ts).toISOString() : f === 'seconds' ? Math.floor(ts / 1000) : ts;

function flatten(v: Json, prefix: string, into: Map<string, Json>): void {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, into);
  } else into.set(prefix || 'value', v);
}

const cell = (v: Json | undefined): string => {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function toCsv(records: ExportRecord[], f: TimestampFormat = 'iso'): string {
  const rows = records.map((r) => {
    const m = new Map<string, Json>();
    flatten(r.val, '', m);
    return { r, m };
  });
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const { m } of rows)
    for (const k of m.keys())
      if (!seen.has(k) && columns.length < MAX_CSV_COLUMNS) {
        seen.add(k);
        columns.push(k);
      }
  const lines = [['ts', 'device', ...columns].map((c) => cell(c)).join(',')];
  for (const { r, m } of rows)
    lines.push(
      [cell(stamp(r.ts, f)), cell(r.device), ...columns.map((c) => cell(m.get(c)))].join(','),
    );
  return `${lines.join('\r\n')}\r\n`;
}

export function toJsonExport(records: ExportRecord[], f: TimestampFormat = 'milliseconds'): string {
  return JSON.stringify(records.map((r) => ({ ts: stamp(r.ts, f), val: r.val, device: r.device })));
}
