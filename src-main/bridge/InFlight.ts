/**
 * Messages handed to the MQTT client and not yet acknowledged by the cluster: at most `window`
 * of them, each remembered with where it came from (memory or disk), so an acknowledgement
 * deletes a disk row and a message the client gives back goes where it belongs.
 *
 * The hot path (an up link: every stream sample) does what mqtt.js's `publish` does for such a
 * message, without what the bridge does not need per message (mqtt.js 5.16
 * client.js `publish`/`_storeAndSend`): mqtt.js's own message id provider, its `outgoing` table
 * (one shared entry and one shared callback instead of a closure per message) and its outgoing
 * store (the packet itself, where mqtt.js stores a deep copy: nothing changes it; the message is
 * its own packet, see OutMessage), then mqtt-packet, the encoder mqtt.js itself writes with,
 * straight into the batch of the client's coalesced socket (packetWriter). So PUBACK
 * handling, the resend of what is unacknowledged after a reconnect (from that store, in order)
 * and the PUBACK's release of the message id stay mqtt.js's. A QoS 0 message is written the same
 * way and settled once written, as mqtt.js settles it. Everything else (a link not up, mqtt.js
 * still resending its store, a full socket buffer at QoS 0, an MQTT 5 reply's correlation data)
 * goes through `client.publish` as before.
 */
import type { MqttClient } from 'mqtt';
import mqttPacket, { type Packet } from 'mqtt-packet';
import { PUBLISH_OPTIONS } from './clientOptions';
import { packetWriter, type PacketWriter } from './coalescedWrites';
import { OutMessage } from './Outbox';

/** Messages handed to the MQTT client and not yet acknowledged, at most. */
export const IN_FLIGHT_WINDOW = 4096;

/**
 * The client's answer for one message: acknowledged, or `err` when it was not sent at all (QoS 0
 * when the link broke: it goes back to the queue).
 */
export type Settled = (message: OutMessage, onDisk: boolean, err: Error | undefined) => void;

/** What a lean send reads from mqtt.js beyond its typed surface (private in its typings). */
interface ClientInternals {
  _storeProcessing?: boolean;
  _storeProcessingQueue?: unknown[];
}

const noop = (): void => {};

export class InFlight {
  private readonly held = new Map<number, OutMessage>();
  /** How many of `held` came from disk (kept, not counted per message: samples are many). */
  private disk = 0;
  /** Unacknowledged messages allowed: ours, or less when the cluster's CONNACK says so (MQTT 5). */
  private window = IN_FLIGHT_WINDOW;
  /** The client whose answers count (answers of a client replaced since are ignored). */
  private client: MqttClient | null = null;
  /**
   * Where lean packets are written: the batch of the client's socket (or the stream itself). Typed
   * as mqtt-packet asks; it only calls `write` (and `destroy` on a packet it cannot encode).
   */
  private writer: NodeJS.WritableStream | null = null;
  private orphanScan: NodeJS.Immediate | null = null;
  /** mqtt.js's `outgoing` entry of every lean message: one object, one callback. */
  private readonly pending = {
    volatile: false,
    cmd: 'publish' as const,
    cb: (err: Error | null | undefined, packet?: Packet): void => this.answered(err, packet),
  };

  constructor(
    /** Correlation data goes out as an MQTT 5 property only on a v5 link. */
    private readonly protocolVersion: 4 | 5,
    private readonly onSettled: Settled,
  ) {}

  get size(): number {
    return this.held.size;
  }

  get fromDisk(): number {
    return this.disk;
  }

  /** Room left in the window. */
  get room(): number {
    return this.window - this.held.size;
  }

  has(seq: number): boolean {
    return this.held.has(seq);
  }

  /** The link is up with `client`; at most `window` unacknowledged from now on. */
  connected(client: MqttClient, window: number): void {
    this.client = client;
    this.writer = packetWriter(client.stream as PacketWriter) as unknown as NodeJS.WritableStream;
    this.window = Math.max(1, Math.min(IN_FLIGHT_WINDOW, window));
  }

