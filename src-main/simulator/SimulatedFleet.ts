/** Many simulated devices handled as one (benchmarks, `iotmp simulate`). */
import { systemClock, type Clock, type Timer } from './clock';
import { SimulatedDevice } from './SimulatedDevice';
import type { DeviceStats, SimulatedDeviceOptions } from './simulatedDeviceTypes';

export interface FleetStartOptions {
  /**
   * Devices started per second; 0 starts them all at once. The broker admits a bounded number
   * of new connections per second and address (50 by default), so large local fleets ramp up.
   */
  perSecond?: number;
}

export class SimulatedFleet {
  readonly devices: readonly SimulatedDevice[];
  private readonly clock: Clock;
  private ramp: Timer | undefined;

  /** `optionsFor(i)` gives the options of device `i` (0-based). */
  constructor(
    count: number,
    optionsFor: (index: number) => SimulatedDeviceOptions,
    clock: Clock = systemClock,
  ) {
    this.devices = Array.from({ length: count }, (_, i) => new SimulatedDevice(optionsFor(i)));
    this.clock = clock;
  }

  start(options: FleetStartOptions = {}): void {
    const perSecond = options.perSecond ?? 0;
    if (perSecond <= 0) {
      for (const d of this.devices) d.start();
      return;
    }
    // Batches every 100 ms keep the rate smooth without a timer per device.
    const batch = Math.max(1, Math.round(perSecond / 10));
    const stepMs = (1000 * batch) / perSecond;
    let next = 0;
    const startBatch = (): void => {
      for (const d of this.devices.slice(next, next + batch)) d.start();
      next += batch;
      if (next >= this.devices.length) {
        this.ramp?.cancel();
        this.ramp = undefined;
      }
    };
    startBatch();
    if (next < this.devices.length) this.ramp = this.clock.setInterval(startBatch, stepMs);
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

  /** Stops every device (those not started yet stay unstarted) and the ramp. */
  async stop(): Promise<void> {
    this.ramp?.cancel();
    this.ramp = undefined;
    await Promise.all(this.devices.map((d) => d.stop()));
  }
}
