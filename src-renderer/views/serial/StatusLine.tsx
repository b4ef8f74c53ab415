/**
 * The monitor's status line (UI.md §3.9): "Connected · 115200 8N1", "Paused for flashing ·
 * resumes by itself", "Port unplugged · reopens when it comes back", or the error in words
 * ("Port busy: held by the flasher", permission denied) with Retry and Details.
 */
import type { MonitorStatus } from '@contract/serialSchemas';
import { ErrorNotice } from '../../components/ErrorNotice';
import { messages } from '../../messages';
import { openMonitor, useSerial } from '../../state/serial';
import { settingsOf } from '../../state/serialSettings';
import { baudFor } from '../../state/serialDefaults';

const looks: Record<MonitorStatus | 'unknown', [glyph: string, tone: string]> = {
  connected: ['●', 'online'],
  opening: ['◐', 'quiet'],
  unknown: ['◐', 'quiet'],
  paused: ['◐', 'warning'],
  unplugged: ['▲', 'warning'],
  closed: ['○', 'offline'],
};

export function StatusLine({ port }: { port: string }) {
  // Field by field: a batch of lines changes the monitor's version, not its status.
  const status = useSerial((s) => s.monitors[port]?.status ?? 'unknown');
  const message = useSerial((s) => s.monitors[port]?.message ?? '');
  const baudRate = useSerial((s) => s.monitors[port]?.baudRate ?? null);
  const openError = useSerial((s) => s.monitors[port]?.openError ?? null);
  const error = useSerial((s) => s.monitors[port]?.error ?? null);
  const t = messages.serial;
  // Unplugged carries its error too, but its own sentence already says what happens next.
  const problem = status === 'unplugged' ? null : (openError ?? error);
  const reopen = (): void => {
    const s = settingsOf(port);
    void openMonitor(port, baudRate ?? baudFor(port), s.lineEnding).catch(() => undefined);
  };

  if (problem)
    return (
      <div className="serial-status">
        <ErrorNotice
          error={{
            code: problem.code,
            message: problem.message,
            ...(problem.detail ? { detail: problem.detail } : {}),
          }}
          onRetry={reopen}
        />
      </div>
    );

  const [glyph, tone] = looks[status];
  const text =
    status === 'closed'
      ? t.closedHint
      : // main keeps the sentence of the opening after a baud change; the rate is current
        status === 'connected' && baudRate
        ? t.status.connected(baudRate)
        : message && status !== 'unknown'
          ? message
          : status === 'opening'
            ? t.status.opening
            : t.status.unknown;
  return (
    <div className="serial-status">
      <p role="status" aria-label={t.status.label} className={`status status-${tone}`}>
        <span aria-hidden="true">{glyph}</span>
        <span>{text}</span>
      </p>
      {status === 'closed' && (
        <button type="button" className="btn" onClick={reopen}>
          {t.reopen}
        </button>
      )}
    </div>
  );
}
