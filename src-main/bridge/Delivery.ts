/**
 * The bridge's one ordered stream of messages to the cluster, each with a sequence number.
 * While the link is up and nothing waits on disk, a message waits in memory (at most
 * MEMORY_QUEUE) and is handed to the MQTT client with the others of its linger (LINGER_MS; one
 * socket write for all of them), at most IN_FLIGHT_WINDOW unacknowledged (InFlight); otherwise it
 * is appended to the Outbox (SQLite, through DiskQueue) and sent from there, in order. Messages
 * the client holds unacknowledged when the link drops are resent by it (mqtt.js keeps its
 * outgoing store across the bridge's reconnect) before anything newer, so order holds; QoS 1 or 2
 * loses nothing within the queue bound (QoS 0 may lose what was on the wire when the link broke).
 */
import type { MqttClient } from 'mqtt';
import { DiskQueue } from './DiskQueue';
import { InFlight } from './InFlight';
import { OutMessage, type Outbox } from './Outbox';

/**
 * Messages waiting in memory for room in that window while the link is up (about 0.4 s of a
 * 10,000 samples/s site): a cluster that is merely slow to acknowledge costs no disk writes.
 * Past it, and whenever the link is down, messages wait on disk.
 */
export const MEMORY_QUEUE = 4096;
/**
 * How long a new message may wait in memory for others to go out with it (at most LINGER_BATCH
 * of them): one socket write, and one read of the cluster's acknowledgements, per LINGER_MS rather
 * than per event-loop turn. Each of those turns costs the process far more than a message does
 * (bench/bridge/hotPath.ts on the busy development machine: about 150 µs per turn against 8 µs
 * per message), and a site's samples arrive over many turns. 10 ms is a fifth of the latency goal
 * (p99 < 50 ms); against 5 ms, bench:bridge in one run on the busy machine: the bridge added
 * 16.8 and 11.8 µs per sample instead of 20.6 and 14.8 (docs/bridge.md, session 9).
 */
const LINGER_MS = 10;
const LINGER_BATCH = 512;

export interface DeliveryOptions {
  qos: 0 | 1 | 2;
  /** Correlation data goes out as an MQTT 5 property only on a v5 link. */
  protocolVersion: 4 | 5;
  log: (level: 'info' | 'warn', message: string) => void;
  /** Something changed that the status shows (called often: the caller throttles). */
  onChange: () => void;
}

export class Delivery {
  /** Whether the link is up now (mqtt.js keeps its client object across reconnects). */
  private up = false;
  private readonly inFlight: InFlight;
  private readonly disk: DiskQueue;
  /** New messages in memory while the link is up; never at the same time as a disk backlog. */
  private ready: OutMessage[] = [];
  /** When `ready` goes out: after the linger, or on the next turn when a batch is full. */
  private lingerTimer: NodeJS.Timeout | null = null;
  private readyTurn: NodeJS.Immediate | null = null;
  private acknowledged = 0;

  constructor(
    private readonly outbox: Outbox,
    private readonly o: DeliveryOptions,
  ) {
    this.inFlight = new InFlight(o.protocolVersion, (message, onDisk, err) =>
      this.settled(message, onDisk, err),
    );
    this.disk = new DiskQueue(outbox, o.log, () => {
      this.disk.flush();
      this.pump();
      this.o.onChange();
    });
  }

  /** Messages the cluster acknowledged since this delivery started. */
  get published(): number {
    return this.acknowledged;
  }

  /** Messages waiting for the cluster (on disk, in memory, or with the client unacknowledged). */
  get queued(): number {
    return (
      this.disk.size +
      this.ready.length +
      this.disk.stagedCount +
      this.inFlight.size -
      this.inFlight.fromDisk
    );
  }

  get dropped(): number {
    return this.outbox.dropped;
  }

  get sequence(): number {
    return this.outbox.lastSeq;
  }

  /** Whether anything is in memory or with the client, not yet acknowledged. */
  get pending(): boolean {
    return this.inFlight.size > 0 || this.ready.length > 0;
  }

