/**
 * What a monitor session does with its received log besides keeping it: waits for a line,
 * saves it to a file, and marks where a flash happened.
 */
import { writeFile } from 'node:fs/promises';
import type { Listener } from '../util/Emitter';
import type { MonitorBuffer } from './MonitorBuffer';
import type { MonitorLine } from './monitorTypes';
import { SerialError, SerialErrorCode } from './SerialError';

/** "— flashed blink.ino.bin at 14:03:07 —": where a flash happened in a monitor's log. */
export function flashMarker(file: string, at: number): string {
  const time = new Date(at).toTimeString().slice(0, 8);
  return `— flashed ${file} at ${time} —`;
}

/** The first line (already buffered after `afterSeq`, or new) matching `re`, within `timeoutMs`. */
export function waitForLine(
  buffer: MonitorBuffer,
  onLine: (l: Listener<MonitorLine>) => () => void,
  path: string,
  want: { re: RegExp; timeoutMs: number; afterSeq: number },
): Promise<MonitorLine> {
  const { re, timeoutMs, afterSeq } = want;
  const have = buffer.lines.find((l) => l.seq > afterSeq && re.test(l.text));
  if (have) return Promise.resolve(have);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no line matching ${re} on ${path} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = onLine((l) => {
      if (!re.test(l.text)) return;
      clearTimeout(timer);
      off();
      resolve(l);
    });
  });
}

/** Writes the buffer as text (one line per line, with receive times when asked) or a hex dump. */
export async function saveLog(
  buffer: MonitorBuffer,
  file: string,
  format: { view?: 'text' | 'hex'; timestamps?: boolean },
): Promise<void> {
  const out = buffer.render(format);
  try {
    await writeFile(file, out + '\n');
  } catch (e) {
    throw new SerialError(
      SerialErrorCode.FILE_ERROR,
      `could not save the serial log to ${file}`,
      e instanceof Error ? e.message : String(e),
    );
  }
}
