/**
 * Every frame the reference clients sent and received in ../shared/spec/traces (IOTMP-Linux over
 * TCP, TLS and WSS; the IOTMP-Embedded core) decodes to the fields the capture shows, in wire
 * order, and re-encodes to the same bytes when the capture's field order is kept (IOTMP.md §3.4,
 * §9.5). The broker's byte-level replays build on this.
 */
import { describe, expect, it } from 'vitest';
import {
  bytesToHex,
  decodeFrame,
  encodeFrame,
  hexToBytes,
  messageToJson,
  psonToJson,
} from '../protocol';
import { sameJson } from './checkVector';
import { loadTrace, traceRuns } from './loadTraces';

const runs = traceRuns();

it('the shared traces include IOTMP-Linux (tcp, tls, wss) and IOTMP-Embedded runs', () => {
  expect(runs).toEqual(
    expect.arrayContaining(['linux-tcp', 'linux-tls', 'linux-wss', 'embedded-tcp']),
  );
});

for (const run of runs) {
  const frames = loadTrace(run);
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
