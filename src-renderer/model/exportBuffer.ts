/**
 * Export of a chart's buffer (UI.md §3.3, §4): every held sample, ISO 8601 time with ms and epoch
 * ms, one column per field; a file named `<device>_<resource>_<YYYYMMDD-HHmmss>.csv`, saved as a
 * download, which works in the web console and in the desktop app alike.
 */
// The inspector's export already has the download and the file-name stamp; one copy of each.
import { at } from '@contract/present';
import { downloadText, fileStamp } from '../format/download';
import type { SampleBuffer } from './SampleBuffer';

export type ExportFormat = 'csv' | 'json';

export interface ExportTarget {
  device: string;
  resource: string;
}

/** `thermo_temperature_20261125-140211.csv`; characters a file system dislikes become `-`. */
export function exportFileName(target: ExportTarget, at: Date, format: ExportFormat): string {
  const safe = (s: string): string => s.replace(/[^\p{L}\p{N}_.@-]+/gu, '-');
  return `${safe(target.device)}_${safe(target.resource)}_${fileStamp(at)}.${format}`;
}

/** Column names: the field paths; a bare number is named after its resource. */
function columnNames(buffer: SampleBuffer, resource: string): string[] {
  return buffer.fields.map((f) => f.path || resource);
}

const csvCell = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

const cellValue = (buffer: SampleBuffer, field: number, i: number): number | boolean | null => {
  const v = buffer.value(field, i);
  if (Number.isNaN(v)) return null;
  return at(buffer.fields, field, 'buffer field').kind === 'boolean' ? v === 1 : v;
};

/** `time,epoch_ms,<fields…>`, one line per held sample (breaks left out), oldest first. */
export function toCsv(buffer: SampleBuffer, resource: string): string {
  const lines = [['time', 'epoch_ms', ...columnNames(buffer, resource)].map(csvCell).join(',')];
  const n = buffer.fields.length;
  for (let i = 0; i < buffer.size; i++) {
    if (buffer.isBreak(i)) continue;
    const t = buffer.time(i);
    const cells = [new Date(t).toISOString(), String(t)];
    for (let f = 0; f < n; f++) {
      const v = cellValue(buffer, f, i);
      cells.push(v === null ? '' : String(v));
    }
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** `{device, resource, fields, samples: [{time, epoch_ms, <field>: value}]}`. */
export function toJson(buffer: SampleBuffer, target: ExportTarget & { user: string }): string {
  const names = columnNames(buffer, target.resource);
  const samples: Record<string, string | number | boolean | null>[] = [];
  for (let i = 0; i < buffer.size; i++) {
    if (buffer.isBreak(i)) continue;
    const t = buffer.time(i);
    const row: Record<string, string | number | boolean | null> = {
      time: new Date(t).toISOString(),
      epoch_ms: t,
    };
    names.forEach((name, f) => (row[name] = cellValue(buffer, f, i)));
    samples.push(row);
  }
  return JSON.stringify(
    {
      user: target.user,
      device: target.device,
      resource: target.resource,
      fields: buffer.fields.map((f, i) => ({ name: names[i], kind: f.kind })),
      samples,
    },
    null,
    1,
  );
}

export function exportBuffer(
  buffer: SampleBuffer,
  target: ExportTarget & { user: string },
  format: ExportFormat,
  now = new Date(),
): string {
  const name = exportFileName(target, now, format);
  if (format === 'csv') downloadText(name, toCsv(buffer, target.resource), 'text/csv');
  else downloadText(name, toJson(buffer, target), 'application/json');
  return name;
}
