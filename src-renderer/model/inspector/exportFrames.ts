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
