/**
 * Every frame the reference clients sent and received in ../shared/spec/traces (IOTMP-Linux over
 * TCP, TLS and WSS; the IOTMP-Embedded core) decodes to the fields the capture shows, in wire
 * order, and re-encodes to the same bytes when the capture's field order is kept (IOTMP.md §3.4,
 * §9.5). The broker's byte-level replays build on this.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  bytesToHex,
  decodeFrame,
  encodeFrame,
  hexToBytes,
  messageToJson,
  psonToJson,
  type Json,
} from '../protocol';
import { sameJson } from './checkVector';

const TRACES = resolve(fileURLToPath(import.meta.url), '../../../../shared/spec/traces');

interface TraceFrame {
  conn: number;
  dir: 'C>S' | 'S>C';
  category: string;
  hex: string;
  type: string;
  fields: { field: number; name: string; wt: number; value: Json }[];
}

const runs = readdirSync(TRACES).filter((d) => existsSync(join(TRACES, d, 'frames.jsonl')));

it('the shared traces include IOTMP-Linux (tcp, tls, wss) and IOTMP-Embedded runs', () => {
  expect(runs).toEqual(
    expect.arrayContaining(['linux-tcp', 'linux-tls', 'linux-wss', 'embedded-tcp']),
  );
});

for (const run of runs) {
  const frames = readFileSync(join(TRACES, run, 'frames.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TraceFrame);
  describe(`trace ${run}`, () => {
    frames.forEach((f, i) => {
      it(`#${i} ${f.dir} ${f.type} (${f.category}) decodes as captured and re-encodes byte for byte`, () => {
        const m = decodeFrame(hexToBytes(f.hex), 1);
        expect(messageToJson(m).type).toBe(f.type);
        expect([...m.fields.keys()]).toEqual(f.fields.map((x) => x.field));
        for (const x of f.fields)
          expect(sameJson(psonToJson(m.fields.get(x.field)), x.value)).toBe(true);
        expect(bytesToHex(encodeFrame(m, 1))).toBe(f.hex);
      });
    });
  });
}
