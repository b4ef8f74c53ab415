/** The device's presence in words: online for how long (quiet since when), or last seen and why. */
import type { Device } from '@contract/schemas';
import { age, clockTime, dateTime, duration } from '../../format/time';
import { messages } from '../../messages';
import { liveness, type Liveness } from '../../state/devices';

export function DevicePresence({ d, state, now }: { d: Device; state: Liveness; now: number }) {
  const t = messages.devices.page;
  const st = d.status;
  if (state === 'unknown')
    return <span>{t.noContact(messages.common.status[liveness(st, now)])}</span>;
  if (state !== 'offline') {
    const since = st.connectedSince ?? now;
    return (
      <span title={dateTime(since)}>
        {now - since < 1_000 ? t.justConnected : t.onlineFor(duration(now - since))}
        {state === 'quiet' && st.lastSeen !== null && (
          <span className="device-quiet"> · {t.quiet(duration(now - st.lastSeen))}</span>
        )}
      </span>
    );
  }
  if (st.lastSeen === null) return <span>{t.neverConnected}</span>;
  return (
    <span title={dateTime(st.lastSeen)}>
      {t.offlineSince(clockTime(st.lastSeen), age(st.lastSeen, now))}
      {st.lastDisconnectReason && (
        <span className="muted"> · {t.offlineReason(st.lastDisconnectReason)}</span>
      )}
    </span>
  );
}
