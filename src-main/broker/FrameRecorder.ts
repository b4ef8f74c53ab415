/**
 * Every frame in and out of a connection, for the registry's traffic counters and the protocol
 * inspector. Credentials never reach the inspector (it is shown in the UI and served by the API).
 */
import { encodeFrame, MessageType, type IotmpCodecError, type Message } from '../protocol';
import type { FrameInspector } from '../inspector/FrameInspector';
import { redactConnect } from '../inspector/redact';
import type { DeviceRegistry } from '../registry/DeviceRegistry';
import type { LiveSessions } from './LiveSessions';
import type { Direction, RecordedSession } from './types';

export class FrameRecorder {
  constructor(
    private readonly registry: DeviceRegistry,
    private readonly inspector: FrameInspector,
    private readonly live: LiveSessions,
  ) {}

  frame(
    info: RecordedSession,
    direction: Direction,
    bytes: Uint8Array,
    m: Message | null,
    error?: IotmpCodecError,
  ): void {
    // Hot path: an online connection's own frames, counted and recorded through what it holds.
    if (info.state === 'online' && info.key !== null && m?.type !== MessageType.CONNECT) {
      // Counted in the session's own fields; the registry reads them (LiveTraffic).
      if (direction === 'in') {
        info.framesIn++;
        info.bytesIn += bytes.length;
        info.seenAt = this.registry.now();
      } else {
        info.framesOut++;
        info.bytesOut += bytes.length;
      }
      this.inspector.recordHeld(info, info.key, direction, bytes, m, error, info.pv);
      return;
    }
    // Frames before a CONNECT names a device are filed under the address.
    const key = info.key ?? `@${info.link.remoteAddress}`;
    // Another connection's handshake (a refused guess, a duplicate board) is not the online
    // device's traffic; the inspector still shows it under the device.
    // (Looked up only off the hot path: an online session's frames are always its own.)
    let mine = info.state === 'online';
    if (!mine) {
      const live = this.live.get(key);
      mine = !live || live === info;
    }
    if (mine) {
      if (m?.type === MessageType.CONNECT && direction === 'in') this.registry.connecting(key);
      this.registry.traffic(key, direction, bytes.length);
    }
    if (m?.type === MessageType.CONNECT) {
      const redacted = redactConnect(m);
      this.inspector.record(
        key,
        direction,
        encodeFrame(redacted, info.pv),
        redacted,
        error,
        undefined,
        info.pv,
      );
    } else if (!m && info.state !== 'online') {
      // An undecodable frame before authentication may hold a credential: keep its header only.
      this.inspector.record(key, direction, bytes.subarray(0, 2), null, error, bytes.length);
    } else {
      this.inspector.record(key, direction, bytes, m, error, bytes.length, info.pv);
    }
  }
}
