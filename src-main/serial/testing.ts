/** An in-memory SerialLink and opener for unit tests of the serial services. */
import { Emitter } from '../util/Emitter';
import { SerialError, SerialErrorCode } from './SerialError';
import type { SerialLink, SerialOpener } from './SerialLink';

class MemoryLink implements SerialLink {
  readonly path: string;
  readonly written: Uint8Array[] = [];
  baudRate: number;
  private readonly events = new Emitter<{ data: Uint8Array; close: SerialError | undefined }>();
  private open = true;

  constructor(path: string, baudRate: number) {
    this.path = path;
    this.baudRate = baudRate;
  }

  get isOpen(): boolean {
    return this.open;
  }
  write(bytes: Uint8Array): void {
    this.written.push(bytes.slice());
  }
  async drain(): Promise<void> {}
  onData(l: (b: Uint8Array) => void): () => void {
    return this.events.on('data', l);
  }
  onClose(l: (e?: SerialError) => void): () => void {
    return this.events.on('close', l);
  }
  async setSignals(): Promise<boolean> {
    return false;
  }
  async setBaudRate(baudRate: number): Promise<void> {
    this.baudRate = baudRate;
  }
  async close(): Promise<void> {
    this.end();
  }

  /** The device sends `text` (or bytes). */
  emit(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    this.events.emit('data', bytes);
  }

  /** The cable is pulled. */
  unplug(): void {
    this.end(new SerialError(SerialErrorCode.PORT_LOST, `port ${this.path} disappeared`));
  }

  private end(error?: SerialError): void {
    if (!this.open) return;
    this.open = false;
    this.events.emit('close', error);
  }
}

/** Opens MemoryLinks; `present` decides which paths exist (an unplugged port fails to open). */
export function memoryOpener(present: (path: string) => boolean = () => true) {
  const links: MemoryLink[] = [];
  const open: SerialOpener = async (path, { baudRate }) => {
    if (!present(path)) {
      throw new SerialError(SerialErrorCode.PORT_NOT_FOUND, `port ${path} not found`);
    }
    const link = new MemoryLink(path, baudRate);
    links.push(link);
    return link;
  };
  return {
    open,
    links,
    /** The last link opened on `path`. */
    last: (path: string) => links.filter((l) => l.path === path).at(-1),
  };
}
