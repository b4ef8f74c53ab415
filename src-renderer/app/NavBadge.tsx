/**
 * Navigation badges (UI.md §2): devices online on Devices; boards, or the running flash's percent,
 * on Boards & Flash; open monitors on Serial monitor. Each reads the smallest slice it needs.
 */
import type { ReactNode } from 'react';
import { useConnection } from '../api/connection';
import { messages } from '../messages';
import { useBroker } from '../state/brokerStatus';
import { countJob, isRunning, useFlashing } from '../state/flashing';
import { boardPorts, usePorts } from '../state/ports';
import { useSerial } from '../state/serial';

function Badge({ value, label }: { value: string | number | null; label: string }) {
  if (value === null || value === 0) return null;
  return (
    <span className="nav-badge" aria-label={label} title={label}>
      {value}
    </span>
  );
}

function DevicesBadge() {
  const known = useBroker((s) => s.status?.counts.online ?? null);
  // While contact is lost the count is not current: no badge rather than a wrong one.
  const online = useConnection((s) => s.link === 'online') ? known : null;
  return <Badge value={online} label={messages.shell.badges.online(online ?? 0)} />;
}

function BoardsBadge() {
  const percent = useFlashing((s) => {
    const counts = s.jobs.filter(isRunning).map(countJob);
    const total = counts.reduce((n, c) => n + c.total, 0);
    return total ? Math.round(counts.reduce((n, c) => n + c.percent * c.total, 0) / total) : null;
  });
  const boards = usePorts((s) => (s.loaded ? boardPorts(s.ports).length : null));
  if (percent !== null)
    return <Badge value={`${percent} %`} label={messages.shell.badges.flashing(percent)} />;
  return <Badge value={boards} label={messages.shell.badges.boards(boards ?? 0)} />;
}

function SerialBadge() {
  const open = useSerial((s) => s.tabs.length);
  return <Badge value={open} label={messages.shell.badges.monitors(open)} />;
}

export const navBadges: Record<string, () => ReactNode> = {
  devices: DevicesBadge,
  boards: BoardsBadge,
  serial: SerialBadge,
};
