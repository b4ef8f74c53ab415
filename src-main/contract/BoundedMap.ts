/**
 * A Map with at most `max` entries: setting a key makes it the newest, and past the bound the
 * oldest are forgotten. Bounds every table a peer can grow (per address, per identity, per id).
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    super.delete(key);
    super.set(key, value);
    while (this.size > this.max) super.delete(super.keys().next().value as K);
    return this;
  }
}
