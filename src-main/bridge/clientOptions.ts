/**
 * The MQTT session the bridge asks mqtt.js for: its client id, credentials and TLS files, a last
 * will that says the site's statuses are stale, and options that keep per-packet work down.
 */
import { readFileSync } from 'node:fs';
import type { IClientOptions, IClientPublishOptions } from 'mqtt';
import { json } from './payloads';
import type { BridgeSettings } from './settings';

/** Publish options by QoS and retain, built once (mqtt.js copies them, never changes them). */
export const PUBLISH_OPTIONS = [publishOptions(0), publishOptions(1), publishOptions(2)] as const;

/** One QoS's options: [not retained, retained]. */
function publishOptions(qos: 0 | 1 | 2): readonly [IClientPublishOptions, IClientPublishOptions] {
  return [
    { qos, retain: false },
    { qos, retain: true },
  ];
}

/**
 * mqtt.js's options for these settings; throws (naming the file) when a TLS file cannot be read.
 * `bridgeTopic` is the bridge's own presence topic, for the last will.
 */
export function clientOptions(c: BridgeSettings, bridgeTopic: string): IClientOptions {
  const options: IClientOptions = {
    clientId: c.clientId,
    protocolVersion: c.protocolVersion,
    clean: true,
    keepalive: 30,
    connectTimeout: 10_000,
    // Reconnects are ours (back-off); mqtt.js's fixed period would hammer a cluster that is down.
    reconnectPeriod: 0,
    // A PINGREQ every keep-alive period, instead of re-arming a timer on every PUBACK.
    reschedulePings: false,
    // mqtt.js logs through `debug` on every packet; quiet unless DEBUG asks for it.
    ...(/mqttjs/.test(process.env.DEBUG ?? '') ? {} : { log: () => {} }),
    queueQoSZero: false,
    will: {
      topic: bridgeTopic,
      payload: json({ online: false, reason: 'connection lost' }),
      qos: 1,
      retain: true,
    },
    ...(c.username ? { username: c.username } : {}),
    ...(c.password ? { password: c.password } : {}),
  };
  if (c.caFile) options.ca = readFileSync(c.caFile);
  if (c.certFile) options.cert = readFileSync(c.certFile);
  if (c.keyFile) options.key = readFileSync(c.keyFile);
  return options;
}

/** The URL without credentials a user may have put in it. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
