/**
 * A connection's first frame (IOTMP.md §6.1): it must be a CONNECT with `[user, device,
 * credential]`; the host checks the credentials and the session goes online or is refused
 * (after a delay, step 6). The session applies the outcome; the steps are here.
 */
import { MessageType, streamIdOf, type ProtocolVersion, type RawFrame } from '../protocol';
import type { BrokerLimits } from './limits';
import {
  claimedIdentity,
  credentialsOf,
  decodeConnect,
  peekStreamId,
  validCredentials,
} from './connectFrame';
import { deviceKey, type RecordedSession, type SessionHost, type SessionState } from './types';

/** What the handshake needs of its session. */
export interface HandshakeSession extends RecordedSession {
  readonly state: SessionState;
  /** `user/device` as the CONNECT names it (the session reads its identity back from it). */
  key: string | null;
  pv: ProtocolVersion;
  readonly host: SessionHost;
  readonly limits: BrokerLimits;
  close(reason: string): void;
  /** Well-formed credentials: checking them (the CONNECT timeout no longer applies). */
  authenticating(): void;
  /** §6.1 step 5: accepted; answer OK on `streamId` and go online. */
  accepted(streamId: number): void;
  /** §6.1 step 6: refused; answer ERROR on `streamId` after the host's delay. */
  rejectConnect(streamId: number | undefined, reason: string): void;
}

/** §6.1 step 2: the first frame must be CONNECT; otherwise close without a reply. */
export function onFirstFrame(s: HandshakeSession, raw: RawFrame): void {
  if (raw.type !== MessageType.CONNECT) {
    s.host.frame(s, 'in', raw.bytes, null);
    s.close(`first frame is type ${raw.type}, not CONNECT`);
    return;
  }
  const decoded = decodeConnect(raw, s.limits);
  if (!decoded.ok) {
    s.host.frame(s, 'in', raw.bytes, null, decoded.error);
    s.rejectConnect(peekStreamId(raw.body), 'undecodable CONNECT');
    return;
  }
  const m = decoded.message;
  s.pv = decoded.pv;
  const streamId = streamIdOf(m) ?? 0;
  const creds = credentialsOf(m);
  // The claimed identity files the CONNECT (and a refusal) under the device in the inspector.
  const claimed = claimedIdentity(creds);
  if (claimed) s.key = deviceKey(claimed);
  s.host.frame(s, 'in', raw.bytes, m);
  const valid = validCredentials(creds, s.limits.maxCredentialLength);
  if (!valid) {
    s.rejectConnect(streamId, 'CONNECT without [user, device, credential]');
    return;
  }
  const [user, device, credential] = valid;
  s.authenticating();
  const identity = { user, device };
  s.key = deviceKey(identity);
  s.host.authenticate(identity, credential, s).then(
    (accepted) => {
      if (s.state !== 'authenticating') return;
      if (accepted) s.accepted(streamId);
      else s.rejectConnect(streamId, 'bad credentials');
    },
    (e: unknown) => {
      if (s.state !== 'authenticating') return;
      s.host.log('warn', `credential check failed: ${String(e)}`, s);
      s.rejectConnect(streamId, 'credential check failed');
    },
  );
}
