/**
 * Settings → API and web console: in the console, the address in use, the note about the token,
 * and a warning when it is reached beyond loopback; in the desktop app, where the API lives.
 */
import { useConnection } from '../../api/connection';
import { messages } from '../../messages';

const LOOPBACK = /^(localhost|127\.|\[::1\]$)/;

export function ApiSection() {
  const t = messages.settings.api;
  const runtime = useConnection((s) => s.runtime);
  const host = useConnection((s) => s.host);
  if (runtime === 'desktop') return <p>{t.desktop}</p>;
  return (
    <>
      <p>{t.consoleInUse(window.location.origin)}</p>
      <p className="muted">{t.tokenNote}</p>
      {host && !LOOPBACK.test(host) ? (
        <p className="settings-caution">{t.beyondLoopback(host)}</p>
      ) : null}
    </>
  );
}
