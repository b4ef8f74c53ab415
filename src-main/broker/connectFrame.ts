/**
 * Reading a CONNECT (IOTMP.md §5.3, §6.1): the version it speaks, who it claims to be, and
 * whether its credentials are well formed. Pure: the session decides what follows.
 */
import {
  Field,
  IotmpCodecError,
  decodeBody,
  type Message,
  type ProtocolVersion,
  type PsonValue,
  type RawFrame,
} from '../protocol';
import type { BrokerLimits } from './limits';
import type { DeviceIdentity } from './types';

export type DecodedConnect =
  | { ok: true; message: Message; pv: ProtocolVersion }
  | { ok: false; error: IotmpCodecError | undefined };

/** §1.2: the credential field's wire type tells the version: 2 → pv1, 1 → pv0. */
export function decodeConnect(raw: RawFrame, limits: BrokerLimits): DecodedConnect {
  try {
    return { ok: true, message: decodeBody(raw.type, raw.body, 1, limits), pv: 1 };
  } catch (e1) {
    try {
      return { ok: true, message: decodeBody(raw.type, raw.body, 0, limits), pv: 0 };
    } catch {
      return { ok: false, error: e1 instanceof IotmpCodecError ? e1 : undefined };
    }
  }
}

/** The CONNECT's payload (the credentials array, §5.3). */
export function credentialsOf(m: Message): PsonValue | undefined {
  return m.fields.get(Field.PAYLOAD);
}

/**
 * The identity a CONNECT claims, even when it will be refused: it files the CONNECT (and the
 * refusal) under the device in the inspector. Names are cut at 128 characters.
 */
export function claimedIdentity(creds: PsonValue | undefined): DeviceIdentity | null {
  if (
    Array.isArray(creds) &&
    typeof creds[0] === 'string' &&
    typeof creds[1] === 'string' &&
    creds[0] &&
    creds[1]
  )
    return { user: creds[0].slice(0, 128), device: creds[1].slice(0, 128) };
  return null;
}

/** `[user, device, credential]`: exactly three strings, none too long, names not empty. */
export function validCredentials(
  creds: PsonValue | undefined,
  maxLength: number,
): [string, string, string] | null {
  if (
    !Array.isArray(creds) ||
    creds.length !== 3 ||
    !creds.every((c): c is string => typeof c === 'string' && c.length <= maxLength) ||
    creds[0] === '' ||
    creds[1] === ''
  )
    return null;
  return creds as [string, string, string];
}

/** The stream id of a body that failed to decode, if field 1 comes first and reads (§10.2). */
export function peekStreamId(body: Uint8Array): number | undefined {
  if (body.length < 2 || body[0] !== 0x08) return undefined;
  let value = 0;
  for (let i = 1, shift = 0; i < 4; i++, shift += 7) {
    const b = body[i];
    if (b === undefined) break;
    value |= (b & 0x7f) << shift;
    if (b < 0x80) return value > 0 && value <= 0xffff ? value : undefined;
  }
  return undefined;
}
