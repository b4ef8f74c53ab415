/**
 * The bridge's one ordered stream of messages to the cluster, each with a sequence number.
 * While the link is up and nothing waits on disk, a message waits in memory (at most
 * MEMORY_QUEUE) and is handed to the MQTT client with the others of its linger (LINGER_MS; one
 * socket write for all of them), at most IN_FLIGHT_WINDOW unacknowledged; otherwise it is
 * appended to the Outbox (SQLite) and sent from there, in order. Messages the client holds
 * unacknowledged when the link drops are resent by it (mqtt.js keeps its outgoing store across
 * the bridge's reconnect) before anything newer, so order holds; QoS 1 or 2 loses nothing within
 * the queue bound (QoS 0 may lose what was on the wire when the link broke).
 */
import type { MqttClient } from 'mqtt';
import { present } from '../contract/present';
import { PUBLISH_OPTIONS } from './clientOptions';
import type { Outbox, OutMessage } from './Outbox';

/** Messages handed to the MQTT client and not yet acknowledged, at most. */
export const IN_FLIGHT_WINDOW = 4096;
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
 * per message), and a site's samples arrive over many turns; 5 ms is a tenth of the latency goal
 * (p99 < 50 ms).
 */
const LINGER_MS = 5;
const LINGER_BATCH = 512;

export interface DeliveryOptions {
  qos: 0 | 1 | 2;
  /** Correlation data goes out as an MQTT 5 property only on a v5 link. */
  protocolVersion: 4 | 5;
  log: (level: 'info' | 'warn', message: string) => void;
  /** Something changed that the status shows (called often: the caller throttles). */
  onChange: () => void;
}

interface InFlight {
  message: OutMessage;
  onDisk: boolean;
}

export class Delivery {
  /**
   * The client of this delivery (mqtt.js keeps the same object across reconnects, and may answer
   * for a message while the link is down), and whether its link is up now.
   */
  private client: MqttClient | null = null;
  private up = false;
  private readonly inFlight = new Map<number, InFlight>();
  /** How many of `inFlight` came from disk (kept, not counted per message: samples are many). */
  private diskInFlight = 0;
  /** Unacknowledged messages allowed: ours, or less when the cluster's CONNACK says so (MQTT 5). */
  private window = IN_FLIGHT_WINDOW;
  /** Highest seq read from disk and handed to the client. */
  private handedUpTo = 0;
  /** New messages in memory while the link is up; never at the same time as a disk backlog. */
  private ready: OutMessage[] = [];
  /** When `ready` goes out: after the linger, or on the next turn when a batch is full. */
  private lingerTimer: NodeJS.Timeout | null = null;
  private readyTurn: NodeJS.Immediate | null = null;
  /** New messages waiting to be written to disk (in order, after what is there). */
  private staging: OutMessage[] = [];
  /** Disk messages acknowledged, to delete in the next batch. */
  private acked: number[] = [];
  private diskWork: NodeJS.Immediate | null = null;
  private acknowledged = 0;

  constructor(
    private readonly outbox: Outbox,
    private readonly o: DeliveryOptions,
  ) {}

  /** Messages the cluster acknowledged since this delivery started. */
  get published(): number {
    return this.acknowledged;
  }

  /** Messages waiting for the cluster (on disk, in memory, or with the client unacknowledged). */
  get queued(): number {
    return (
      this.outbox.size +
      this.ready.length +
      this.staging.length +
      this.inFlight.size -
      this.diskInFlight
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
    this.client = client;
    this.up = true;
    this.window = Math.max(1, Math.min(IN_FLIGHT_WINDOW, window));
    this.pump();
  }

  /** The link is down: what waited in memory goes to disk, ahead of what comes next. */
  disconnected(): void {
    this.up = false;
    this.spillReady();
  }

  /**
   * Queues one message; `payload` gets its sequence number and returns the JSON text (null: an
   * empty payload).
   */
  enqueue(
    topic: string,
    payload: (seq: number) => string | null,
    retain = false,
    correlationData?: Buffer,
  ): void {
    const seq = this.outbox.nextSeq();
    const message: OutMessage = {
      seq,
      topic,
      payload: payload(seq) ?? '',
      qos: this.o.qos,
      retain,
    };
    if (correlationData) message.correlationData = correlationData;
    if (this.up && this.staging.length === 0 && this.diskBacklog() === 0) {
      if (this.ready.length < MEMORY_QUEUE) {
        this.ready.push(message);
        this.scheduleReady();
        return;
      }
      this.spillReady(); // the cluster is not keeping up: from now on, through the disk
    }
    this.staging.push(message);
    this.scheduleDiskWork();
  }

  /**
   * Ends the delivery: whatever is in memory or with the client (unacknowledged) is kept on disk
   * for the next start (at least once), and the queue file is closed.
   */
  close(): void {
    const held = [...this.inFlight.values()].filter((f) => !f.onDisk).map((f) => f.message);
    this.inFlight.clear();
    this.diskInFlight = 0;
    this.client = null;
    this.up = false;
    if (this.diskWork) clearImmediate(this.diskWork);
    this.diskWork = null;
    this.cancelReady();
    this.outbox.append(
      [...held, ...this.ready, ...this.staging].sort((a, b) => a.seq - b.seq),
      0,
    );
    this.outbox.remove(this.acked);
    this.ready = [];
    this.staging = [];
    this.acked = [];
    this.outbox.close();
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
      if (this.inFlight.size >= this.window) break;
      i++;
      this.send(message, false);
    }
    if (i === ready.length) this.ready = [];
    else if (i > 0) this.ready = ready.slice(i);
  }

