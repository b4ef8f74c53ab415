/**
 * Keeps a board's last serial lines while it boots and joins (the join diagnosis shows them).
 * Takes the port through a lease like the flasher does, so the serial monitor pauses meanwhile.
 */
import type { SerialLink, SerialOpener } from '../../serial/SerialLink';
import type { PortLeases } from '../../serial/SerialPortLease';
import type { SerialTail } from '../steps/adapters';

/** Lines kept: enough to show a boot and a few connection attempts. */
const SERIAL_TAIL_LINES = 40;
/** Longest line kept; a board printing binary garbage must not fill the record. */
const SERIAL_TAIL_LINE_CHARS = 240;

export async function openSerialTail(
  leases: PortLeases,
  open: SerialOpener,
  path: string,
  baudRate = 115200,
  /** Runs once the console listens (an ESP board's reset into its application). */
  afterOpen?: (link: SerialLink) => Promise<void>,
): Promise<SerialTail> {
  const lease = await leases.takeOver(path, { kind: 'commissioning', label: 'commissioning' });
  let link;
  try {
    link = await open(path, { baudRate });
  } catch (e) {
    lease.release();
    throw e;
  }
  const lines: string[] = [];
  let partial = '';
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const off = link.onData((bytes) => {
    partial += decoder.decode(bytes, { stream: true });
    const parts = partial.split(/\r?\n|\r/);
    partial = parts.pop() ?? '';
    if (partial.length > SERIAL_TAIL_LINE_CHARS) {
      parts.push(partial);
      partial = '';
    }
    for (const p of parts) {
      // eslint-disable-next-line no-control-regex -- a board's noise is shown as text, not control codes
      const line = p.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '').slice(0, SERIAL_TAIL_LINE_CHARS);
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > SERIAL_TAIL_LINES) lines.shift();
    }
  });
  let stopped = false;
  try {
    await afterOpen?.(link);
  } catch (e) {
    off();
    await link.close().catch(() => {});
    lease.release();
    throw e;
  }
  return {
    lines: () =>
      partial.trim() ? [...lines, partial.slice(0, SERIAL_TAIL_LINE_CHARS)] : [...lines],
    stop: async () => {
      if (stopped) return;
      stopped = true;
      off();
      try {
        await link.close();
      } finally {
        lease.release();
      }
    },
  };
}
