/**
 * What a device's resources are and hold, as the server asks for them: DESCRIBE answers kept per
 * connection, and a resource's current value (IOTMP.md §7.2–§7.4).
 */
import { isPlainMap, type PsonValue } from '../protocol';
import { BoundedMap } from '../contract/BoundedMap';
import type { Reply } from '../core/reply';

/** Describe answers kept per connection (resource names are few; this bounds odd callers). */
const MAX_DESCRIBE_CACHE = 256;

/**
 * A device's resources are fixed by its firmware for the life of a connection, so describe
 * answers are kept per connection (a reconnect, e.g. after flashing, starts afresh). Made on a
 * connection's first DESCRIBE.
 */
export class DescribeCache {
  private readonly byResource = new BoundedMap<string, Promise<Reply>>(MAX_DESCRIBE_CACHE);

  /** The kept answer for `resource` ('' = all) unless `refresh`, else `ask()`'s, kept. */
  get(resource: string, refresh: boolean, ask: () => Promise<Reply>): Promise<Reply> {
    const cached = this.byResource.get(resource);
    if (cached && !refresh) return cached;
    const pending = ask();
    this.byResource.set(resource, pending);
    pending.then(
      (r) => {
        if (!r.ok) this.byResource.delete(resource); // an ERROR may be transient: ask again
      },
      () => this.byResource.delete(resource),
    );
    return pending;
  }

  /** An input changed the resource's state: its describe-one `in` (§7.3) is no longer current. */
  forget(resource: string): void {
    this.byResource.delete(resource);
  }
}

/** What `readResource` asks of the connection. */
export interface ResourceCalls {
  describe(resource?: string, refresh?: boolean): Promise<Reply>;
  run(resource: string): Promise<Reply>;
}

/**
 * Reads a resource's current value. §7.4: an input-only (`fn` 2) resource cannot be read with
 * RUN (the device answers OK without payload), so its state is read with a fresh DESCRIBE-one
 * and answered as its `in`, as Thinger's console shows it; anything else is RUN without input.
 */
export async function readResource(device: ResourceCalls, resource: string): Promise<Reply> {
  const all = await device.describe();
  const descriptor = all.ok ? pickMap(all.payload, resource) : undefined;
  if (pickMap(descriptor, 'fn') !== 2) return device.run(resource);
  const one = await device.describe(resource, true);
  if (!one.ok) return one;
  const state = pickMap(one.payload, 'in');
  return state === undefined ? { ok: true } : { ok: true, payload: state };
}

/** `value[key]` when `value` is a PSON map, else undefined. */
function pickMap(value: PsonValue | undefined, key: string): PsonValue | undefined {
  return isPlainMap(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}
