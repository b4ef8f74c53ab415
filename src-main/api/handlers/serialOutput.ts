/** The `serial.output` topic: a monitor's status, then its lines, partial line, chunks, clears. */
import type { SerialOutput } from '../../contract';
import { bytesToHex } from '../../protocol/hex';
import type { SerialServices } from '../../services/types';
import { queuedTopic, SERIAL_OUTPUT_QUEUE } from '../topicQueue';
import { problemView } from './portViews';
import type { TopicsOf } from './types';

type MonitorEvent = Parameters<Parameters<SerialServices['monitor']['watch']>[1]>[0];

/** The monitor's event as the topic sends it; null when the subscriber did not ask for it. */
function outputOf(
  port: string,
  e: MonitorEvent,
  want: { lines: boolean; chunks: boolean },
): SerialOutput | null {
  switch (e.type) {
    case 'line':
      return want.lines ? { kind: 'line', port, ...e.line } : null;
    case 'partial':
      return want.lines ? { kind: 'partial', port, t: e.t, text: e.text } : null;
    case 'chunk':
      return want.chunks
        ? { kind: 'chunk', port, seq: e.chunk.seq, t: e.chunk.t, hex: bytesToHex(e.chunk.bytes) }
        : null;
    case 'status':
      return {
        kind: 'status',
        port,
        status: e.status,
        message: e.message,
        baudRate: e.baudRate,
        error: problemView(e.error),
      };
    case 'cleared':
      return { kind: 'cleared', port };
  }
}

/** The first event: the open monitor's status, or "closed". */
function currentStatus(serial: SerialServices, port: string): SerialOutput {
  const s = serial.monitor.get(port);
  return s
    ? {
        kind: 'status',
        port,
        status: s.status,
        message: s.statusMessage,
        baudRate: s.baudRate,
        error: problemView(s.error),
      }
    : {
        kind: 'status',
        port,
        status: 'closed',
        message: 'No monitor open',
        baudRate: null,
        error: null,
      };
}

export function serialOutputTopic(serial: SerialServices): TopicsOf<'serial'> {
  return {
    'serial.output': ({ port, lines, chunks }, listener) => {
      const want = { lines: lines ?? true, chunks: chunks ?? false };
      const q = queuedTopic<SerialOutput>(listener, SERIAL_OUTPUT_QUEUE, (dropped) => ({
        kind: 'gap',
        port,
        dropped,
      }));
      q.push(currentStatus(serial, port));
      const off = serial.monitor.watch(port, (e) => {
        const out = outputOf(port, e, want);
        if (out) q.push(out);
      });
      return { resume: q.resume, close: off };
    },
  };
}
