/** One port's tab: its status glyph (UI.md §1: shape, not colour alone) and path, and Close. */
import { messages } from '../../messages';
import { href, navigate } from '../../navigation/router';
import { useSerial } from '../../state/serial';

export function SerialTab({
  port,
  active,
  onClose,
}: {
  port: string;
  active: boolean;
  onClose: () => void;
}) {
  const status = useSerial((s) => s.monitors[port]?.status ?? 'unknown');
  const failed = useSerial((s) => !!(s.monitors[port]?.error || s.monitors[port]?.openError));
  const glyph = failed
    ? '✕'
    : status === 'connected'
      ? '●'
      : status === 'closed'
        ? '○'
        : status === 'unplugged'
          ? '▲'
          : '◐';
  return (
    <div className={`serial-tab${active ? ' serial-tab-active' : ''}`}>
      <button
        type="button"
        role="tab"
        id={`serial-tab-${port}`}
        aria-selected={active}
        tabIndex={active ? 0 : -1}
        aria-controls="serial-panel"
        className="serial-tab-button"
        onClick={() => navigate(href('serial', port))}
      >
        <span
          className={`serial-glyph serial-glyph-${failed ? 'failed' : status}`}
          aria-hidden="true"
        >
          {glyph}
        </span>
        <span className="mono">{port}</span>
      </button>
      <button
        type="button"
        className="btn btn-quiet serial-tab-close"
        aria-label={messages.serial.closeTab(port)}
        title={messages.serial.closeTab(port)}
        onClick={onClose}
      >
        ×
      </button>
    </div>
  );
}
