/**
 * A small key-value store for settings such as the board chosen per port. Injected: the app keeps
 * it in the SQLite settings (store/SettingsKeyValueStore.ts), tests in memory.
 */
import { BoundedMap } from '../contract/BoundedMap';

export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Entries kept: ports seen in a lifetime of commissioning, bounded (oldest set go first). */
export const KV_MAX_ENTRIES = 2000;
/** Longest key or value stored: keys are "board:usb:<vid>:<pid>:<serial>", values short ids. */
export const KV_MAX_VALUE_CHARS = 1024;

export class MemoryStore implements KeyValueStore {
  private readonly map = new BoundedMap<string, string>(KV_MAX_ENTRIES);
  async get(key: string): Promise<string | undefined> {
    return this.map.get(key);
  }
  async set(key: string, value: string): Promise<void> {
    this.map.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.map.delete(key);
  }
}
