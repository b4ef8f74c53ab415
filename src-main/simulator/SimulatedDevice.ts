/**
 * A simulated IoTMP device that behaves like the reference Linux client, IOTMP-Linux 2026 (pv1):
 * same CONNECT bytes and field orders, keep-alive on a fixed 60 s timer, describe formats, stream
 * behaviour (OK, then one sample at once, then samples on a 1 s loop), fixed 5 s reconnect after
 * any failure, forever (IOTMP.md §1.3, §5, §6, §7, §8, §9.4, §9.5). Used by the tests, the
 * benchmarks, demos, and `iotmp simulate`.
 */
import {
  decodeBody,
  encodeFrame,
  Field,
  FrameParser,
  message,
  MessageType,
  ServerAction,
  type Message,
  type PsonMap,
  type PsonValue,
  type RawFrame,
} from '../protocol';
import { randomId, systemClock, type Clock, type IdSource, type Timer } from './clock';
import { parseProfile } from './config';
import { callServer, LINUX_MAX_ID, publish, subscribe } from './deviceCalls';
import { closeSession, newSession, type DeviceContext } from './deviceContext';
import { onSessionFrame } from './deviceFrames';
import { createResources, type SimResource } from './resources';
import { openLink, type Link } from './transport';
import { Emitter, type Dispose, type Listener } from '../util/Emitter';
import {
  ServerCallError,
  resolveDeviceOptions,
  type DeviceState,
  type DeviceStats,
  type OpenStream,
  type ResolvedDeviceOptions,
  type Session,
  type SimulatedDeviceEvents,
  type SimulatedDeviceOptions,
  type StateChange,
} from './simulatedDeviceTypes';

const abortReason = (signal: AbortSignal | undefined): Error =>
  signal?.reason instanceof Error ? signal.reason : new Error('aborted');

/** Replies are never dropped; a backlog this many times `maxPendingWriteBytes` ends the link. */
const WRITE_BACKLOG_LIMIT_FACTOR = 8;

export class SimulatedDevice {
  readonly user: string;
  readonly device: string;
  readonly resources: ReadonlyMap<string, SimResource>;
  readonly stats: DeviceStats = {
    connects: 0,
    authFailures: 0,
    framesIn: 0,
    framesOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    samplesSent: 0,
    samplesDropped: 0,
    undecodable: 0,
  };

  private readonly opts: ResolvedDeviceOptions;
  private readonly subscriptions: readonly PsonMap[];
  private readonly clock: Clock;
  private readonly ids: IdSource;
  private currentState: DeviceState = 'idle';
  private link: Link | null = null;
  /** Rejected links kept open until the next attempt, as IOTMP-Linux does (§9.5). */
  private readonly lingering = new Set<Link>();
  private readonly closing = new Set<Promise<void>>();
  private session: Session | null = null;
  private connectTimer: Timer | undefined;
  private reconnectTimer: Timer | undefined;
  private readonly events = new Emitter<SimulatedDeviceEvents>();
  /** What the session helpers (deviceFrames, deviceStreams, deviceCalls) use of this device. */
  private readonly ctx: DeviceContext;

  /** Follows one kind of event; the disposer stops it. */
  on<K extends keyof SimulatedDeviceEvents>(
    event: K,
    listener: Listener<SimulatedDeviceEvents[K]>,
  ): Dispose {
    return this.events.on(event, listener);
  }

  constructor(options: SimulatedDeviceOptions) {
    this.user = options.user;
    this.device = options.device;
    this.clock = options.clock ?? systemClock;
    this.subscriptions = options.subscriptions ?? [];
    this.ids = options.ids ?? randomId;
    this.opts = resolveDeviceOptions(options);
    const profile = options.profile
      ? parseProfile(options.profile)
      : { name: 'device', resources: {} };
    const resources = createResources(profile, {
      clock: this.clock,
      random: options.random ?? Math.random,
    });
    for (const r of options.extraResources ?? []) resources.set(r.name, r);
    this.resources = resources;
    this.ctx = {
      resources,
      clock: this.clock,
      ids: this.ids,
      events: this.events,
      keepAliveMs: this.opts.keepAliveMs,
      streamTickMs: this.opts.streamTickMs,
      current: () => this.session,
      send: (m) => this.send(m),
      sendSample: (id, value) => this.sendSample(id, value),
      push: (resource) => this.push(resource),
    };
  }

  get state(): DeviceState {
    return this.currentState;
  }

  /** Open streams of the current connection. */
  get streams(): OpenStream[] {
    if (!this.session) return [];
    return [...this.session.streams.values()].map((s) => ({
      id: s.id,
      resource: s.resource.name,
      intervalMs: s.intervalMs,
    }));
  }

  /** Connects, and keeps reconnecting after every failure until `stop()`. */
  start(): void {
    if (this.currentState !== 'idle') return;
    this.connect();
  }

