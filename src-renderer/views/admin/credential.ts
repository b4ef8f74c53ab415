/**
 * Credentials made in the renderer (the contract accepts one in devices.add and resetCredential)
 * and the "connection details" text shown, copied and drawn as a QR code with them (UI.md §3.6).
 */
import type { BrokerStatus } from '@contract/schemas';
import { messages } from '../../messages';
import { brokerHosts, LISTENER_ORDER as ORDER } from '../../state/brokerAddresses';

export { brokerHosts } from '../../state/brokerAddresses';

/** No look-alike characters (0/O/o, 1/l/I/i): it is read off a screen and typed into firmware. */
export const CREDENTIAL_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';
/** 20 characters of 55: about 115 bits, far beyond guessing through the broker's back-off. */
export const CREDENTIAL_LENGTH = 20;

export type RandomBytes = (n: number) => Uint8Array;

const cryptoBytes: RandomBytes = (n) => crypto.getRandomValues(new Uint8Array(n));

export function generateCredential(random: RandomBytes = cryptoBytes): string {
  const size = CREDENTIAL_ALPHABET.length;
  // Bytes at or above the last whole multiple of the alphabet are skipped, so every character
  // is equally likely (a plain modulo would favour the first ones).
  const limit = 256 - (256 % size);
  let out = '';
  while (out.length < CREDENTIAL_LENGTH)
    for (const b of random(CREDENTIAL_LENGTH * 2)) {
      if (b >= limit) continue;
      out += CREDENTIAL_ALPHABET[b % size];
      if (out.length === CREDENTIAL_LENGTH) break;
    }
  return out;
}

export interface Secret {
  user: string;
  device: string;
  credential: string;
}

export function connectionDetails(
  secret: Secret,
  status: BrokerStatus | null,
  consoleHost: string,
): string {
  const t = messages.admin.details;
  const listeners = [...(status?.listeners ?? [])].sort(
    (a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name),
  );
  return [
    t.broker(brokerHosts(status, consoleHost).join(t.or) || t.anyAddress),
    ...listeners.map((l) => t.port(t.labels[l.name] ?? l.transport.toUpperCase(), l.port)),
    t.user(secret.user),
    t.device(secret.device),
    t.credential(secret.credential),
  ].join('\n');
}
