/**
 * What leaves the inspector (UI.md §3.5): the shown frames as JSON lines with their hex, and one
 * frame as the conformance CLI's decode command (`iotmp decode --pv 1 <hex>`, see bin/iotmp.mjs).
 */
import type { FrameRow, Pv } from './frameRow';

/** One JSON document per line; times both as epoch ms and ISO, so tools need no conversion. */
export function framesToJsonLines(rows: readonly FrameRow[]): string {
  return rows
    .map(({ device, resource, frame: f }) =>
      JSON.stringify({
        device,
        seq: f.seq,
        time: f.time,
        iso: new Date(f.time).toISOString(),
        direction: f.direction,
        type: f.type,
        typeId: f.typeId,
        streamId: f.streamId,
        resource,
        size: f.size,
        fields: f.fields,
        error: f.error,
        hex: f.hex,
      }),
    )
    .join('\n')
    .concat(rows.length ? '\n' : '');
}

export const decodeCommand = (hex: string, pv: Pv): string => `iotmp decode --pv ${pv} ${hex}`;

const pad = (n: number): string => String(n).padStart(2, '0');

/** `20261125-140211` in local time, for file names. */
export function fileStamp(d: Date): string {
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

/** Saves text as a download: a save dialog on desktop, the browser's downloads in the console. */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
