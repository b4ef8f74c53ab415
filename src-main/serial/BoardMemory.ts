/**
 * Remembers the board chosen for a port, and the baud rate its serial monitor last ran at, by the
 * port's USB serial number (not its path, which changes with the socket it is plugged into).
 * Ports without a serial number (ptys, some clones) are remembered by path instead, which is the
 * best there is for them.
 */
import type { KeyValueStore } from '../core/KeyValueStore';

export interface PortKey {
  readonly path: string;
  readonly serialNumber?: string;
  readonly vendorId?: string;
  readonly productId?: string;
}

/** What is remembered about a port: the board chosen, the monitor's last baud rate. */
type MemoryKind = 'board' | 'baud';

function memoryKey(port: PortKey, kind: MemoryKind = 'board'): string {
  if (port.serialNumber) {
    return `${kind}:usb:${(port.vendorId ?? '').toLowerCase()}:${(port.productId ?? '').toLowerCase()}:${port.serialNumber}`;
  }
  return `${kind}:path:${port.path}`;
}

export class BoardMemory {
  private readonly store: KeyValueStore;

  constructor(store: KeyValueStore) {
    this.store = store;
  }

  remember(port: PortKey, boardId: string): Promise<void> {
    return this.store.set(memoryKey(port), boardId);
  }

  recall(port: PortKey): Promise<string | undefined> {
    return this.store.get(memoryKey(port));
  }

  forget(port: PortKey): Promise<void> {
    return this.store.delete(memoryKey(port));
  }

  /** The baud rate the serial monitor last opened `port` at (Arduino IDE remembers it too). */
  rememberBaud(port: PortKey, baudRate: number): Promise<void> {
    return this.store.set(memoryKey(port, 'baud'), String(baudRate));
  }

  /** The remembered baud rate, or undefined when none (or something unreadable) is stored. */
  async recallBaud(port: PortKey): Promise<number | undefined> {
    const n = Number(await this.store.get(memoryKey(port, 'baud')));
    return Number.isInteger(n) && n > 0 ? n : undefined;
  }
}
