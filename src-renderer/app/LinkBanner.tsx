/** "Lost contact… Retrying in 3 s" while the link is down, "Reconnected" briefly after (UI.md §2). */
import { useEffect, useState } from 'react';
import { useConnection } from '../api/connection';
import { RETRY_MS } from '../api/reconnectingTransport';
import { messages } from '../messages';

const RECONNECTED_SHOWN_MS = 4_000;

export function LinkBanner() {
  const link = useConnection((s) => s.link);
  const retryAt = useConnection((s) => s.retryAt);
  const reconnectedAt = useConnection((s) => s.reconnectedAt);
  const [now, setNow] = useState(() => Date.now());
  // The clock ticks only while there is something to count down or to take away.
  const showing =
    link === 'lost' || (reconnectedAt !== null && now - reconnectedAt < RECONNECTED_SHOWN_MS);
  useEffect(() => {
    if (!showing) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [showing]);
  const t = messages.shell.link;
  if (link === 'lost') {
    // Never more than one retry period: the first render after a drop may see an old `now`
    // (the clock rests while nothing is shown).
    const seconds = Math.min(
      RETRY_MS / 1_000,
      Math.max(0, Math.ceil(((retryAt ?? now) - now) / 1_000)),
    );
    return (
      <div role="status" className="banner banner-warning">
        {t.lost(seconds)}
      </div>
    );
  }
  if (link === 'online' && reconnectedAt && now - reconnectedAt < RECONNECTED_SHOWN_MS)
    return (
      <div role="status" className="banner banner-ok">
        {t.reconnected}
      </div>
    );
  return null;
}