  /** The link is up: send what waits, oldest first, at most `window` unacknowledged. */
  connected(client: MqttClient, window: number): void {
    this.up = true;
    this.inFlight.connected(client, window);
    this.pump();
  }

  /** The link is down: what waited in memory goes to disk, ahead of what comes next. */
  disconnected(): void {
    this.up = false;
    this.spillReady();
  }

  /**
   * Queues one message; `payload` gets its sequence number and returns the JSON text (null: an
   * empty payload). It is called once, before this returns.
   */
  enqueue(
    topic: string,
    payload: (seq: number) => string | null,
    retain = false,
    correlationData?: Buffer,
  ): void {
    const seq = this.outbox.nextSeq();
    const message = new OutMessage(
      seq,
      topic,
      payload(seq) ?? '',
      this.o.qos,
      retain,
      correlationData,
    );
    if (this.up && this.nothingOnDisk()) {
      if (this.ready.length < MEMORY_QUEUE) {
        this.ready.push(message);
        this.scheduleReady();
        return;
      }
      this.spillReady(); // the cluster is not keeping up: from now on, through the disk
    }
    this.disk.stage(message);
  }

  /**
   * Ends the delivery: whatever is in memory or with the client (unacknowledged) is kept on disk
   * for the next start (at least once), and the queue file is closed.
   */
  close(): void {
    const held = this.inFlight.clear();
    this.up = false;
    this.cancelReady();
    this.disk.close([...held, ...this.ready]);
    this.ready = [];
  }

  /** Nothing staged for disk and nothing on disk waiting to be handed to the client. */
  private nothingOnDisk(): boolean {
    return this.disk.stagedCount === 0 && this.disk.backlog(this.inFlight.fromDisk) === 0;
  }

  /** Sends what waits in memory after the linger, or on the next turn once a batch is full. */
  private scheduleReady(): void {
    if (this.readyTurn) return;
    if (this.ready.length < LINGER_BATCH) {
      this.lingerTimer ??= setTimeout(this.flushReady, LINGER_MS);
      return;
    }
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    this.readyTurn = setImmediate(this.flushReady);
  }

  private readonly flushReady = (): void => {
    this.cancelReady();
    this.sendReady();
  };

  private cancelReady(): void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    if (this.readyTurn) clearImmediate(this.readyTurn);
    this.lingerTimer = null;
    this.readyTurn = null;
  }

  /** Hands waiting memory messages to the client, oldest first, while the window has room. */
  private sendReady(): void {
    if (!this.up) {
      this.spillReady();
      return;
    }
    const ready = this.ready;
    let i = 0;
    for (const message of ready) {
      if (this.inFlight.room <= 0) break;
      i++;
      this.inFlight.send(message, false);
    }
    if (i === ready.length) this.ready = [];
    else if (i > 0) this.ready = ready.slice(i);
  }

  /** Memory messages to disk, ahead of what is staged (they are older). */
  private spillReady(): void {
    if (this.ready.length === 0) return;
    this.disk.stageAhead(this.ready);
    this.ready = [];
  }

  /** The client's answer for one message: acknowledged, or not sent at all. */
  private settled(message: OutMessage, onDisk: boolean, err: Error | undefined): void {
    if (err) return this.disk.unsent(message, onDisk);
    this.acknowledged++;
    this.o.onChange();
    if (onDisk) this.disk.acknowledged(message.seq);
    else if (this.ready.length > 0) this.scheduleReady();
    else if (!this.nothingOnDisk()) this.disk.schedule();
  }

  /** Sends from disk, oldest first, while the link is up and the window has room. */
  private pump(): void {
    if (!this.up) return;
    if (this.ready.length > 0) {
      // Memory first when nothing older is on disk; otherwise keep one order, through the disk.
      if (this.nothingOnDisk()) return this.sendReady();
      this.spillReady();
    }
    if (this.disk.stagedCount > 0) this.disk.flush();
    while (this.up && this.inFlight.room > 0) {
      const rows = this.disk.takeNext(this.inFlight.room);
      if (rows.length === 0) break;
      for (const r of rows) if (!this.inFlight.has(r.seq)) this.inFlight.send(r, true);
    }
  }
}
