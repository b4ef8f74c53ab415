/**
 * Messages handed to the MQTT client and not yet acknowledged by the cluster: at most `window`
 * of them, each remembered with where it came from (memory or disk), so an acknowledgement
 * deletes a disk row and a message the client gives back goes where it belongs.
 */
import type { MqttClient } from 'mqtt';
import { PUBLISH_OPTIONS } from './clientOptions';
import type { OutMessage } from './Outbox';

/** Messages handed to the MQTT client and not yet acknowledged, at most. */
export const IN_FLIGHT_WINDOW = 4096;

interface Held {
  message: OutMessage;
  onDisk: boolean;
}

/**
 * The client's answer for one message: acknowledged, or `err` when it was not sent at all (QoS 0
 * when the link broke: it goes back to the queue).
 */
export type Settled = (message: OutMessage, onDisk: boolean, err: Error | undefined) => void;

export class InFlight {
  private readonly held = new Map<number, Held>();
  /** How many of `held` came from disk (kept, not counted per message: samples are many). */
  private disk = 0;
  /** Unacknowledged messages allowed: ours, or less when the cluster's CONNACK says so (MQTT 5). */
  private window = IN_FLIGHT_WINDOW;

  constructor(
    /** Correlation data goes out as an MQTT 5 property only on a v5 link. */
    private readonly protocolVersion: 4 | 5,
    /** Answers of the current client only (those of a client replaced since are ignored). */
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

  setWindow(window: number): void {
    this.window = Math.max(1, Math.min(IN_FLIGHT_WINDOW, window));
  }

  /** Hands one message to `client`; its answer comes to `onSettled` unless `current()` changed. */
  send(
    client: MqttClient,
    current: () => MqttClient | null,
    message: OutMessage,
    onDisk: boolean,
  ): void {
    this.held.set(message.seq, { message, onDisk });
    if (onDisk) this.disk++;
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
        if (current() !== client || !this.held.has(message.seq)) return;
        this.held.delete(message.seq);
        if (onDisk) this.disk--;
        this.onSettled(message, onDisk, err);
      },
    );
  }

  /** Forgets every message; returns those that came from memory (not on disk), to keep them. */
  clear(): OutMessage[] {
    const fromMemory = [...this.held.values()].filter((f) => !f.onDisk).map((f) => f.message);
    this.held.clear();
    this.disk = 0;
    return fromMemory;
  }
}
