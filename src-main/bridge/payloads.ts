/**
 * The JSON the bridge publishes (docs/bridge.md "Topic layout") and the command inputs it takes.
 * Every published message carries the bridge's sequence number `seq`.
 */
import type { DeviceStatus } from '../registry/DeviceRegistry';
import type { AlarmEvent } from '../core/alarms';
import { psonFromJson, psonToJson, psonToJsonText, type Json, type PsonValue } from '../protocol';
import type { CommandVerb } from './topics';

/** Largest command payload taken (JSON text): inputs, not file uploads. */
const MAX_COMMAND_BYTES = 64 * 1024;

export const json = (v: unknown): string => JSON.stringify(v);

/** A sample's payload, written directly (the hot path: one per sample). */
export const samplePayload = (seq: number, ts: number, value: PsonValue): string =>
  `{"seq":${seq},"ts":${ts},"value":${psonToJsonText(value)}}`;

export const onlinePayload = (seq: number, d: DeviceStatus): string =>
  json({ seq, online: true, ts: Date.now(), transport: d.transport });

export const offlinePayload = (seq: number, d: DeviceStatus): string =>
  json({ seq, online: false, ts: Date.now(), reason: d.lastDisconnectReason });

/** A property's new value; null (an empty retained payload) when it was deleted. */
export const propertyPayload = (seq: number, ts: number, value: PsonValue | null): string | null =>
  value === null ? null : json({ seq, ts, value: psonToJson(value) });

export const bucketPayload = (seq: number, ts: number, data: PsonValue): string =>
  json({ seq, ts, data: psonToJson(data) });

export const alarmPayload = (seq: number, e: AlarmEvent): string =>
  json({ seq, ts: e.ts, event: e.type, ...(e.by ? { by: e.by } : {}), alarm: e.alarm });

export const replyPayload = (
  seq: number,
  verb: CommandVerb,
  body: Record<string, unknown>,
): string => json({ seq, ts: Date.now(), command: verb, ...body });

/** The bridge's own presence (retained, and the last will with `online: false`). */
export const bridgePayload = (online: boolean, reason?: string): string =>
  json({ online, ...(reason ? { reason } : {}), ts: Date.now() });

/** A command's input: `set` needs a JSON payload, `run` takes one or nothing. */
export function parseInput(verb: CommandVerb, payload: Buffer): PsonValue | undefined {
  if (payload.length > MAX_COMMAND_BYTES)
    throw new RangeError(`payload over ${MAX_COMMAND_BYTES} bytes`);
  const text = payload.toString('utf8').trim();
  if (text === '') {
    if (verb === 'set') throw new RangeError('set needs a JSON payload (the input)');
    return undefined;
  }
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch {
    throw new RangeError('the payload is not JSON');
  }
  return psonFromJson(value);
}
