/**
 * IOTMP messages (IOTMP.md §5): a type and a list of numbered fields. Fields keep the order they
 * had on the wire (decoding) or were given in (encoding): real clients differ in field order
 * (§3.4), and pv0 vectors pin it.
 */
import type { ProtocolVersion, PsonValue } from './value';

export const MessageType = {
  RESERVED: 0,
  OK: 1,
  ERROR: 2,
  CONNECT: 3,
  DISCONNECT: 4,
  KEEP_ALIVE: 5,
  RUN: 6,
  DESCRIBE: 7,
  START_STREAM: 8,
  STOP_STREAM: 9,
  STREAM_DATA: 10,
} as const;

type MessageTypeName = keyof typeof MessageType;

const TYPE_NAMES: readonly string[] = Object.keys(MessageType);

/** The spec's name of a type id; undefined types (≥ 11) are named by their number (§2.3). */
export function messageTypeName(type: number): string {
  return TYPE_NAMES[type] ?? String(type);
}

export function messageTypeId(name: string): number | undefined {
  if (Object.hasOwn(MessageType, name)) return MessageType[name as MessageTypeName];
  return /^\d+$/.test(name) ? Number(name) : undefined;
}

/** Field numbers (§3.3). */
export const Field = {
  STREAM_ID: 1,
  PARAMETERS: 2,
  PAYLOAD: 3,
  RESOURCE: 4,
} as const;

/** Server action codes: the "resource" of device-initiated RUN and START_STREAM (§5.12). */
export const ServerAction = {
  READ_DEVICE_PROPERTY: 1,
  SET_DEVICE_PROPERTY: 2,
  CALL_DEVICE: 3,
  CALL_ENDPOINT: 4,
  WRITE_BUCKET: 5,
  LOCK_SYNC: 6,
  UNLOCK_SYNC: 7,
  SUBSCRIBE_EVENT: 8,
} as const;

/** Reason code of an ERROR that answers a failed CONNECT (§5.2, §6.1). */
export const CONNECT_BAD_CREDENTIALS = 2;

export interface Message {
  readonly type: number;
  /** Field number → value, in wire order. Varint fields decode to `number`. */
  readonly fields: ReadonlyMap<number, PsonValue>;
}

export function message(
  type: number,
  fields: Iterable<readonly [number, PsonValue]> = [],
): Message {
  const map = new Map<number, PsonValue>();
  for (const [k, v] of fields) if (v !== undefined) map.set(k, v);
  return { type, fields: map };
}

// Field accessors ------------------------------------------------------------------------------

/** Stream id (§6.3): a varint in field 1; 0 or absent means "no id". */
export function streamIdOf(m: Message): number | undefined {
  const v = m.fields.get(Field.STREAM_ID);
  return typeof v === 'number' ? v : undefined;
}

export const parametersOf = (m: Message): PsonValue => m.fields.get(Field.PARAMETERS);
export const payloadOf = (m: Message): PsonValue => m.fields.get(Field.PAYLOAD);

/**
 * The resource of DESCRIBE and START_STREAM sits in field 3 on pv0 connections and field 4 on
 * pv1 (§3.3); RUN uses field 4 in both.
 */
export function resourceFieldOf(type: number, pv: ProtocolVersion): number {
  return pv === 0 && (type === MessageType.DESCRIBE || type === MessageType.START_STREAM)
    ? Field.PAYLOAD
    : Field.RESOURCE;
}

// Builders (fields in ascending order, as the server should emit them, §3.4) --------------------

type Extra = { parameters?: PsonValue; payload?: PsonValue };

function reply(type: number, streamId: number, extra: Extra = {}): Message {
  return message(type, [
    [Field.STREAM_ID, streamId],
    [Field.PARAMETERS, extra.parameters],
    [Field.PAYLOAD, extra.payload],
  ]);
}

export const ok = (streamId: number, extra?: Extra): Message =>
  reply(MessageType.OK, streamId, extra);
export const error = (streamId: number, extra?: Extra): Message =>
  reply(MessageType.ERROR, streamId, extra);
export const keepAlive = (): Message => message(MessageType.KEEP_ALIVE);
export const stopStream = (streamId: number): Message =>
  message(MessageType.STOP_STREAM, [[Field.STREAM_ID, streamId]]);

export const disconnect = (reason?: number, detail?: PsonValue): Message =>
  message(MessageType.DISCONNECT, [
    [Field.PARAMETERS, reason],
    [Field.PAYLOAD, detail],
  ]);

/** CONNECT as each generation of client sends it (§5.3): pv0 writes fields 2, 3, 1. */
export function connect(
  pv: ProtocolVersion,
  streamId: number,
  credentials: readonly [user: string, device: string, credential: string],
): Message {
  const creds = [...credentials];
  return pv === 0
    ? message(MessageType.CONNECT, [
        [Field.PARAMETERS, 1],
        [Field.PAYLOAD, creds],
        [Field.STREAM_ID, streamId],
      ])
    : message(MessageType.CONNECT, [
        [Field.STREAM_ID, streamId],
        [Field.PAYLOAD, creds],
      ]);
}

export function run(streamId: number | undefined, resource: PsonValue, extra: Extra = {}): Message {
  return message(MessageType.RUN, [
    [Field.STREAM_ID, streamId],
    [Field.PARAMETERS, extra.parameters],
    [Field.PAYLOAD, extra.payload],
    [Field.RESOURCE, resource],
  ]);
}

export function describe(pv: ProtocolVersion, streamId: number, resource?: string): Message {
  return message(MessageType.DESCRIBE, [
    [Field.STREAM_ID, streamId],
    [resourceFieldOf(MessageType.DESCRIBE, pv), resource],
  ]);
}

/** START_STREAM (§5.8); periodic streams carry `{"interval": ms}` (§8.1). */
export function startStream(
  pv: ProtocolVersion,
  streamId: number,
  resource: PsonValue,
  parameters?: PsonValue,
): Message {
  return message(MessageType.START_STREAM, [
    [Field.STREAM_ID, streamId],
    [Field.PARAMETERS, parameters],
    [resourceFieldOf(MessageType.START_STREAM, pv), resource],
  ]);
}

export function streamData(streamId: number, payload: PsonValue): Message {
  return message(MessageType.STREAM_DATA, [
    [Field.STREAM_ID, streamId],
    [Field.PAYLOAD, payload],
  ]);
}
