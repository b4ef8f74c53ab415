/** Many simulated devices handled as one (benchmarks, `iotmp simulate`). */
import { SimulatedDevice, type DeviceStats, type SimulatedDeviceOptions } from './SimulatedDevice';

export class SimulatedFleet {
  readonly devices: readonly SimulatedDevice[];

  /** `optionsFor(i)` gives the options of device `i` (0-based). */
  constructor(count: number, optionsFor: (index: number) => SimulatedDeviceOptions) {
    this.devices = Array.from({ length: count }, (_, i) => new SimulatedDevice(optionsFor(i)));
  }

  start(): void {
    for (const d of this.devices) d.start();
  }

  get onlineCount(): number {
    return this.devices.filter((d) => d.state === 'online').length;
  }

  /** Resolves when every device is online at once (rejects when `signal` aborts first). */
  waitAllOnline(signal?: AbortSignal): Promise<void> {
    return Promise.all(this.devices.map((d) => d.waitForState('online', signal))).then(() => {
      if (this.onlineCount < this.devices.length) return this.waitAllOnline(signal);
    });
  }

  /** Sums of every device's counters. */
  stats(): DeviceStats {
    const sum: DeviceStats = {
      connects: 0,
      authFailures: 0,
      framesIn: 0,
      framesOut: 0,
      bytesIn: 0,
      bytesOut: 0,
      samplesSent: 0,
      samplesDropped: 0,
      undecodable: 0,
    };
    for (const d of this.devices) {
      for (const k of Object.keys(sum) as (keyof DeviceStats)[]) sum[k] += d.stats[k];
    }
    return sum;
  }

  async stop(): Promise<void> {
    await Promise.all(this.devices.map((d) => d.stop()));
  }
}
