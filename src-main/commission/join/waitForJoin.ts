/**
 * The join step: a bounded wait for one identity to authenticate on the broker. When it does not,
 * the diagnosis says why from what the broker saw (a refused CONNECT for that identity and from
 * where, other identities that came meanwhile) and what the board printed.
 */
import { deviceKey } from '../../contract/deviceKey';
import type { JoinRecord } from '../../contract/commissionSchemas';
import type { Rejection } from '../../broker/RejectionList';
import type { DeviceStatus } from '../../registry/DeviceRegistry';

/** How often the broker's list of refused connections is looked at while waiting. */
const JOIN_POLL_MS = 200;
/**
 * A connection counts once it has stayed up this long: a board that connects and then resets
 * (the console opened, a watchdog, the flasher's last reset landing late) would otherwise pass
 * the join and fail its checks with "device disconnected".
 */
const JOIN_SETTLE_MS = 1500;

export interface JoinSource {
  status(key: string): DeviceStatus | undefined;
  onOnline(listener: (d: DeviceStatus) => void): () => void;
  onOffline(listener: (d: DeviceStatus) => void): () => void;
  rejections(): Rejection[];
}

export interface JoinWait {
  source: JoinSource;
  user: string;
  device: string;
  /** Wall-clock ms from which a connection counts (the end of provisioning). */
  since: number;
  timeoutMs: number;
  /** "192.168.1.10:25204": where the plan tells devices to dial. */
  address: string;
  serialLines?: () => string[];
  signal: AbortSignal;
}

const REASONS: Record<Rejection['reason'], string> = {
  'wrong-credential': 'wrong credential',
  'unknown-device': 'unknown device',
  replaced: 'replaced by a newer connection with the same identity',
};

export function waitForJoin(w: JoinWait): Promise<JoinRecord> {
  const key = deviceKey(w);
  const lines = () => w.serialLines?.() ?? [];
  return new Promise((resolve) => {
    let done = false;
    const others = new Map<string, string>();
    const finish = (r: Omit<JoinRecord, 'serialTail'>) => {
      if (done) return;
      done = true;
      clearInterval(poll);
      clearTimeout(timer);
      clearTimeout(settle);
      offOnline();
      offOffline();
      w.signal.removeEventListener('abort', onAbort);
      resolve({ ...r, serialTail: lines() });
    };
    let settle: ReturnType<typeof setTimeout> | undefined;
    const joined = (d: DeviceStatus) =>
      finish({
        at: d.connectedSince,
        transport: d.transport,
        remoteAddress: d.remoteAddress,
        durationMs: d.connectedSince !== null ? Math.max(0, d.connectedSince - w.since) : null,
        diagnosis: null,
      });
    const failed = (diagnosis: string) =>
      finish({ at: null, transport: null, remoteAddress: null, durationMs: null, diagnosis });

    const settled = (d: DeviceStatus) => {
      clearTimeout(settle);
      settle = setTimeout(() => {
        const now = w.source.status(key);
        if (now?.online && now.connectedSince === d.connectedSince) joined(now);
      }, JOIN_SETTLE_MS);
    };
    const offOffline = w.source.onOffline((d) => {
      if (d.key === key) clearTimeout(settle);
    });
    const offOnline = w.source.onOnline((d) => {
      if (d.key === key) settled(d);
      else if (d.connectedSince !== null && d.connectedSince >= w.since)
        others.set(d.key, `${d.key} connected from ${d.remoteAddress ?? 'an unknown address'}`);
    });
    const check = () => {
      for (const r of w.source.rejections()) {
        if (r.time < w.since) continue;
        if (r.user === w.user && r.device === w.device) {
          // A wrong credential does not fix itself: say so now rather than at the timeout.
          failed(
            `rejected: ${REASONS[r.reason]} from ${r.address}` +
              (r.reason === 'wrong-credential'
                ? ': the board holds another credential for this identity; provision it again'
                : ': the registry has no such device'),
          );
          return;
        }
        others.set(
          deviceKey(r),
          `${r.user}/${r.device} refused (${REASONS[r.reason]}) from ${r.address}`,
        );
      }
    };
    const onAbort = () => failed('cancelled while waiting for the device');
    w.signal.addEventListener('abort', onAbort, { once: true });
    const poll = setInterval(check, JOIN_POLL_MS);
    const timer = setTimeout(() => {
      const s = Math.round(w.timeoutMs / 1000);
      const meanwhile = [...others.values()];
      failed(
        `no connection attempt as ${key} seen in ${s} s: check Wi-Fi and the broker address ${w.address}` +
          (meanwhile.length
            ? `; meanwhile ${meanwhile.slice(0, 3).join(', ')} (a board with another identity?)`
            : ''),
      );
    }, w.timeoutMs);

    const cur = w.source.status(key);
    if (cur?.online && cur.connectedSince !== null && cur.connectedSince >= w.since) settled(cur);
    else check();
  });
}
