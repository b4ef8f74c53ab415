/**
 * The connection life cycle of a simulated device, as IOTMP-Linux runs it: open the transport,
 * send CONNECT, wait for its answer, and after any failure wait a fixed delay and start again,
 * forever (IOTMP.md §6.1, §9.2, §9.3, §9.5). It owns the socket, the state and the frame counters;
 * what an authenticated session does with frames is its host's business (SimulatedDevice).
 */
import {
  decodeBody,
  encodeFrame,
  Field,
  FrameParser,
  message,
  MessageType,
  type Message,
  type PsonValue,
  type RawFrame,
} from '../protocol';
import type { Clock, IdSource, Timer } from './clock';
import { LINUX_MAX_ID } from './deviceCalls';
import { openLink, type Link, type LinkTarget } from './transport';
import type { Emitter } from '../util/Emitter';
import type {
  DeviceState,
  DeviceStats,
  ResolvedDeviceOptions,
  SimulatedDeviceEvents,
  StateChange,
} from './simulatedDeviceTypes';

/** Replies are never dropped; a backlog this many times `maxPendingWriteBytes` ends the link. */
const WRITE_BACKLOG_LIMIT_FACTOR = 8;

/** What the connection hands to the device on top of it. */
export interface ConnectionHost {
  /** CONNECT was answered OK: the session starts (the host sets the state `online`). */
  online(): void;
  /** The session, if one is open, ends with `reason`. */
  endSession(reason: string): void;
  /** A decoded frame while authenticated. */
  frame(m: Message): void;
}

export interface ConnectionParts {
  readonly opts: ResolvedDeviceOptions;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly stats: DeviceStats;
  readonly events: Emitter<SimulatedDeviceEvents>;
}

/** Where and how the device dials (the transport's part of the options). */
function linkTarget(opts: ResolvedDeviceOptions): LinkTarget {
  return {
    transport: opts.transport,
    host: opts.host,
    port: opts.port,
    wsPath: opts.wsPath,
    wsTextFrames: opts.wsTextFrames,
    servername: opts.servername,
    noDelay: opts.noDelay,
    maxMessageBytes: opts.maxBodySize + 10,
  };
}

export class DeviceConnection {
  private currentState: DeviceState = 'idle';
  private link: Link | null = null;
  /** Rejected links kept open until the next attempt, as IOTMP-Linux does (§9.5). */
  private readonly lingering = new Set<Link>();
  private readonly closing = new Set<Promise<void>>();
  private connectTimer: Timer | undefined;
  private reconnectTimer: Timer | undefined;

  constructor(
    private readonly parts: ConnectionParts,
    private readonly host: ConnectionHost,
  ) {}

  get state(): DeviceState {
    return this.currentState;
  }

  /** Connects, and keeps reconnecting after every failure until `stop()`. */
  start(): void {
    if (this.currentState !== 'idle') return;
    this.connect();
  }

  /** Closes every socket and cancels every timer; resolves once every socket is closed. */
  async stop(): Promise<void> {
    if (this.currentState !== 'stopped') {
      this.connectTimer?.cancel();
      this.reconnectTimer?.cancel();
      this.host.endSession('device stopped');
      if (this.link) this.closeLink(this.link);
      this.link = null;
      for (const l of this.lingering) this.closeLink(l);
      this.lingering.clear();
      this.setState('stopped');
    }
    await Promise.all(this.closing);
  }

  setState(state: DeviceState, extra: Omit<StateChange, 'state' | 'previous'> = {}): void {
    const previous = this.currentState;
    if (previous === state) return;
    this.currentState = state;
    this.parts.events.emit('state', { state, previous, ...extra });
  }

  /** STREAM_DATA, stream id first like IOTMP-Linux; dropped when the socket is backed up. */
  sendSample(id: number, value: PsonValue): boolean {
    const link = this.link;
    if (!link) return false;
    const { stats, opts } = this.parts;
    if (link.bufferedBytes > opts.maxPendingWriteBytes) {
      stats.samplesDropped++;
      return false;
    }
    stats.samplesSent++;
    this.send(
      message(MessageType.STREAM_DATA, [
        [Field.STREAM_ID, id],
        [Field.PAYLOAD, value],
      ]),
    );
    return true;
  }

  send(m: Message): void {
    const link = this.link;
    if (!link) return;
    const { stats, opts, events } = this.parts;
    if (link.bufferedBytes > opts.maxPendingWriteBytes * WRITE_BACKLOG_LIMIT_FACTOR) {
      this.fail(link, `the server is not reading (${link.bufferedBytes} bytes waiting)`);
      return;
    }
    const bytes = encodeFrame(m, 1);
    stats.framesOut++;
    stats.bytesOut += bytes.length;
    if (events.has('frame')) events.emit('frame', { direction: 'out', message: m, bytes });
    link.send(bytes);
  }

