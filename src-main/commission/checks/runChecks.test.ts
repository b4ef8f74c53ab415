/**
 * Checks generated from describe, run against the device simulator through a real broker on
 * 127.0.0.1 (IOTMP.md §7.2–7.4, §8.1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlanChecks, type CheckResult } from '../../contract/commissionSchemas';
import { SimulatedDevice } from '../../simulator/SimulatedDevice';
import { startTestBroker } from '../../transports/testing/brokerFixture';
import type { BrokerService } from '../../services/BrokerService';
import { brokerCheckDevice } from './brokerDevice';
import { runChecks, type CheckHooks } from './runChecks';
import type { PromptAnswer } from './CheckDevice';

let broker: Awaited<ReturnType<typeof startTestBroker>>;
let service: BrokerService;
let sim: SimulatedDevice;

beforeAll(async () => {
  broker = await startTestBroker();
  service = broker.service;
  const { credential } = await service.devices.add('studio', 'pump-1');
  sim = new SimulatedDevice({
    host: '127.0.0.1',
    port: service.port('tcp')!,
    transport: 'tcp',
    user: 'studio',
    device: 'pump-1',
    credential,
    streamTickMs: 100,
    profile: {
      name: 'pump',
      resources: {
        temperature: { kind: 'sensor', value: 21.5, noise: 0.2 },
        relay: { kind: 'switch', initial: false },
        echo: { kind: 'rpc', template: { text: 'hi' } },
        reboot: { kind: 'action' },
      },
    },
  });
  sim.start();
  await sim.waitForState('online', AbortSignal.timeout(5000));
});

afterAll(async () => {
  await sim?.stop();
  await broker?.stop();
});

function hooks(
  answers: PromptAnswer[] = [],
): CheckHooks & { asked: string[]; seen: CheckResult[] } {
  const asked: string[] = [];
  const seen: CheckResult[] = [];
  return {
    asked,
    seen,
    ask: (_kind, text) => {
      asked.push(text);
      return Promise.resolve(answers.shift() ?? { kind: 'manual', verdict: 'skip' });
    },
    onResult: (r) => seen.push(r),
    signal: new AbortController().signal,
  };
}

describe('checks generated from describe', () => {
  it('reads every output, writes every input back, runs the RPC, and measures the round trip', async () => {
    const h = hooks();
    const results = await runChecks(
      brokerCheckDevice(service.broker, 'studio', 'pump-1'),
      PlanChecks.parse({ types: { temperature: 'number' } }),
      h,
    );
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['rtt', 'pass'],
      ['io:echo', 'pass'],
      ['input:relay', 'pass'],
      ['output:temperature', 'pass'],
    ]);
    expect(results.find((r) => r.id === 'output:temperature')!.measured).toMatch(
      /^2\d\.\d+ \(number\)$/,
    );
    expect(h.seen).toEqual(results);
  });

  it('fails a range and a type naming the resource, the measured and the expected value', async () => {
    const results = await runChecks(
      brokerCheckDevice(service.broker, 'studio', 'pump-1'),
      PlanChecks.parse({
        outputs: true,
        inputs: false,
        types: { temperature: 'string' },
        ranges: [{ resource: 'temperature', min: -20, max: 0 }],
      }),
      hooks(),
    );
    const type = results.find((r) => r.id === 'output:temperature')!;
    expect(type.status).toBe('fail');
    expect(type.note).toMatch(/^temperature: expected a string, measured a number/);
    const range = results.find((r) => r.kind === 'range')!;
    expect(range).toMatchObject({ status: 'fail', expected: 'a number between -20 and 0' });
    expect(range.note).toMatch(/^temperature: measured 2\d/);
  });

  it('asks before an actuator write, and a stream delivers at its interval', async () => {
    const h = hooks([
      { kind: 'confirm', confirmed: true },
      { kind: 'manual', verdict: 'fail', note: 'no click' },
    ]);
    const results = await runChecks(
      brokerCheckDevice(service.broker, 'studio', 'pump-1'),
      PlanChecks.parse({
        outputs: false,
        inputs: false,
        roundTrips: [{ input: 'relay', value: true }],
        streams: [{ resource: 'temperature', intervalMs: 1000, tolerancePct: 25, samples: 2 }],
        manual: [{ id: 'click', prompt: 'The relay clicked', run: 'reboot' }],
      }),
      h,
    );
    expect(h.asked[0]).toMatch(/^Write true to relay\?/);
    expect(results.find((r) => r.kind === 'roundtrip')).toMatchObject({
      status: 'pass',
      measured: 'true',
    });
    // The relay was left as it was found.
    expect(sim.resources.get('relay')!.sample()).toBe(false);
    expect(
      results.find((r) => r.kind === 'stream'),
      JSON.stringify(results),
    ).toMatchObject({ status: 'pass' });
    expect(results.find((r) => r.kind === 'manual')).toMatchObject({
      status: 'fail',
      note: 'technician: no click',
    });
  });

  it('a refused confirmation skips the write; a resource the device lacks fails by name', async () => {
    const results = await runChecks(
      brokerCheckDevice(service.broker, 'studio', 'pump-1'),
      PlanChecks.parse({
        outputs: false,
        inputs: false,
        roundTrips: [{ input: 'relay', value: true }],
        ranges: [{ resource: 'pressure', max: 10 }],
      }),
      hooks([{ kind: 'confirm', confirmed: false }]),
    );
    expect(results.find((r) => r.kind === 'roundtrip')).toMatchObject({
      status: 'skipped',
      note: 'not confirmed by the technician',
    });
    expect(results.find((r) => r.kind === 'range')!.note).toBe(
      'pressure: the device has no such resource',
    );
  });
});
