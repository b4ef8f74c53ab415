/**
 * A small key-value store for settings such as the board chosen per port. Injected, so the
 * JSON file used now can become a SQLite table later without touching the services.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Entries kept in the JSON file: ports seen in a lifetime of commissioning, bounded. */
export const JSON_STORE_MAX_ENTRIES = 2000;
/** Longest key or value stored: keys are "board:<vid>:<pid>:<serial>", values short ids. */
export const JSON_STORE_MAX_VALUE_CHARS = 1024;

export class MemoryStore implements KeyValueStore {
  private readonly map = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    return this.map.get(key);
  }
  async set(key: string, value: string): Promise<void> {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > JSON_STORE_MAX_ENTRIES) this.map.delete(this.map.keys().next().value!);
  }
  async delete(key: string): Promise<void> {
    this.map.delete(key);
  }
}

/**
 * A JSON file in the app data folder (e.g. `<userData>/serial-settings.json`). Writes go to a
 * temporary file renamed over the old one, so a crash never leaves half a file; writes are
 * serialised. A missing or unreadable file reads as empty (it only holds preferences).
 */
export class JsonFileStore implements KeyValueStore {
  private readonly file: string;
  private data: Map<string, string> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(file: string) {
    this.file = file;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.load()).get(key);
  }

  async set(key: string, value: string): Promise<void> {
    if (key.length > JSON_STORE_MAX_VALUE_CHARS || value.length > JSON_STORE_MAX_VALUE_CHARS) {
      throw new Error(`key or value longer than ${JSON_STORE_MAX_VALUE_CHARS} characters`);
    }
    const data = await this.load();
    data.delete(key); // re-inserted last: the oldest entries go first when the bound is reached
    data.set(key, value);
    while (data.size > JSON_STORE_MAX_ENTRIES) data.delete(data.keys().next().value!);
    await this.save();
  }

  async delete(key: string): Promise<void> {
    if ((await this.load()).delete(key)) await this.save();
  }

  private async load(): Promise<Map<string, string>> {
    if (this.data) return this.data;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(this.file, 'utf8'));
    } catch {
      parsed = {};
    }
    const map = new Map<string, string>();
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') map.set(k, v);
    }
    this.data ??= map;
    return this.data;
  }

  private save(): Promise<void> {
    const text = JSON.stringify(Object.fromEntries(this.data ?? []), null, 2) + '\n';
    const tmp = `${this.file}.${process.pid}.tmp`;
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        await mkdir(dirname(this.file), { recursive: true });
        await writeFile(tmp, text);
        await rename(tmp, this.file);
      });
    return this.writing;
  }
}

/** The serial settings file (board chosen per port, last baud rate…) in the app data folder. */
export function serialSettingsStore(dataFolder: string): JsonFileStore {
  return new JsonFileStore(join(dataFolder, 'serial-settings.json'));
}
