/**
 * D2: an API stream reader that stops reading, over real sockets. Samples of a device streaming
 * fast are sent to it once each; while its socket is full nothing more is written, the oldest
 * samples are dropped and counted, and after it reads again it gets the newest in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Field, encodeFrame, ok, streamData } from '../protocol';
import { connectDevice, type WireClient } from '../transports/testing/wireClient';
import { startApiHttp, type ApiHttp } from './http';
import { startApiFixture } from './testing';

const TOKEN = 'test-token-0123456789abcdef';
const SAMPLES = 600;
const PAD = 'x'.repeat(30_000);
let fx: Awaited<ReturnType<typeof startApiFixture>>;
let http: ApiHttp;
let dev: WireClient;

beforeAll(async () => {
  fx = await startApiFixture();
  http = await startApiHttp({
    api: fx.api,
    token: TOKEN,
    port: 0,
    limits: { maxWsBufferedBytes: 64 * 1024 },
  });
  await fx.env.service.devices.add('acme', 'fast', { credential: 'pw' });
  dev = await connectDevice(fx.env.service.port('tcp')!, ['acme', 'fast', 'pw']);
});
afterAll(async () => {
  dev.close();
  await http.close();
  await fx.stop();
});

interface SampleEvent {
  id: number;
  event: { kind: string; value: { i: number }; dropped: number };
}

describe('a stream reader that stops reading (D2)', () => {
  it('gets each sample once; what it could not take is dropped and counted', async () => {
    const ws = new WebSocket(`${http.url.replace('http', 'ws')}/api/v1/ws?token=${TOKEN}`);
    const samples: SampleEvent['event'][] = [];
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as SampleEvent;
      if (m.event?.kind === 'sample') samples.push(m.event);
    });
    await new Promise((r) => ws.once('open', r));
    ws.send(
      JSON.stringify({
        id: 1,
        subscribe: 'streams.samples',
        params: { user: 'acme', device: 'fast', resource: 'big', intervalMs: 0 },
      }),
    );
    const start = await dev.next(5000);
    const sid = start.message.fields.get(Field.STREAM_ID) as number;
    dev.send(encodeFrame(ok(sid), 1));
    // The reader stops reading; the device streams ~18 MB of samples (more than the sockets' kernel buffers).
    ws.pause();
    for (let i = 0; i < SAMPLES; i++) dev.send(encodeFrame(streamData(sid, { i, pad: PAD }), 1));
    await until(() => fx.env.service.broker.registry.get('acme/fast')!.bytesIn > SAMPLES * 30_000);
    await new Promise((r) => setTimeout(r, 300));
    ws.resume();
    await until(() => samples.at(-1)?.value.i === SAMPLES - 1);
    ws.close();

    const seen = samples.map((s) => s.value.i);
    // Strictly increasing: no sample twice, none out of order.
    expect(seen.every((v, k) => k === 0 || v > seen[k - 1]!)).toBe(true);
    expect(seen.length).toBeLessThan(SAMPLES);
    // Every sample was either delivered or counted as dropped.
    expect(seen.length + samples.at(-1)!.dropped).toBe(SAMPLES);
  }, 30_000);
});

async function until(done: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
