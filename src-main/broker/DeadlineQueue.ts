/**
 * One timer for every connection's deadline (the CONNECT timeout, the keep-alive check and a
 * refusal's delayed answer, IOTMP.md §6.1, §6.2), instead of a timer per connection: with
 * thousands of idle devices a Node timer, its closure and its cancel function were ~0.3 KB of
 * each connection (docs/performance.md). A binary min-heap of connections by due time; each
 * connection is in it at most once and knows its place, so moving or removing it is O(log n)
 * and a closed connection is never kept. The one scheduler timer is armed for the earliest due
 * time, so every deadline fires at exactly its time, as a timer of its own would.
 */
import type { Cancel, Scheduler } from '../core/scheduler';

/** A member of the queue: its due time and place are kept on it (no entry object each). */
export interface Deadline {
  /** When it is due (scheduler time); meaningful while `deadlineIndex` ≥ 0. */
  deadlineAt: number;
  /** Its place in the heap, -1 when not queued. */
  deadlineIndex: number;
  /** Called once when due (after removal); may queue itself again. */
  deadlineDue(now: number): void;
}

const NOTHING_TO_CANCEL: Cancel = () => {};

export class DeadlineQueue {
  private readonly heap: Deadline[] = [];
  /** Due time the scheduler timer is armed for (Infinity: none). */
  private armedAt = Infinity;
  private cancelTimer: Cancel = NOTHING_TO_CANCEL;
  private readonly fire = (): void => this.runDue();
  private running = false;

  constructor(private readonly scheduler: Scheduler) {}

  get size(): number {
    return this.heap.length;
  }

  /** Queues `d` to be due at `at`, or moves it there if queued. */
  set(d: Deadline, at: number): void {
    const i = d.deadlineIndex;
    d.deadlineAt = at;
    if (i < 0) {
      d.deadlineIndex = this.heap.length;
      this.heap.push(d);
      this.up(d);
    } else {
      this.up(d);
      this.down(d);
    }
    this.arm();
  }

  remove(d: Deadline): void {
    const i = d.deadlineIndex;
    if (i < 0) return;
    d.deadlineIndex = -1;
    // `d` was queued, so the heap is not empty and pop() returns an element.
    const last = this.heap.pop();
    if (last && last !== d) {
      this.heap[i] = last;
      last.deadlineIndex = i;
      this.up(last);
      this.down(last);
    }
    // The timer stays armed for a removed earliest deadline; it then finds nothing due and
    // re-arms (cheaper than a cancel and a new timer for every connection that closes).
  }

  private runDue(): void {
    this.armedAt = Infinity;
    this.cancelTimer = NOTHING_TO_CANCEL;
    this.running = true;
    try {
      const now = this.scheduler.now();
      for (;;) {
        const top = this.heap[0];
        if (!top || top.deadlineAt > now) break;
        this.remove(top);
        top.deadlineDue(now);
      }
    } finally {
      this.running = false;
      this.arm();
    }
  }

  private arm(): void {
    if (this.running) return;
    const top = this.heap[0];
    const at = top ? top.deadlineAt : Infinity;
    if (at >= this.armedAt) return;
    this.cancelTimer();
    this.armedAt = at;
    if (at === Infinity) {
      this.cancelTimer = NOTHING_TO_CANCEL;
      return;
    }
    this.cancelTimer = this.scheduler.setTimeout(this.fire, Math.max(0, at - this.scheduler.now()));
  }

  /** Moves queued `d` up from its slot while it is earlier than its parent. */
  private up(d: Deadline): void {
    const h = this.heap;
    let i = d.deadlineIndex;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p];
      // A parent slot (p < i) is always filled; the check only narrows the type.
      if (parent === undefined || parent.deadlineAt <= d.deadlineAt) break;
      h[i] = parent;
      parent.deadlineIndex = i;
      i = p;
    }
    h[i] = d;
    d.deadlineIndex = i;
  }

  /** Moves queued `d` down from its slot while a child is earlier. */
  private down(d: Deadline): void {
    const h = this.heap;
    let i = d.deadlineIndex;
    for (;;) {
      // Reading past the end gives undefined: that is the bounds check.
      let c = 2 * i + 1;
      let child = h[c];
      if (child === undefined) break;
      const right = h[c + 1];
      if (right !== undefined && right.deadlineAt < child.deadlineAt) {
        c++;
        child = right;
      }
      if (child.deadlineAt >= d.deadlineAt) break;
      h[i] = child;
      child.deadlineIndex = i;
      i = c;
    }
    h[i] = d;
    d.deadlineIndex = i;
  }
}