  /**
   * Stops for good: closes the connection, cancels every timer, fails pending calls. Resolves once
   * every socket is closed.
   */
  async stop(): Promise<void> {
    if (this.currentState !== 'stopped') {
      this.connectTimer?.cancel();
      this.reconnectTimer?.cancel();
      this.endSession('device stopped');
      if (this.link) this.closeLink(this.link);
      this.link = null;
      for (const l of this.lingering) this.closeLink(l);
      this.lingering.clear();
      this.setState('stopped');
    }
    await Promise.all(this.closing);
  }

  /** Resolves when the device reaches `state` (at once if it is there). */
  waitForState(state: DeviceState, signal?: AbortSignal): Promise<void> {
    if (this.currentState === state) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      const onState = (c: StateChange): void => {
        if (c.state !== state) return;
        cleanup();
        resolve();
      };
      const onAbort = (): void => {
        cleanup();
        reject(abortReason(signal));
      };
      const cleanup = (): void => {
        off();
        signal?.removeEventListener('abort', onAbort);
      };
      const off = this.on('state', onState);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * What firmware does with `stream("name")` (§8.5): sends the resource's current value on its
   * event stream. Returns false when no event stream is bound (nothing is sent).
   */
  push(resource: string): boolean {
    const s = this.session;
    const id = s?.bindings.get(resource);
    const r = this.resources.get(resource);
    if (!s || id === undefined || !r) return false;
    const v = r.sample();
    if (v === undefined) return false;
    s.lastPushed.set(resource, v);
    return this.sendSample(id, v);
  }

  /** Changes an input resource locally (a person flipping the switch on the device). */
  setInput(resource: string, value: PsonValue): void {
    const r = this.resources.get(resource);
    if (!r || (r.fn !== 2 && r.fn !== 4)) throw new Error(`${resource} is not an input resource`);
    r.run(value);
    if (r.push?.onInput) this.push(resource);
  }

  // Device → server calls (§6.5, layout A like IOTMP-Linux: action code in field 4, target in 2).

  /** READ_DEVICE_PROPERTY: always acknowledged; resolves with the stored value. */
  readProperty(name: string, timeoutMs = this.opts.requestTimeoutMs): Promise<PsonValue> {
    return this.callServer(ServerAction.READ_DEVICE_PROPERTY, name, undefined, true, timeoutMs);
  }

  /** SET_DEVICE_PROPERTY; without `ack` nothing comes back and the promise resolves once sent. */
  async setProperty(
    name: string,
    value: PsonValue,
    ack = false,
    timeoutMs = this.opts.requestTimeoutMs,
  ): Promise<void> {
    await this.callServer(ServerAction.SET_DEVICE_PROPERTY, name, value, ack, timeoutMs);
  }

  /** WRITE_BUCKET; without `ack` the promise resolves once sent. */
  async writeBucket(
    bucket: string,
    record: PsonValue,
    ack = false,
    timeoutMs = this.opts.requestTimeoutMs,
  ): Promise<void> {
    await this.callServer(ServerAction.WRITE_BUCKET, bucket, record, ack, timeoutMs);
  }

  private callServer(
    action: number,
    target: string,
    data: PsonValue,
    ack: boolean,
    timeoutMs: number,
  ): Promise<PsonValue> {
    const s = this.session;
    if (!s || this.currentState !== 'online') {
      return Promise.reject(new ServerCallError(`${this.device} is not connected`));
    }
    return callServer(this.ctx, s, { action, target, data, ack, timeoutMs });
  }

  // Connection life cycle ----------------------------------------------------------------------

  private setState(state: DeviceState, extra: Omit<StateChange, 'state' | 'previous'> = {}): void {
    const previous = this.currentState;
    if (previous === state) return;
    this.currentState = state;
    this.events.emit('state', { state, previous, ...extra });
  }

  private connect(): void {
    for (const l of this.lingering) this.closeLink(l);
    this.lingering.clear();
    this.setState('connecting', {
      reason: `${this.opts.transport}://${this.opts.host}:${this.opts.port}`,
    });
    // A 'state' listener may have stopped the device.
    if (this.currentState !== 'connecting') return;
    const parser = new FrameParser({
      maxBodySize: this.opts.maxBodySize,
      onFrame: (f) => this.onFrame(f),
    });
    const link: Link = openLink(
      {
        transport: this.opts.transport,
        host: this.opts.host,
        port: this.opts.port,
        wsPath: this.opts.wsPath,
        wsTextFrames: this.opts.wsTextFrames,
        servername: this.opts.servername,
        noDelay: this.opts.noDelay,
        maxMessageBytes: this.opts.maxBodySize + 10,
      },
      {
        onOpen: () => {
          if (this.link !== link) return;
          this.connectTimer?.cancel();
          this.connectTimer = undefined;
          this.sendConnect();
        },
        onData: (bytes) => {
          if (this.link !== link) return;
          this.stats.bytesIn += bytes.length;
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
      },
    );
    this.link = link;
    this.connectTimer = this.clock.setTimeout(
      () => this.fail(link, `no connection within ${this.opts.connectTimeoutMs} ms`),
      this.opts.connectTimeoutMs,
    );
  }

  private sendConnect(): void {
    const id = this.ids() & LINUX_MAX_ID;
    this.setState('authenticating');
    if (this.currentState !== 'authenticating') return;
    // §9.5: IOTMP-Linux writes PAYLOAD before STREAM_ID in CONNECT.
    this.send(
      message(MessageType.CONNECT, [
        [Field.PAYLOAD, [this.opts.user, this.opts.device, this.opts.credential]],
        [Field.STREAM_ID, id],
      ]),
    );
    if (this.opts.authTimeoutMs > 0) {
      const link = this.link;
      this.connectTimer = this.clock.setTimeout(() => {
        if (link) this.fail(link, `no answer to CONNECT within ${this.opts.authTimeoutMs} ms`);
      }, this.opts.authTimeoutMs);
    }
  }

  /** Ends the connection `link` (if it is the current one) and schedules the next attempt. */
  private fail(link: Link, reason: string, keepOpen = false): void {
    if (this.link !== link) return;
    this.connectTimer?.cancel();
    this.connectTimer = undefined;
    this.endSession(reason);
    this.link = null;
    if (keepOpen) this.lingering.add(link);
    else this.closeLink(link);
    if (this.currentState === 'stopped') return;
    const delay = this.opts.reconnectDelayMs;
    // Armed before the state change, so that a listener calling stop() cancels it.
    this.reconnectTimer = this.clock.setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.currentState === 'waiting') this.connect();
    }, delay);
    this.setState('waiting', { reason, retryInMs: delay });
  }

  private closeLink(link: Link): void {
    const p = link.close().finally(() => this.closing.delete(p));
    this.closing.add(p);
  }

  private startSession(): void {
    this.stats.connects++;
    const s = newSession();
    this.session = s;
    this.setState('online');
    subscribe(this.ctx, s, this.subscriptions, 0);
  }

  /**
   * Sends `payload` on an accepted subscription (a `"scope": "publish"` topic, §6.6). Returns
   * false when subscription `index` is not open.
   */
  publish(index: number, payload: PsonValue): boolean {
    const s = this.session;
    return s ? publish(this.ctx, s, index, payload) : false;
  }

  private endSession(reason: string): void {
    const s = this.session;
    if (!s) return;
    this.session = null;
    closeSession(this.ctx, s, reason);
  }

  // Inbound frames -----------------------------------------------------------------------------

  private onFrame(raw: RawFrame): void {
    this.stats.framesIn++;
    let m: Message | undefined;
    try {
      m = decodeBody(raw.type, raw.body, 1);
    } catch {
      // §9.4: IOTMP-Linux ignores decode errors (it keeps going with what it decoded); we
      // ignore the whole frame.
      this.stats.undecodable++;
    }
    if (this.events.has('frame')) {
      this.events.emit('frame', { direction: 'in', message: m, bytes: raw.bytes });
    }
    if (this.currentState === 'authenticating') {
      // Only the type matters here, so a body that does not decode does not either.
      this.onConnectAnswer(raw.type);
      return;
    }
    if (!m) return;
    const s = this.session;
    if (s) onSessionFrame(this.ctx, s, m);
  }

  /** §6.1: the first frame after CONNECT authenticates only if it is an OK. */
  private onConnectAnswer(type: number): void {
    const link = this.link;
    if (!link) return;
    this.connectTimer?.cancel();
    this.connectTimer = undefined;
    if (type === MessageType.OK) {
      this.startSession();
      return;
    }
    this.stats.authFailures++;
    const why = type === MessageType.ERROR ? 'ERROR' : `message type ${type}`;
    // §9.5: after an ERROR IOTMP-Linux keeps the socket open and reconnects 5 s later.
    this.fail(link, `authentication failed (${why})`, true);
  }

  // Outbound frames ----------------------------------------------------------------------------

  /** STREAM_DATA, stream id first like IOTMP-Linux; dropped when the socket is backed up. */
  private sendSample(id: number, value: PsonValue): boolean {
    const link = this.link;
    if (!link) return false;
    if (link.bufferedBytes > this.opts.maxPendingWriteBytes) {
      this.stats.samplesDropped++;
      return false;
    }
    this.stats.samplesSent++;
    this.send(
      message(MessageType.STREAM_DATA, [
        [Field.STREAM_ID, id],
        [Field.PAYLOAD, value],
      ]),
    );
    return true;
  }

  private send(m: Message): void {
    const link = this.link;
    if (!link) return;
    if (link.bufferedBytes > this.opts.maxPendingWriteBytes * WRITE_BACKLOG_LIMIT_FACTOR) {
      this.fail(link, `the server is not reading (${link.bufferedBytes} bytes waiting)`);
      return;
    }
    const bytes = encodeFrame(m, 1);
    this.stats.framesOut++;
    this.stats.bytesOut += bytes.length;
    if (this.events.has('frame'))
      this.events.emit('frame', { direction: 'out', message: m, bytes });
    link.send(bytes);
  }
}