  /** Memory messages to disk, ahead of what is staged (they are older). */
  private spillReady(): void {
    if (this.ready.length === 0) return;
    this.staging = this.ready.concat(this.staging);
    this.ready = [];
    this.scheduleDiskWork();
  }

  /** Disk messages not handed to the client yet. */
  private diskBacklog(): number {
    return this.outbox.size - this.diskInFlight - this.acked.length;
  }

  private send(message: OutMessage, onDisk: boolean): void {
    const client = present(this.client, 'MQTT client of a link that is up');
    this.inFlight.set(message.seq, { message, onDisk });
    if (onDisk) this.diskInFlight++;
    client.publish(
      message.topic,
      message.payload,
      message.correlationData && this.o.protocolVersion === 5
        ? {
            qos: message.qos,
            retain: message.retain,
            properties: { correlationData: message.correlationData },
          }
        : PUBLISH_OPTIONS[message.qos][message.retain ? 1 : 0],
      (err) => this.settled(client, message, onDisk, err),
    );
  }

  /** The client's answer for one message: acknowledged, or not sent at all. */
  private settled(
    client: MqttClient,
    message: OutMessage,
    onDisk: boolean,
    err: Error | undefined,
  ): void {
    if (this.client !== client || !this.inFlight.has(message.seq)) return;
    this.inFlight.delete(message.seq);
    if (onDisk) this.diskInFlight--;
    if (err) {
      // Not sent (QoS 0 when the link broke): back on disk, read again on the next pump.
      if (!onDisk) this.outbox.append([message], Number.MAX_SAFE_INTEGER);
      this.handedUpTo = Math.min(this.handedUpTo, message.seq - 1);
      return;
    }
    this.acknowledged++;
    this.o.onChange();
    if (onDisk) {
      this.acked.push(message.seq);
      this.scheduleDiskWork();
    } else if (this.ready.length > 0) this.scheduleReady();
    else if (this.staging.length > 0 || this.diskBacklog() > 0) this.scheduleDiskWork();
  }

  private scheduleDiskWork(): void {
    if (this.diskWork) return;
    this.diskWork = setImmediate(() => {
      this.diskWork = null;
      this.flushToDisk();
      this.pump();
      this.o.onChange();
    });
  }

  /** Writes staged messages and deletes acknowledged ones, one transaction each. */
  private flushToDisk(): void {
    if (this.staging.length > 0) {
      const dropped = this.outbox.append(this.staging, this.handedUpTo);
      this.staging = [];
      if (dropped > 0)
        this.o.log(
          'warn',
          `MQTT bridge queue full (${this.outbox.bound} messages): dropped the ${dropped} oldest`,
        );
    }
    this.outbox.remove(this.acked);
    this.acked = [];
  }

  /** Sends from disk, oldest first, while the link is up and the window has room. */
  private pump(): void {
    if (!this.up) return;
    if (this.ready.length > 0) {
      // Memory first when nothing older is on disk; otherwise keep one order, through the disk.
      if (this.staging.length === 0 && this.diskBacklog() === 0) return this.sendReady();
      this.spillReady();
    }
    if (this.staging.length > 0) this.flushToDisk();
    while (this.up && this.inFlight.size < this.window) {
      const rows = this.outbox.after(this.handedUpTo, this.window - this.inFlight.size);
      if (rows.length === 0) break;
      for (const r of rows) {
        this.handedUpTo = r.seq;
        if (!this.inFlight.has(r.seq)) this.send(r, true);
      }
    }
  }
}
