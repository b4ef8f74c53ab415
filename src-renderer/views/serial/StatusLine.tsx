/**
 * The monitor's status line (UI.md §3.9): "Connected · 115200 8N1", "Paused for flashing ·
 * resumes by itself", "Port unplugged · reopens when it comes back", or the error in words
 * ("Port busy: held by the flasher", permission denied) with Retry and Details.
 */
import type { MonitorStatus } from '@contract/serialSchemas';
import { ErrorNotice } from '../../components/ErrorNotice';
import { messages } from '../../messages';
import { openMonitor, settingsOf, useSerial } from '../../state/serial';

const looks: Record<MonitorStatus | 'unknown', [glyph: string, tone: string]> = {
  connected: ['●', 'online'],
  opening: ['◐', 'quiet'],
  unknown: ['◐', 'quiet'],
  paused: ['◐', 'warning'],
  unplugged: ['▲', 'warning'],
  closed: ['○', 'offline'],
};

export function StatusLine({ port }: { port: string }) {
  const monitor = useSerial((s) => s.monitors[port]);
  const t = messages.serial;
  const status = monitor?.status ?? 'unknown';
  // Unplugged carries its error too, but its own sentence already says what happens next.
  const problem = status === 'unplugged' ? null : (monitor?.openError ?? monitor?.error ?? null);
  const reopen = (): void => {
    const s = settingsOf(port);
    void openMonitor(port, monitor?.baudRate ?? s.baudRate, s.lineEnding).catch(() => undefined);
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
        status === 'connected' && monitor?.baudRate
        ? t.status.connected(monitor.baudRate)
        : monitor?.message && status !== 'unknown'
          ? monitor.message
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
