/** Who holds the port now (free, monitor, flashing…), or since when it is unplugged. */
import { clockTime } from '../../../format/time';
import { messages } from '../../../messages';
import type { PortRow } from '../../../state/ports';

export function PortStateChip({ port }: { port: PortRow }) {
  const t = messages.boards;
  return (
    <div className="port-state">
      {port.unpluggedAt !== null ? (
        <span className="port-chip port-chip-gone" title={t.unpluggedJob}>
          {t.unplugged(clockTime(port.unpluggedAt))}
        </span>
      ) : (
        <span className={`port-chip port-chip-${port.state}`}>
          <span className="visually-hidden">{t.state.label}: </span>
          {t.state[port.state]}
        </span>
      )}
    </div>
  );
}
