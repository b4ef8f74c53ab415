/**
 * The broker's own share of a delivered sample, without sockets: 1,000 sessions on in-memory
 * links (the production Broker, registry, inspector and stream hub), one consumer per device,
 * and STREAM_DATA frames fed to `Session.receive` as a socket would (one chunk per frame).
 * Prints CPU µs per sample; what `bench:broker` measures on top of this is Node's socket path
 * (its `floor`). A diagnosis tool for docs/performance.md, steadier than the socket bench on a
 * busy machine: `npx tsx bench/broker/hotPath.ts [samples=1000000]`.
 */
import type { PsonValue } from '../../src-main/protocol';
import { benchDeviceParser, connectFrame, sampleFrame } from '../support/benchDevice';
import { newBroker } from '../../src-main/broker/testing/newBroker';
import { realScheduler } from '../../src-main/app/realScheduler';
import type { Link } from '../../src-main/core/link';
import type { Session } from '../../src-main/broker/Session';

const DEVICES = 1000;
const SAMPLES = Number(process.argv[2] ?? 1_000_000);

/** A link that answers the broker's START_STREAM at once, as a device would. */
class BenchLink implements Link {
  readonly transport = 'tcp' as const;
  readonly pendingWriteBytes = 0;
  session: Session | null = null;
  stream = 0;
  private readonly parser = benchDeviceParser(
    (frame) => queueMicrotask(() => this.session!.receive(frame)),
    { authenticated: () => {}, stream: (id) => (this.stream = id) },
  );
  constructor(readonly remoteAddress: string) {}
  send(frame: Uint8Array): void {
    this.parser.push(frame);
  }
  close(): void {}
  pauseReading(): void {}
  resumeReading(): void {}
}

const broker = newBroker({
  scheduler: realScheduler,
  credentials: {
    verify: () => Promise.resolve('accepted'),
    verifyCached: () => true,
  },
  limits: { maxConnectsPerSecondPerAddress: 1e9, maxFramesPerSecond: 1e9, frameBurst: 1e9 },
});
let delivered = 0;
let checksum = 0;
const links: BenchLink[] = [];
for (let i = 0; i < DEVICES; i++) {
  const link = new BenchLink(`10.0.${i >> 8}.${i & 255}`);
  const s = broker.attach(link)!;
  link.session = s;
  links.push(link);
  s.receive(connectFrame(`d${i}`, 'secret'));
}
await new Promise((r) => setTimeout(r, 50));
for (let i = 0; i < DEVICES; i++)
  broker.subscribe('bench', `d${i}`, 'sample', {
    intervalMs: 0,
    onSample: (s) => {
      delivered++;
      checksum += ((s.payload as Record<string, PsonValue>).t as number) ?? 0;
    },
  });
await new Promise((r) => setTimeout(r, 200));
if (links.some((l) => l.stream === 0)) throw new Error('not every stream opened');

// One frame per device, copied into a fresh chunk per delivery as a socket read would be.
const frames = links.map((l, i) =>
  sampleFrame(l.stream, { t: i, temperature: 21.5, humidity: 40 + (i % 20) }),
);
const run = (n: number): void => {
  for (let k = 0; k < n; k++) {
    const i = k % DEVICES;
    links[i]!.session!.receive(Buffer.from(frames[i]!));
  }
};
run(50_000); // warm-up (JIT, rings grown)
delivered = 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
// Turns of 1,000 samples with a macrotask between, as the event loop would run them.
for (let done = 0; done < SAMPLES; done += 1000) {
  run(1000);
  if (done % 20_000 === 0) await new Promise((r) => setImmediate(r));
}
const cpu = process.cpuUsage(cpu0);
const wall = performance.now() - t0;
console.log(
  `${delivered} samples delivered; ${((cpu.user + cpu.system) / delivered).toFixed(2)} µs CPU per sample (${((wall * 1000) / delivered).toFixed(2)} µs wall) (checksum ${checksum})`,
);
process.exit(0);
