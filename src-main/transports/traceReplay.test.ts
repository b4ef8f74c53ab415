/**
 * Replays the reference clients' captured bytes (../shared/spec/traces: IOTMP-Linux over TCP, TLS
 * and WSS, the IOTMP-Embedded core over TCP) against the real broker: real sockets on 127.0.0.1,
 * a real SQLite file. The broker's own requests must match what the scripted server sent, byte
 * for byte once stream ids are mapped, and the clients' answers must produce the right results.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Field,
  decodeFrame,
  encodeFrame,
  hexToBytes,
  message,
  psonToJson,
  type Json,
  type Message,
  type PsonValue,
} from '../protocol';
import { loadTrace as load } from '../conformance/loadTraces';
import type { Sample } from '../streams/StreamHub';
import { startTestBroker } from './testing/brokerFixture';
import { WireClient, type WireTransport } from './testing/wireClient';

/** The same message with another stream id, fields kept in their wire order. */
function withStreamId(m: Message, id: number): Message {
  return message(
    m.type,
    [...m.fields].map(([n, v]) => [n, n === Field.STREAM_ID ? id : v] as const),
  );
}

const json = (v: PsonValue): Json => psonToJson(v);

type Env = Awaited<ReturnType<typeof startTestBroker>>;
let env: Env;
let service: Env['service'];

beforeAll(async () => {
  env = await startTestBroker();
  service = env.service;
  await service.devices.add('user1', 'sensor1', { credential: 'secret123' });
});

afterAll(async () => {
  await env.stop();
});

const RUNS: [string, WireTransport][] = [
  ['linux-tcp', 'tcp'],
  ['linux-tls', 'tls'],
  ['linux-wss', 'wss'],
  ['embedded-tcp', 'tcp'],
];

describe.each(RUNS)('replay of %s over %s', (run, transport) => {
  it('connects, is described, runs resources, streams and keeps alive as the capture shows', async () => {
    const frames = load(run).filter((f) => f.conn === 1);
    const port = service.port(transport)!;
    const client = await WireClient.connect(transport, port);
    try {
      // CONNECT with the client's exact bytes; the OK must be the capture's exact bytes.
      client.send(hexToBytes(frames[0]!.hex));
      expect((await client.next()).hex).toBe(frames[1]!.hex);
      await expect.poll(() => service.broker.registry.get('user1/sensor1')?.online).toBe(true);

      const samples: Sample[] = [];
      let subscription: { close(): void } | null = null;
      for (let i = 2; i < frames.length; i++) {
        const f = frames[i]!;
        if (f.category === 'keepalive') continue;
        if (f.dir !== 'S>C') continue;
        const want = decodeFrame(hexToBytes(f.hex), 1);
        const resource = want.fields.get(Field.RESOURCE) as string | undefined;
        let result: Promise<unknown> | null = null;
        switch (f.type) {
          case 'DESCRIBE':
            result = service.broker.describe('user1', 'sensor1', resource);
            break;
          case 'RUN':
            result = service.broker.run(
              'user1',
              'sensor1',
              resource!,
              want.fields.get(Field.PAYLOAD),
            );
            break;
          case 'START_STREAM': {
            const interval = (want.fields.get(Field.PARAMETERS) as { interval: number }).interval;
            subscription = service.broker.subscribe('user1', 'sensor1', resource!, {
              intervalMs: interval,
              onSample: (s) => void samples.push(s),
            });
            break;
          }
          case 'STOP_STREAM':
            subscription!.close();
            break;
          default:
            throw new Error(`unexpected request ${f.type} in the capture`);
        }
        // Our request equals the scripted server's, once the stream id is mapped.
        const got = await client.next();
        const ourId = got.message.fields.get(Field.STREAM_ID) as number;
        const expected = new Map(withStreamId(want, ourId).fields);
        if (f.type === 'STOP_STREAM') expected.delete(Field.RESOURCE); // the script added one; §5.9 needs only the id
        expect(got.message.type).toBe(want.type);
        expect(Object.fromEntries([...got.message.fields].map(([k, v]) => [k, json(v)]))).toEqual(
          Object.fromEntries([...expected].map(([k, v]) => [k, json(v)])),
        );
        // The client's answers, with the id mapped, in its own field order.
        const answers: Message[] = [];
        for (let j = i + 1; j < frames.length && frames[j]!.dir === 'C>S'; j++) {
          const m = withStreamId(decodeFrame(hexToBytes(frames[j]!.hex), 1), ourId);
          answers.push(m);
          client.send(encodeFrame(m, 1));
        }
        if (result) {
          const reply = (await result) as { ok: boolean; payload?: PsonValue };
          const answer = answers[0]!;
          expect(reply.ok).toBe(answer.type === 1);
          if (answer.fields.has(Field.PAYLOAD))
            expect(json(reply.payload)).toEqual(json(answer.fields.get(Field.PAYLOAD)));
        }
        if (f.type === 'START_STREAM') {
          await expect.poll(() => samples.length).toBeGreaterThan(0);
          const first = answers.find((a) => a.type === 10)!;
          expect(json(samples[0]!.payload)).toEqual(json(first.fields.get(Field.PAYLOAD)));
        }
      }
      // Keep-alive: the client's bytes, echoed at once (§5.5).
      client.send(hexToBytes('0500'));
      expect((await client.next()).hex).toBe('0500');
      if (transport === 'wss') expect(new Set(client.opcodes)).toEqual(new Set([2]));
    } finally {
      client.close();
      await expect.poll(() => service.broker.registry.get('user1/sensor1')?.online).toBe(false);
    }
  });
});

describe('replay of the rejected logins (linux-tcp-authfail, embedded-tcp-authfail)', () => {
  it.each(['linux-tcp-authfail', 'embedded-tcp-authfail'])(
    '%s: each wrong CONNECT gets ERROR echoing its id',
    async (run) => {
      const frames = load(run);
      const first = frames.find((f) => f.dir === 'C>S')!;
      const client = await WireClient.connect('tcp', service.port('tcp')!);
      client.send(hexToBytes(first.hex));
      const answer = await client.next(3000);
      const id = decodeFrame(hexToBytes(first.hex), 1).fields.get(Field.STREAM_ID) as number;
      expect(answer.message.type).toBe(2);
      expect(answer.message.fields.get(Field.STREAM_ID)).toBe(id);
      expect(answer.message.fields.get(Field.PARAMETERS)).toBe(2);
      expect(await client.closedWithin(2000)).toBe(true);
    },
  );
});
