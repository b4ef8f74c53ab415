/**
 * Remembers the board chosen for a port by the port's USB serial number (not its path, which
 * changes with the socket it is plugged into). Ports without a serial number (ptys, some
 * clones) are remembered by path instead, which is the best there is for them.
 */
import type { KeyValueStore } from '../core/KeyValueStore';

export interface PortKey {
  readonly path: string;
  readonly serialNumber?: string;
  readonly vendorId?: string;
  readonly productId?: string;
}

export function memoryKey(port: PortKey): string {
  if (port.serialNumber) {
    return `board:usb:${(port.vendorId ?? '').toLowerCase()}:${(port.productId ?? '').toLowerCase()}:${port.serialNumber}`;
  }
  return `board:path:${port.path}`;
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
}
