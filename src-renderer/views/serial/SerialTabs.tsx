/** The open ports as tabs (the ARIA tabs pattern: Left/Right move, focus follows). */
import { messages } from '../../messages';
import { href, navigate } from '../../navigation/router';
import { SerialTab } from './SerialTab';

export function SerialTabs({
  tabs,
  active,
  onClose,
}: {
  tabs: readonly string[];
  active: string | null;
  onClose: (port: string) => void;
}) {
  return (
    <div
      className="serial-tabs"
      role="tablist"
      aria-label={messages.serial.tabs}
      onKeyDown={(e) => {
        // Left/Right move between tabs (the ARIA tabs pattern); focus follows the new tab.
        const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
        if (
          !step ||
          !active ||
          !(e.target instanceof HTMLElement) ||
          e.target.getAttribute('role') !== 'tab'
        )
          return;
        e.preventDefault();
        const next = tabs[(tabs.indexOf(active) + step + tabs.length) % tabs.length];
        if (next === undefined) return;
        navigate(href('serial', next));
        requestAnimationFrame(() => document.getElementById(`serial-tab-${next}`)?.focus());
      }}
    >
      {tabs.map((port) => (
        <SerialTab key={port} port={port} active={port === active} onClose={() => onClose(port)} />
      ))}
    </div>
  );
}
