/**
 * The flasher stubs uploaded to ESP RAM. They are Espressif's (esp-flasher-stub, Apache-2.0 OR
 * MIT), published by esptool and shipped inside the `esptool-js` npm package (Apache-2.0) as JSON
 * (base64 text and data segments, load addresses, entry point); read from there at run time, never
 * copied into this repository.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { EspChipKey, EspStub } from './protocol';

// Not named `require`: the built main process declares its own `require` shim in the same chunk.
const esptoolFiles = createRequire(import.meta.url);
const cache = new Map<EspChipKey, EspStub | null>();

interface StubJson {
  text: string;
  text_start: number;
  data: string;
  data_start: number;
  entry: number;
}

/** The stub for `chip`, or null when esptool-js has none (the session then reports it). */
export function loadEspStub(chip: EspChipKey): EspStub | null {
  const cached = cache.get(chip);
  if (cached !== undefined) return cached;
  let stub: EspStub | null;
  try {
    const file = esptoolFiles.resolve(`esptool-js/lib/targets/stub_flasher/${chip}.json`);
    const json = JSON.parse(readFileSync(file, 'utf8')) as StubJson;
    stub = {
      text: new Uint8Array(Buffer.from(json.text, 'base64')),
      textStart: json.text_start,
      data: new Uint8Array(Buffer.from(json.data, 'base64')),
      dataStart: json.data_start,
      entry: json.entry,
    };
  } catch {
    stub = null;
  }
  cache.set(chip, stub);
  return stub;
}