  /** Hands one message to the client (the one given to `connected`); its answer goes to `onSettled`. */
  send(message: OutMessage, onDisk: boolean): void {
    const client = this.client;
    if (!client) throw new Error('InFlight.send before connected');
    message.onDisk = onDisk;
    message.messageId = 0;
    this.held.set(message.seq, message);
    if (onDisk) this.disk++;
    if (!message.correlationData && leanReady(client)) {
      const writer = this.writer ?? client.stream;
      if (message.qos === 0) {
        // As mqtt.js answers a QoS 0 publish: sent once written (it waits for 'drain' when the
        // socket's buffer is full; then this goes its way, below).
        if (!(client.stream as { writableNeedDrain?: boolean }).writableNeedDrain) {
          mqttPacket.writeToStream(message, writer, client.options);
          this.settle(message, undefined);
          return;
        }
      } else {
        const id = client.messageIdProvider.allocate();
        if (id !== null) {
          message.messageId = id;
          client.outgoing[id] = this.pending;
          client.outgoingStore.put(message, noop);
          mqttPacket.writeToStream(message, writer, client.options);
          return;
        }
      }
    }
    client.publish(
      message.topic,
      message.payload,
      message.correlationData && this.protocolVersion === 5
        ? {
            qos: message.qos,
            retain: message.retain,
            properties: { correlationData: message.correlationData },
          }
        : PUBLISH_OPTIONS[message.qos][message.retain ? 1 : 0],
      (err) => {
        if (this.client === client) this.settle(message, err);
      },
    );
  }

  /** Forgets every message; returns those that came from memory (not on disk), to keep them. */
  clear(): OutMessage[] {
    const fromMemory: OutMessage[] = [];
    for (const m of this.held.values()) if (!m.onDisk) fromMemory.push(m);
    this.held.clear();
    this.disk = 0;
    this.client = null;
    this.writer = null;
    if (this.orphanScan) clearImmediate(this.orphanScan);
    this.orphanScan = null;
    return fromMemory;
  }

  /**
   * mqtt.js's answer for a lean message: the packet from its store (ours), or on an MQTT 5 error
   * reason the PUBACK itself (found by its message id); none when the client is closing.
   */
  private answered(err: Error | null | undefined, packet?: Packet): void {
    if (!packet || !('messageId' in packet)) {
      // mqtt.js gives up on everything it holds (a forced clean-up: keep-alive timeout, a forced
      // end) with one error per `outgoing` entry and no packet, deleting each entry after.
      if (err) this.orphansAfterTurn(err);
      return;
    }
    let held = packet instanceof OutMessage ? packet : undefined;
    if (!held)
      for (const m of this.held.values())
        if (m.messageId === packet.messageId && m.messageId !== 0) held = m;
    if (held) this.settle(held, err);
  }

  /**
   * After mqtt.js dropped its `outgoing` entries, the lean messages whose entry is gone are
   * answered with its error, as client.publish's callback would have been for each (the message
   * goes back to the queue; mqtt.js may still resend its stored copy: at least once).
   */
  private orphansAfterTurn(err: Error): void {
    if (this.orphanScan) return;
    const client = this.client;
    this.orphanScan = setImmediate(() => {
      this.orphanScan = null;
      if (!client || this.client !== client) return;
      for (const m of [...this.held.values()]) {
        const id = m.messageId;
        if (id !== 0 && client.outgoing[id] !== this.pending) this.settle(m, err);
      }
    });
  }

  /** mqtt.js answers success with `null` or nothing. */
  private settle(message: OutMessage, err: Error | null | undefined): void {
    const onDisk = message.onDisk;
    if (this.held.get(message.seq) !== message) return;
    this.held.delete(message.seq);
    if (onDisk) this.disk--;
    this.onSettled(message, onDisk, err ?? undefined);
  }
}

/** Whether mqtt.js is connected and sends new messages now (not resending its store first). */
function leanReady(client: MqttClient): boolean {
  const c = client as unknown as ClientInternals;
  return (
    client.connected &&
    !client.disconnecting &&
    c._storeProcessing !== true &&
    (c._storeProcessingQueue?.length ?? 0) === 0
  );
}