  private connect(): void {
    const { opts, clock, stats } = this.parts;
    for (const l of this.lingering) this.closeLink(l);
    this.lingering.clear();
    this.setState('connecting', { reason: `${opts.transport}://${opts.host}:${opts.port}` });
    // A 'state' listener may have stopped the device.
    if (this.currentState !== 'connecting') return;
    const parser = new FrameParser({
      maxBodySize: opts.maxBodySize,
      onFrame: (f) => this.onFrame(f),
    });
    const link: Link = openLink(linkTarget(opts), {
      onOpen: () => {
        if (this.link !== link) return;
        this.connectTimer?.cancel();
        this.connectTimer = undefined;
        this.sendConnect();
      },
      onData: (bytes) => {
        if (this.link !== link) return;
        stats.bytesIn += bytes.length;
        try {
          parser.push(bytes);
        } catch (e) {
          // §2.4, §9.3: framing lost or a body over the limit: drop the connection.
          this.fail(link, `bad frame from the server: ${(e as Error).message}`);
        }
      },
      onClose: (reason) => {
        this.lingering.delete(link);
        this.fail(link, reason);
      },
    });
    this.link = link;
    this.connectTimer = clock.setTimeout(
      () => this.fail(link, `no connection within ${opts.connectTimeoutMs} ms`),
      opts.connectTimeoutMs,
    );
  }

  private sendConnect(): void {
    const { opts, clock, ids } = this.parts;
    const id = ids() & LINUX_MAX_ID;
    this.setState('authenticating');
    if (this.currentState !== 'authenticating') return;
    // §9.5: IOTMP-Linux writes PAYLOAD before STREAM_ID in CONNECT.
    this.send(
      message(MessageType.CONNECT, [
        [Field.PAYLOAD, [opts.user, opts.device, opts.credential]],
        [Field.STREAM_ID, id],
      ]),
    );
    if (opts.authTimeoutMs > 0) {
      const link = this.link;
      this.connectTimer = clock.setTimeout(() => {
        if (link) this.fail(link, `no answer to CONNECT within ${opts.authTimeoutMs} ms`);
      }, opts.authTimeoutMs);
    }
  }

  /** Ends the connection `link` (if it is the current one) and schedules the next attempt. */
  private fail(link: Link, reason: string, keepOpen = false): void {
    if (this.link !== link) return;
    this.connectTimer?.cancel();
    this.connectTimer = undefined;
    this.host.endSession(reason);
    this.link = null;
    if (keepOpen) this.lingering.add(link);
    else this.closeLink(link);
    if (this.currentState === 'stopped') return;
    const delay = this.parts.opts.reconnectDelayMs;
    // Armed before the state change, so that a listener calling stop() cancels it.
    this.reconnectTimer = this.parts.clock.setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.currentState === 'waiting') this.connect();
    }, delay);
    this.setState('waiting', { reason, retryInMs: delay });
  }

  private closeLink(link: Link): void {
    const p = link.close().finally(() => this.closing.delete(p));
    this.closing.add(p);
  }

  private onFrame(raw: RawFrame): void {
    const { stats, events } = this.parts;
    stats.framesIn++;
    let m: Message | undefined;
    try {
      m = decodeBody(raw.type, raw.body, 1);
    } catch {
      // §9.4: IOTMP-Linux ignores decode errors (it keeps going with what it decoded); we
      // ignore the whole frame.
      stats.undecodable++;
    }
    if (events.has('frame'))
      events.emit('frame', { direction: 'in', message: m, bytes: raw.bytes });
    if (this.currentState === 'authenticating') {
      // Only the type matters here, so a body that does not decode does not either.
      this.onConnectAnswer(raw.type);
      return;
    }
    if (m) this.host.frame(m);
  }

  /** §6.1: the first frame after CONNECT authenticates only if it is an OK. */
  private onConnectAnswer(type: number): void {
    const link = this.link;
    if (!link) return;
    this.connectTimer?.cancel();
    this.connectTimer = undefined;
    if (type === MessageType.OK) {
      this.host.online();
      return;
    }
    this.parts.stats.authFailures++;
    const why = type === MessageType.ERROR ? 'ERROR' : `message type ${type}`;
    // §9.5: after an ERROR IOTMP-Linux keeps the socket open and reconnects 5 s later.
    this.fail(link, `authentication failed (${why})`, true);
  }
}
