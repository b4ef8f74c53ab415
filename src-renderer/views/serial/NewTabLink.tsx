import { useConnection } from '../../api/connection';
import { messages } from '../../messages';
import { href } from '../../navigation/router';

/**
 * The web console opens a monitor in another browser tab (UI.md §3.9: a detachable monitor); the
 * page link carries the token. The desktop app has no second window for it yet.
 */
export function NewTabLink({ port }: { port: string }) {
  const runtime = useConnection((s) => s.runtime);
  if (runtime !== 'console') return null;
  const url = `${window.location.href.split('#')[0]}${href('serial', port)}`;
  return (
    <a className="btn serial-newtab" href={url} target="_blank" rel="noopener">
      {messages.serial.newTab}
    </a>
  );
}
