/**
 * Every open connection of the broker: an array in which each member knows its place
 * (`openIndex`), removed by moving the last one into its place. A Map by connection id cost
 * about 50 bytes per connection (the id and the hash table's share); this costs about 18
 * (docs/performance.md). The order is not kept.
 */

/** A member knows its place; -1 when it is not in the list. */
export interface OpenMember {
  openIndex: number;
}

export class OpenSessions<T extends OpenMember> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  add(t: T): void {
    if (this.has(t)) return;
    t.openIndex = this.items.length;
    this.items.push(t);
  }

  has(t: T): boolean {
    return t.openIndex >= 0 && this.items[t.openIndex] === t;
  }

  /** False when `t` was not in the list. */
  delete(t: T): boolean {
    if (!this.has(t)) return false;
    const last = this.items.pop();
    if (last !== undefined && last !== t) {
      this.items[t.openIndex] = last;
      last.openIndex = t.openIndex;
    }
    t.openIndex = -1;
    return true;
  }

  /** A copy: members may leave while it is walked. */
  list(): T[] {
    return [...this.items];
  }
}
