/**
 * A `KeyValueStore` (core/KeyValueStore.ts) kept in the SQLite settings under a prefix: the
 * boards remembered per port live in `studio.sqlite` beside the other settings, bounded in count.
 */
import type { KeyValueStore } from '../core/KeyValueStore';
import { KV_MAX_ENTRIES, KV_MAX_VALUE_CHARS } from '../core/KeyValueStore';
import type { SettingsStore } from './SettingsStore';

export class SettingsKeyValueStore implements KeyValueStore {
  constructor(
    private readonly settings: SettingsStore,
    /** e.g. `serial.`: keeps these keys apart from the broker's settings. */
    private readonly prefix: string,
    private readonly maxEntries = KV_MAX_ENTRIES,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const v = this.settings.get<unknown>(this.prefix + key, undefined);
    return typeof v === 'string' ? v : undefined;
  }

  async set(key: string, value: string): Promise<void> {
    if (key.length > KV_MAX_VALUE_CHARS || value.length > KV_MAX_VALUE_CHARS)
      throw new Error(`key or value longer than ${KV_MAX_VALUE_CHARS} characters`);
    this.settings.setNewest(this.prefix, this.prefix + key, value, this.maxEntries);
  }

  async delete(key: string): Promise<void> {
    this.settings.delete(this.prefix + key);
  }
}
