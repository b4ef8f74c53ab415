/** `serial.*`: the serial monitor: open, close, send, clear, its buffer in pages, its output. */
import { ApiError, ApiErrorCode } from '../../contract';
import { LINE_ENDINGS } from '../../serial/SerialMonitor';
import type { SerialServices } from '../../services/types';
import { bufferPage, parseHexBytes } from './serialBuffer';
import { serialOutputTopic } from './serialOutput';
import { monitorView } from './portViews';
import type { CallsOf, TopicsOf } from './types';

/** The bytes serial.send writes: the text (or hex) and the line ending. */
function sendBytes(data: string, hex: boolean, ending: string): Uint8Array {
  const body = hex ? parseHexBytes(data) : new TextEncoder().encode(data);
  const tail = new TextEncoder().encode(ending);
  const bytes = new Uint8Array(body.length + tail.length);
  bytes.set(body);
  bytes.set(tail, body.length);
  return bytes;
}

function serialCalls(serial: SerialServices): CallsOf<'serial'> {
  const { monitor } = serial;
  return {
    'serial.open': async ({ port, baudRate, lineEnding }) => {
      // A monitor already open stays reachable while its port is unplugged.
      if (!monitor.get(port)) await serial.listed(port);
      const s = await monitor.open(port, { baudRate, ...(lineEnding ? { lineEnding } : {}) });
      if (s.baudRate !== baudRate) await s.setBaudRate(baudRate);
      if (lineEnding && s.lineEnding !== lineEnding) s.setLineEnding(lineEnding);
      // The next monitor on this board opens at the same rate (Port.lastBaud).
      await serial.watcher.rememberBaud(port, s.baudRate).catch(() => undefined);
      serial.changed(port);
      return monitorView(s);
    },
    'serial.close': async ({ port }) => {
      const s = monitor.get(port);
      if (!s || s.status === 'closed') return { closed: false };
      await s.close();
      serial.changed(port);
      return { closed: true };
    },
    'serial.monitors': () => ({
      monitors: monitor
        .list()
        .filter((s) => s.status !== 'closed')
        .map(monitorView),
    }),
    'serial.send': async ({ port, data, mode, lineEnding }) => {
      const s = serial.openMonitor(port);
      if (s.status === 'paused')
        throw new ApiError(
          ApiErrorCode.PORT_BUSY,
          'Port busy: held by the flasher; nothing was sent (the monitor resumes by itself)',
        );
      const ending = LINE_ENDINGS[lineEnding ?? (mode === 'hex' ? 'none' : s.lineEnding)];
      const bytes = sendBytes(data, mode === 'hex', ending);
      if (bytes.length > 0) await s.sendBytes(bytes);
      return { bytes: bytes.length };
    },
    'serial.clear': ({ port }) => {
      const s = serial.openMonitor(port);
      s.clear();
      return monitorView(s);
    },
    'serial.buffer': ({ port, view, afterSeq, limit }) =>
      bufferPage(serial.openMonitor(port), view, afterSeq, limit),
  };
}

export function serialHandlers(serial: SerialServices): {
  calls: CallsOf<'serial'>;
  topics: TopicsOf<'serial'>;
} {
  return { calls: serialCalls(serial), topics: serialOutputTopic(serial) };
}
