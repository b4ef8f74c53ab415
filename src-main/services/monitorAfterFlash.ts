/**
 * A monitor open on a flashed port resumes by itself; it gets a marker line where the flash
 * happened and, for an ESP, the rate its applications talk at (an AVR's sketch says nothing
 * about its rate, so the monitor keeps the one the technician chose).
 */
import { ESP_APP_BAUD } from '../flash/protocol';
import type { BatchRecord, BatchResult } from '../flash/jobs/FlashBatches';
import type { PortWatcher } from '../serial/PortWatcher';
import type { SerialMonitor } from '../serial/SerialMonitor';

export function markMonitorAfterFlash(
  parts: {
    monitor: SerialMonitor;
    watcher: PortWatcher;
    log?: ((level: 'info' | 'warn', message: string) => void) | undefined;
  },
  path: string,
  batch: BatchRecord,
  result: BatchResult,
): void {
  // A backup only read the flash: the firmware the monitor was showing runs on.
  if (batch.operation === 'backup') return;
  const session = parts.monitor.get(path);
  if (!session || session.status === 'closed') return;
  const baudRate = result.chip ? ESP_APP_BAUD : null;
  session
    .afterFlash({
      file: batch.firmware.name ?? `firmware ${batch.firmware.sha256.slice(0, 8)}`,
      at: Date.now(),
      baudRate,
    })
    // The monitor's toolbar shows the port's remembered rate: it is this one now.
    .then(() => (baudRate ? parts.watcher.rememberBaud(path, baudRate) : undefined))
    .catch((e: unknown) => parts.log?.('warn', `monitor after flash on ${path}: ${String(e)}`));
}
