/**
 * What runs while the bridge is on, from start to stop: the MQTT client, the ordered delivery,
 * the watch on the site and the command runner, put together for one set of settings; and the
 * graceful end of it all.
 */
import { join } from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { Broker } from '../broker/Broker';
import type { AlarmFeed } from '../core/alarms';
import type { BucketStore } from '../serverres/BucketStore';
import type { PropertyStore } from '../serverres/PropertyStore';
import { CommandRunner } from './commands';
import { Delivery } from './Delivery';
import { Outbox } from './Outbox';
import { bridgePayload } from './payloads';
import type { BridgeSettings } from './settings';
import { SiteWatch } from './SiteWatch';
import type { BridgeTopics } from './topics';

/** How long a graceful stop waits for unacknowledged messages (the rest stay on disk). */
const STOP_DRAIN_MS = 2000;
/** How long it waits for the cluster to take the bridge's offline status. */
const STOP_STATUS_MS = 500;
/** The queue file in the data folder. */
const OUTBOX_FILE = 'bridge-outbox.sqlite';

export interface BridgeRun {
  client: MqttClient;
  topics: BridgeTopics;
  delivery: Delivery;
  site: SiteWatch;
  commands: CommandRunner;
}

export interface BridgeRunOptions {
  broker: Broker;
  properties: PropertyStore;
  buckets: BucketStore;
  alarms?: AlarmFeed;
  dataDir: string;
  config: BridgeSettings;
  topics: BridgeTopics;
  /** mqtt.js's options for `config` (clientOptions). */
  clientOptions: IClientOptions;
  log: (level: 'info' | 'warn', message: string) => void;
  /** Something the status shows changed (called often: the caller throttles). */
  onChange: () => void;
}

/**
 * Opens the queue, starts watching the site and connects the client (its events are the
 * caller's to handle). Commands are handled only when the settings turn them on.
 */
export function startBridgeRun(o: BridgeRunOptions): BridgeRun {
  const { config: c, topics, log, onChange } = o;
  const delivery = new Delivery(Outbox.open(join(o.dataDir, OUTBOX_FILE), c.queueMaxMessages), {
    qos: c.qos,
    protocolVersion: c.protocolVersion,
    log,
    onChange,
  });
  const publish = delivery.enqueue.bind(delivery);
  const site = new SiteWatch({
    broker: o.broker,
    properties: o.properties,
    buckets: o.buckets,
    ...(o.alarms ? { alarms: o.alarms } : {}),
    topics,
    config: c,
    publish,
    log,
    onChange,
  });
  const commands = new CommandRunner({
    broker: o.broker,
    topics,
    selected: (user, device) => site.selected(user, device),
    reply: (topic, payload, correlation) => publish(topic, payload, false, correlation),
    onChange,
  });
  const client = mqtt.connect(c.url, o.clientOptions);
  if (c.commands)
    client.on('message', (topic, payload, packet) => commands.handle(topic, payload, packet));
  site.start();
  return { client, topics, delivery, site, commands };
}

/**
 * The first half of a graceful end: stops watching the site and, when `connected`, waits a moment
 * for acknowledgements and publishes the bridge's offline status.
 */
export async function drainBridgeRun(r: BridgeRun, connected: boolean): Promise<void> {
  r.site.stop();
  if (!connected) return;
  const deadline = Date.now() + STOP_DRAIN_MS;
  while (r.delivery.pending && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  await Promise.race([
    r.client.publishAsync(r.topics.bridge(), bridgePayload(false, 'bridge stopped'), {
      qos: 1,
      retain: true,
    }),
    new Promise((resolve) => setTimeout(resolve, STOP_STATUS_MS)),
  ]).catch(() => {});
}

/**
 * The end of a run: whatever the client still holds unacknowledged is kept on disk for the next
 * start (at least once), the queue file and the client are closed.
 */
export async function closeBridgeRun(r: BridgeRun): Promise<void> {
  r.delivery.close();
  r.client.removeAllListeners();
  r.client.on('error', () => {});
  await r.client.endAsync(true).catch(() => {});
}
