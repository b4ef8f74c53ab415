/** What the bridge shows (Settings, the API, headless logs): its state and its counters. */
import type { BridgeRun } from './BridgeRun';
import { redactUrl } from './clientOptions';
import type { BridgeSettings } from './settings';

type BridgeState = 'off' | 'connecting' | 'connected' | 'waiting' | 'misconfigured';

export interface BridgeStatus {
  state: BridgeState;
  url: string;
  clientId: string;
  prefix: string;
  /** Messages waiting for the cluster (on disk, or handed to the client unacknowledged). */
  queued: number;
  /** Messages dropped because the queue was full (since the queue file was created). */
  dropped: number;
  /** Messages the cluster acknowledged since the bridge started. */
  published: number;
  /** Sequence number of the newest message (each message's `seq`; 0: none yet). */
  sequence: number;
  /** Streams bridged (device × resource). */
  streams: number;
  commandsRun: number;
  commandsFailed: number;
  connectedSince: number | null;
  /** Why the last attempt failed or the link dropped. */
  lastError: string | null;
  /** When state is 'waiting': ms until the next attempt. */
  retryInMs: number | null;
}

export interface BridgeEvents extends Record<string, unknown> {
  status: BridgeStatus;
}

/** The link's side of the status, kept by MqttBridge. */
export interface LinkState {
  state: BridgeState;
  connectedSince: number | null;
  lastError: string | null;
  /** When the next attempt is due (state 'waiting'). */
  retryAt: number | null;
}

/** The status from the settings, the link and what runs (null: the bridge is off). */
export function bridgeStatus(
  config: BridgeSettings,
  link: LinkState,
  run: BridgeRun | null,
): BridgeStatus {
  return {
    state: link.state,
    url: redactUrl(config.url),
    clientId: config.clientId,
    prefix: config.prefix,
    queued: run?.delivery.queued ?? 0,
    dropped: run?.delivery.dropped ?? 0,
    published: run?.delivery.published ?? 0,
    sequence: run?.delivery.sequence ?? 0,
    streams: run?.site.streamCount ?? 0,
    commandsRun: run?.commands.run ?? 0,
    commandsFailed: run?.commands.failed ?? 0,
    connectedSince: link.connectedSince,
    lastError: link.lastError,
    retryInMs:
      link.state === 'waiting' && link.retryAt !== null
        ? Math.max(0, link.retryAt - Date.now())
        : null,
  };
}
