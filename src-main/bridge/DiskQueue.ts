/**
 * The disk side of the bridge's delivery: new messages staged for the Outbox (written in one
 * transaction per event-loop turn, not one per message), acknowledged disk messages waiting to be
 * deleted (also in one transaction), and how far the disk has been read and handed to the client.
 */
import type { Outbox, OutMessage } from './Outbox';

export class DiskQueue {
  /** New messages waiting to be written to disk (in order, after what is there). */
  private staging: OutMessage[] = [];
  /** Disk messages acknowledged, to delete in the next batch. */
  private acked: number[] = [];
  /** Highest seq read from disk and handed to the client. */
  private handedUpTo = 0;
  private work: NodeJS.Immediate | null = null;

  constructor(
    readonly outbox: Outbox,
    private readonly log: (level: 'info' | 'warn', message: string) => void,
    /** Runs once per turn with work staged: the delivery writes, then sends from disk. */
    private readonly onTurn: () => void,
  ) {}

  /** Messages staged in memory, not yet on disk. */
  get stagedCount(): number {
    return this.staging.length;
  }

  /** Rows on disk (those with the client, acknowledged or not, included). */
  get size(): number {
    return this.outbox.size;
  }

  /** Disk messages not handed to the client yet (`diskInFlight`: those with it). */
  backlog(diskInFlight: number): number {
    return this.outbox.size - diskInFlight - this.acked.length;
  }

  /** Stages a new message, after those staged before it. */
  stage(message: OutMessage): void {
    this.staging.push(message);
    this.schedule();
  }

  /** Stages messages that are older than those staged (memory spilled to disk). */
  stageAhead(messages: OutMessage[]): void {
    this.staging = messages.concat(this.staging);
    this.schedule();
  }

  /** A disk message the cluster acknowledged: deleted in the next batch. */
  acknowledged(seq: number): void {
    this.acked.push(seq);
    this.schedule();
  }

  /** A message the client gave back unsent (QoS 0 when the link broke): read again next time. */
  unsent(message: OutMessage, onDisk: boolean): void {
    if (!onDisk) this.outbox.append([message], Number.MAX_SAFE_INTEGER);
    this.handedUpTo = Math.min(this.handedUpTo, message.seq - 1);
  }

  schedule(): void {
    if (this.work) return;
    this.work = setImmediate(() => {
      this.work = null;
      this.onTurn();
    });
  }

  /** Writes staged messages and deletes acknowledged ones, one transaction each. */
  flush(): void {
    if (this.staging.length > 0) {
      const dropped = this.outbox.append(this.staging, this.handedUpTo);
      this.staging = [];
      if (dropped > 0)
        this.log(
          'warn',
          `MQTT bridge queue full (${this.outbox.bound} messages): dropped the ${dropped} oldest`,
        );
    }
    this.outbox.remove(this.acked);
    this.acked = [];
  }

  /** Up to `limit` disk messages not handed to the client yet, oldest first (marked handed). */
  takeNext(limit: number): OutMessage[] {
    const rows = this.outbox.after(this.handedUpTo, limit);
    const last = rows[rows.length - 1];
    if (last) this.handedUpTo = last.seq;
    return rows;
  }

  /**
   * Ends it: `held` (messages in memory or with the client, unacknowledged) and what is staged
   * go to disk for the next start, acknowledged rows are deleted, and the file is closed.
   */
  close(held: OutMessage[]): void {
    if (this.work) clearImmediate(this.work);
    this.work = null;
    this.outbox.append(
      [...held, ...this.staging].sort((a, b) => a.seq - b.seq),
      0,
    );
    this.outbox.remove(this.acked);
    this.staging = [];
    this.acked = [];
    this.outbox.close();
  }
}
