import { afterEach, expect, it } from 'vitest';
import { ok, payloadOf } from '../protocol';
import { FakeClock } from './clock';
import { ScriptedServer } from './ScriptedServer';
import { SimulatedFleet } from './SimulatedFleet';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('starts, waits for and stops many devices, and sums their counters', async () => {
  const srv = await ScriptedServer.start('tcp');
  cleanups.push(() => srv.close());
  let id = 1;
  const fleet = new SimulatedFleet(5, (i) => ({
    host: '127.0.0.1',
    port: srv.port,
    user: 'u',
    device: `d${i}`,
    credential: 'c',
    ids: () => id++,
  }));
  cleanups.push(() => fleet.stop());
  fleet.start();
  const names: string[] = [];
  for (let n = 0; n < 5; n++) {
    const c = await srv.connection(n);
    const connect = (await c.next()).message!;
    names.push((payloadOf(connect) as string[])[1]!);
    c.send(ok(connect.fields.get(1) as number));
  }
  await fleet.waitAllOnline(AbortSignal.timeout(2000));
  expect(names.sort()).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
  expect(fleet.onlineCount).toBe(5);
  expect(fleet.stats()).toMatchObject({ connects: 5, framesOut: 5, framesIn: 5 });
  await fleet.stop();
  expect(fleet.devices.every((d) => d.state === 'stopped')).toBe(true);
});

it('ramps up at the given rate and cancels the ramp on stop', async () => {
  const clock = new FakeClock();
  const fleet = new SimulatedFleet(
    45,
    (i) => ({ host: '127.0.0.1', port: 1, user: 'u', device: `d${i}`, credential: 'c', clock }),
    clock,
  );
  cleanups.push(() => fleet.stop());
  let started = 0;
  for (const d of fleet.devices) d.on('state', (c) => c.state === 'connecting' && started++);
  fleet.start({ perSecond: 20 });
  expect(started).toBe(2);
  clock.advance(1000);
  expect(started).toBe(22);
  await fleet.stop();
  clock.advance(10_000);
  expect(started).toBe(22);
  expect(clock.pending).toBe(0);
});
