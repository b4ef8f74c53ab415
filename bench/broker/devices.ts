/**
 * Device side of `npm run bench:broker`: many devices in one process. `stream` devices send a
 * small map `rate` times a second (IoTMP: STREAM_DATA on the stream the broker opens; MQTT: a
 * QoS 0 publish through mqtt.js clients) and answer RUN at once; `idle` devices connect and stay.
 * `flood` devices offer more than a broker can take, to find its ceiling: every 10 ms each writes
 * `rate` ready-made frames in one write unless its socket still holds unsent bytes (so memory
 * stays bounded and the load generator, on the other core, out-runs the broker it feeds).
 */
import { connect as netConnect, type Socket } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { benchDeviceParser, connectFrame, sampleFrame } from '../support/benchDevice';

const [kind, portArg, countArg, mode, rateArg] = process.argv.slice(2) as [
  'iotmp' | 'aedes',
  string,
  string,
  'stream' | 'idle' | 'flood',
  string,
];
const port = Number(portArg);
const count = Number(countArg);
const rate = Number(rateArg ?? 10);
const now = (): number => performance.timeOrigin + performance.now();

const sockets: Socket[] = [];
const clients: MqttClient[] = [];
const streams: (number | 0)[] = new Array<number | 0>(count).fill(0);
let connected = 0;
let sent = 0;
/**
 * `pause` stops streaming and `resume` starts it again (bench:bridge counts what was sent, waits
 * for the bridge to drain, then measures from an empty queue).
 */
let paused = false;

function sample(i: number): { t: number; temperature: number; humidity: number } {
  return { t: now(), temperature: 20 + Math.random() * 5, humidity: 40 + (i % 20) };
}

function iotmpDevice(i: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = netConnect({ host: '127.0.0.1', port }, () => {
      s.setNoDelay(true);
      s.write(connectFrame(`d${i}`, 'bench', 17767));
    });
    sockets.push(s);
    const parser = benchDeviceParser((frame) => s.write(frame), {
      authenticated: (ok) => {
        if (!ok) reject(new Error(`device d${i} refused`));
        connected++;
        resolve();
      },
      stream: (id) => (streams[i] = id),
      runPayload: 'pong',
    });
    s.on('data', (d: Buffer) => parser.push(d));
    s.on('error', reject);
  });
}

function mqttStreamDevice(i: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
      clientId: `d${i}`,
      keepalive: 60,
      reconnectPeriod: 0,
    });
    clients.push(c);
    c.once('connect', () => {
      connected++;
      resolve();
    });
    c.once('error', reject);
  });
}

function mqttIdleDevice(i: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = netConnect({ host: '127.0.0.1', port }, () => {
      s.write(
        mqttPacket.generate({
          cmd: 'connect',
          protocolId: 'MQTT',
          protocolVersion: 4,
          clean: true,
          clientId: `d${i}`,
          keepalive: 0,
        }),
      );
    });
    sockets.push(s);
    s.once('data', () => {
      connected++;
      resolve();
    });
    s.on('error', reject);
  });
}

async function connectAll(): Promise<void> {
  const make = kind === 'iotmp' ? iotmpDevice : mode === 'idle' ? mqttIdleDevice : mqttStreamDevice;
  const batch = 200;
  for (let i = 0; i < count; i += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, k) => make(i + k)));
  }
}

/** What a flooding device writes per tick: `rate` copies of one sample's frame. */
function floodBatch(i: number): Buffer {
  // t = 0: under saturation latency is queueing, not the broker; the consumer skips it.
  const value = { t: 0, temperature: 20 + (i % 50) / 10, humidity: 40 + (i % 20) };
  const frame =
    kind === 'iotmp'
      ? Buffer.from(sampleFrame(streams[i]!, value))
      : mqttPacket.generate({
          cmd: 'publish',
          topic: `d/${i}/s`,
          payload: JSON.stringify(value),
          qos: 0,
          dup: false,
          retain: false,
        });
  return Buffer.concat(Array.from({ length: rate }, () => frame));
}

/** Unsent bytes a flooding device may leave queued before it skips a tick. */
const FLOOD_QUEUE_BYTES = 16 * 1024;

function startFlooding(): void {
  const batches = Array.from({ length: count }, (_, i) => floodBatch(i));
  const socketOf = (i: number): Socket =>
    kind === 'iotmp' ? sockets[i]! : (clients[i]!.stream as Socket);
  setInterval(() => {
    for (let i = 0; i < count; i++) {
      const s = socketOf(i);
      if (s.writableLength > FLOOD_QUEUE_BYTES) continue;
      s.write(batches[i]!);
      sent += rate;
    }
  }, 10);
}

function startStreaming(): void {
  // One ticker: each tick serves the devices whose turn it is, so every device sends `rate`/s.
  const tickMs = 10;
  const slots = Math.max(1, Math.round(1000 / rate / tickMs));
  let tick = 0;
  setInterval(() => {
    if (paused) return;
    const slot = tick++ % slots;
    for (let i = slot; i < count; i += slots) {
      if (kind === 'iotmp') {
        const id = streams[i];
        if (id) {
          sockets[i]!.write(sampleFrame(id, sample(i)));
          sent++;
        }
      } else {
        clients[i]!.publish(`d/${i}/s`, JSON.stringify(sample(i)), { qos: 0 });
        sent++;
      }
    }
  }, tickMs);
}

process.on('message', (m: { cmd: string }) => {
  // With the time on this process's clock: its event loop, too, answers late under a flood.
  if (m.cmd === 'pause') paused = true;
  if (m.cmd === 'resume') paused = false;
  if (m.cmd === 'sent' || m.cmd === 'pause' || m.cmd === 'resume')
    process.send!({ sent, at: performance.now() });
});

await connectAll();
process.send!({ connected });
if (mode === 'stream') startStreaming();
if (mode === 'flood') {
  // IoTMP devices flood once the broker has opened their stream.
  while (kind === 'iotmp' && streams.some((id) => !id)) await new Promise((r) => setTimeout(r, 50));
  startFlooding();
}
