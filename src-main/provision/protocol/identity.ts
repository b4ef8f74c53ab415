/**
 * A device's identity as a board stores it: where to dial (host, port), who it is (user, device,
 * credential) and, for Wi-Fi boards, the network. One validation for every way it is written
 * (NVS image, serial provisioning), so a value refused by one is refused by all.
 */
import { ProvisionError, ProvisionErrorCode } from './ProvisionError';

export interface DeviceIdentity {
  /** Broker host the device dials (name or address). */
  readonly host: string;
  /** Broker TCP port. */
  readonly port: number;
  readonly user: string;
  readonly device: string;
  /** The device's secret: written to the board, never logged, never echoed back. */
  readonly credential: string;
  /** Wi-Fi network, for boards that need one. */
  readonly ssid?: string;
  /** Wi-Fi passphrase (absent or empty: an open network). */
  readonly psk?: string;
}

/** The identity fields in the order they are stored. */
export const IDENTITY_KEYS = [
  'host',
  'port',
  'user',
  'device',
  'credential',
  'ssid',
  'psk',
] as const;
export type IdentityKey = (typeof IDENTITY_KEYS)[number];
/** Fields whose value is a secret: masked in logs, never read back. */
export const SECRET_KEYS: ReadonlySet<IdentityKey> = new Set(['credential', 'psk']);

/** A host name is at most 253 characters (RFC 1035); an address is shorter. */
const HOST_MAX_CHARS = 253;
/** Ids as IoTMP carries them and the store accepts them (contract/schemas.ts `Id`). */
const ID_PATTERN = /^[\p{L}\p{N}_.\-:@]{1,128}$/u;
/** Credentials: printable ASCII without spaces; 128 is well above what the registry generates. */
const CREDENTIAL_MAX_CHARS = 128;
const CREDENTIAL_PATTERN = /^[\x21-\x7e]+$/;
/** IEEE 802.11: an SSID is 1–32 bytes; a WPA passphrase 8–63 printable characters or 64 hex. */
const SSID_MAX_BYTES = 32;

const utf8 = new TextEncoder();

function bad(field: IdentityKey, why: string): ProvisionError {
  return new ProvisionError(ProvisionErrorCode.IDENTITY_INVALID, `${field} ${why}`, { field });
}

/** Returns the identity if every field is acceptable; throws IDENTITY_INVALID naming the field. */
export function checkIdentity(id: DeviceIdentity): DeviceIdentity {
  if (typeof id.host !== 'string' || !/^[\x21-\x7e]{1,253}$/.test(id.host)) {
    throw bad('host', `must be a host name or address (1–${HOST_MAX_CHARS} characters, no spaces)`);
  }
  if (!Number.isInteger(id.port) || id.port < 1 || id.port > 65535) {
    throw bad('port', 'must be a whole number from 1 to 65535');
  }
  for (const field of ['user', 'device'] as const) {
    if (typeof id[field] !== 'string' || !ID_PATTERN.test(id[field])) {
      throw bad(field, 'must be 1–128 letters, digits or _ . - : @');
    }
  }
  if (
    typeof id.credential !== 'string' ||
    id.credential.length > CREDENTIAL_MAX_CHARS ||
    !CREDENTIAL_PATTERN.test(id.credential)
  ) {
    throw bad(
      'credential',
      `must be 1–${CREDENTIAL_MAX_CHARS} printable characters without spaces`,
    );
  }
  if (id.ssid !== undefined) {
    const n = typeof id.ssid === 'string' ? utf8.encode(id.ssid).length : 0;
    if (n < 1 || n > SSID_MAX_BYTES || /[\0\r\n]/.test(id.ssid)) {
      throw bad('ssid', `must be 1–${SSID_MAX_BYTES} bytes`);
    }
  }
  if (id.psk !== undefined && id.psk !== '') {
    if (id.ssid === undefined) throw bad('psk', 'needs an ssid');
    const ok =
      typeof id.psk === 'string' &&
      (/^[\x20-\x7e]{8,63}$/.test(id.psk) || /^[0-9a-fA-F]{64}$/.test(id.psk));
    if (!ok) throw bad('psk', 'must be 8–63 printable characters or 64 hex digits');
  }
  return id;
}

/** The identity's fields that are set, as strings, in storage order. */
export function identityFields(id: DeviceIdentity): [IdentityKey, string][] {
  const out: [IdentityKey, string][] = [];
  for (const key of IDENTITY_KEYS) {
    const v = id[key];
    if (v !== undefined && !(key === 'psk' && v === '')) out.push([key, String(v)]);
  }
  return out;
}
