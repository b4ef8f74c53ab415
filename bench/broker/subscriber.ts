/**
 * The samples' consumer for Aedes' throughput phase, in a process of its own: an mqtt.js client
 * subscribed to every device's topic at QoS 0 that parses each payload (usable values, as the
 * other consumers get) and counts. Under a flood Aedes does not get back to its event loop for
 * tens of seconds, so a consumer or a counter inside its process cannot be read (its IPC is
 * never served: the phase printed 0 samples/s): here the count, the time and this process's own
 * busy share are on a clock the flood does not stop. argv: <port>.
 */
import mqtt from 'mqtt';
import { serveBenchCommands } from './child';

const port = Number(process.argv[2]);
let received = 0;
const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
  clientId: 'bench-consumer',
  reconnectPeriod: 0,
});
client.on('message', (_topic, payload) => {
  JSON.parse(payload.toString());
  received++;
});
await client.subscribeAsync('d/+/s', { qos: 0 });

let elu = performance.eventLoopUtilization();
serveBenchCommands<{ cmd: 'count' }>(
  () => {
    // Busy share since the last count: 90 % and more means this consumer was the limit.
    const busy = performance.eventLoopUtilization(elu).utilization;
    elu = performance.eventLoopUtilization();
    return Promise.resolve({ received, at: performance.now(), busy });
  },
  { port },
);
