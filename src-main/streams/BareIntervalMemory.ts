/**
 * Devices that read only the bare-number stream interval (IOTMP-Embedded 1.0.1, IOTMP.md §8.1),
 * learnt by the hub's fallback. The app keeps them in its settings so that, after a broker
 * restart, such a device is asked in its own form at once instead of stalling 2 × interval + 2 s
 * before its first periodic sample; tests keep them in memory.
 */
export interface BareIntervalMemory {
  has(key: string): boolean;
  /** `bare` false forgets the device (it answers the map form again, e.g. after an update). */
  set(key: string, bare: boolean): void;
}

/** Devices remembered at most (the oldest learnt go first). */
const MAX_BARE_INTERVAL_DEVICES = 10_000;

export class InMemoryBareIntervals implements BareIntervalMemory {
  private readonly keys = new Set<string>();
  has(key: string): boolean {
    return this.keys.has(key);
  }
  set(key: string, bare: boolean): void {
    if (bare) this.keys.add(key);
    else this.keys.delete(key);
  }
}

/** Kept as one setting: `{ "user/device": true, … }`, oldest learnt first. */
export class SettingBareIntervals implements BareIntervalMemory {
  constructor(
    private readonly read: () => Record<string, true>,
    private readonly write: (all: Record<string, true>) => void,
  ) {}

  has(key: string): boolean {
    return Object.hasOwn(this.read(), key);
  }

  set(key: string, bare: boolean): void {
    const all = { ...this.read() };
    if (bare === Object.hasOwn(all, key)) return;
    if (bare) all[key] = true;
    else delete all[key];
    const keys = Object.keys(all);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_BARE_INTERVAL_DEVICES)))
      delete all[k];
    this.write(all);
  }
}
