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
  isPlainMap,
  keepAlive,
  message,
  MessageType,
  parametersOf,
  payloadOf,
  ServerAction,
  streamIdOf,
  type Message,
  type PsonMap,
  type PsonValue,
  type RawFrame,
} from '../protocol';
import { randomId, systemClock, type Clock, type IdSource, type Timer } from './clock';
import { parseProfile } from './config';
import { createResources, ResourceError, sampleDistance, type SimResource } from './resources';
import { openLink, type Link } from './transport';
import { Emitter, type Dispose, type Listener } from '../util/Emitter';
import {
  ServerCallError,
  SIMULATOR_DEFAULTS,
  type DeviceState,
  type DeviceStats,
  type DeviceStream,
  type OpenStream,
  type PendingCall,
  type Session,
  type SimulatedDeviceEvents,
  type SimulatedDeviceOptions,
  type StateChange,
} from './simulatedDeviceTypes';

const LINUX_MAX_ID = 0xffff;

/** Timers may fire a millisecond early against the wall clock; keeps 1000 ms at every tick. */
const TICK_TOLERANCE_MS = 5;

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

  private readonly opts: Required<
    Omit<
      SimulatedDeviceOptions,
      'profile' | 'extraResources' | 'servername' | 'clock' | 'ids' | 'random' | 'subscriptions'
    >
  > & { servername?: string };
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
    this.opts = {
      host: options.host,
      port: options.port,
      transport: options.transport ?? 'tcp',
      user: options.user,
      device: options.device,
      credential: options.credential,
      keepAliveMs: options.keepAliveMs ?? SIMULATOR_DEFAULTS.keepAliveMs,
      reconnectDelayMs: options.reconnectDelayMs ?? SIMULATOR_DEFAULTS.reconnectDelayMs,
      streamTickMs: options.streamTickMs ?? SIMULATOR_DEFAULTS.streamTickMs,
      connectTimeoutMs: options.connectTimeoutMs ?? SIMULATOR_DEFAULTS.connectTimeoutMs,
      authTimeoutMs: options.authTimeoutMs ?? SIMULATOR_DEFAULTS.authTimeoutMs,
      requestTimeoutMs: options.requestTimeoutMs ?? SIMULATOR_DEFAULTS.requestTimeoutMs,
      maxBodySize: options.maxBodySize ?? SIMULATOR_DEFAULTS.maxBodySize,
      maxPendingWriteBytes: options.maxPendingWriteBytes ?? SIMULATOR_DEFAULTS.maxPendingWriteBytes,
      wsPath: options.wsPath ?? SIMULATOR_DEFAULTS.wsPath,
      wsTextFrames: options.wsTextFrames ?? true,
      noDelay: options.noDelay ?? true,
      servername: options.servername,
    };
    const profile = options.profile
      ? parseProfile(options.profile)
      : { name: 'device', resources: {} };
    const resources = createResources(profile, {
      clock: this.clock,
      random: options.random ?? Math.random,
    });
    for (const r of options.extraResources ?? []) resources.set(r.name, r);
    this.resources = resources;
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
    if (!ack) {
      // IOTMP-Linux field order without confirmation: payload, target, action (vector
      // msg_pv1_linux_run_set_property_no_ack).
      this.send(
        message(MessageType.RUN, [
          [Field.PAYLOAD, data],
          [Field.PARAMETERS, target],
          [Field.RESOURCE, action],
        ]),
      );
      return Promise.resolve(undefined);
    }
    let id: number;
    try {
      id = this.freeId(s);
    } catch (e) {
      return Promise.reject(e as Error);
    }
    return new Promise<PsonValue>((resolve, reject) => {
      const call: PendingCall = { resolve, reject, timer: undefined };
      if (timeoutMs > 0) {
        call.timer = this.clock.setTimeout(() => {
          s.pending.delete(id);
          reject(new ServerCallError(`no answer from the server within ${timeoutMs} ms`));
        }, timeoutMs);
      }
      s.pending.set(id, call);
      // Field order: stream id, payload, target, action (msg_pv1_linux_run_get_property).
      this.send(
        message(MessageType.RUN, [
          [Field.STREAM_ID, id],
          [Field.PAYLOAD, data],
          [Field.PARAMETERS, target],
          [Field.RESOURCE, action],
        ]),
      );
    });
  }

  /** A random id that is neither 0 nor in use on this connection (§6.3). */
  private freeId(s: Session): number {
    for (let i = 0; i < 64; i++) {
      const id = this.ids() & LINUX_MAX_ID;
      if (id !== 0 && !this.idInUse(s, id)) return id;
    }
    for (let id = 1; id <= LINUX_MAX_ID; id++) {
      if (!this.idInUse(s, id)) return id;
    }
    throw new ServerCallError('no free stream id');
  }

  private idInUse(s: Session, id: number): boolean {
    return s.pending.has(id) || s.streams.has(id) || s.subscriptions.has(id);
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
    const s: Session = {
      streams: new Map(),
      bindings: new Map(),
      pending: new Map(),
      subscriptions: new Map(),
      keepAlive: undefined,
      tick: undefined,
      pushTimers: new Map(),
      lastPushed: new Map(),
    };
    this.session = s;
    this.setState('online');
    this.subscribe(s, 0);
  }

  /** §6.6: subscriptions one at a time, then the keep-alive timer. */
  private subscribe(s: Session, index: number): void {
    if (this.session !== s) return;
    const spec = this.subscriptions[index];
    if (spec === undefined) {
      // §6.2, §9.5: KEEP_ALIVE on a fixed timer from then on, whatever the traffic, and the
      // periodic-stream tick (IOTMP-Linux starts both loops here).
      s.keepAlive = this.clock.setInterval(() => this.send(keepAlive()), this.opts.keepAliveMs);
      this.armTick(s);
      return;
    }
    const id = this.freeId(s);
    const answered = (ok: boolean, payload: PsonValue): void => {
      if (this.session !== s) return;
      if (ok) s.subscriptions.set(id, index);
      this.events.emit('subscription', { index, id, ok });
      // The client feeds a non-empty OK payload to the subscription callback (§6.6).
      if (ok && payload !== undefined && payload !== null) {
        this.events.emit('event', { index, payload, current: true });
      }
      this.subscribe(s, index + 1);
    };
    // IOTMP-Linux waits for the answer without limit (§6.6).
    s.pending.set(id, {
      resolve: (payload) => answered(true, payload),
      reject: (e) => answered(false, e instanceof ServerCallError ? e.payload : undefined),
      timer: undefined,
    });
    // Field order of vector msg_pv1_linux_start_stream_topic_subscribe: 2, 4, 1.
    this.send(
      message(MessageType.START_STREAM, [
        [Field.PARAMETERS, spec],
        [Field.RESOURCE, ServerAction.SUBSCRIBE_EVENT],
        [Field.STREAM_ID, id],
      ]),
    );
  }

  /**
   * Sends `payload` on an accepted subscription (a `"scope": "publish"` topic, §6.6). Returns
   * false when subscription `index` is not open.
   */
  publish(index: number, payload: PsonValue): boolean {
    const s = this.session;
    if (!s) return false;
    for (const [id, i] of s.subscriptions) {
      if (i !== index) continue;
      this.send(
        message(MessageType.STREAM_DATA, [
          [Field.STREAM_ID, id],
          [Field.PAYLOAD, payload],
        ]),
      );
      return true;
    }
    return false;
  }

  private endSession(reason: string): void {
    const s = this.session;
    if (!s) return;
    this.session = null;
    s.keepAlive?.cancel();
    s.tick?.cancel();
    for (const t of s.pushTimers.values()) t.cancel();
    for (const call of s.pending.values()) {
      call.timer?.cancel();
      call.reject(new ServerCallError(`connection ended: ${reason}`));
    }
    for (const st of s.streams.values()) this.emitStream('stop', st);
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
    if (!s) return;
    switch (m.type) {
      case MessageType.RESERVED:
      case MessageType.OK:
      case MessageType.ERROR:
        this.onAnswer(s, m);
        break;
      case MessageType.RUN:
        this.onRun(s, m);
        break;
      case MessageType.DESCRIBE:
        this.onDescribe(m);
        break;
      case MessageType.START_STREAM:
        this.onStartStream(s, m);
        break;
      case MessageType.STOP_STREAM:
        this.onStopStream(s, m);
        break;
      case MessageType.STREAM_DATA:
        this.onStreamData(s, m);
        break;
      default:
        // KEEP_ALIVE (only logged by IOTMP-Linux), DISCONNECT (ignored by IOTMP-Linux 2026),
        // CONNECT and undefined types: ignored (§9.4).
        break;
    }
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

  /** §6.3: answers to our calls match by stream id; anything else is ignored. */
  private onAnswer(s: Session, m: Message): void {
    const id = streamIdOf(m);
    const call = id === undefined ? undefined : s.pending.get(id);
    if (!call || id === undefined) return;
    s.pending.delete(id);
    call.timer?.cancel();
    if (m.type === MessageType.OK) call.resolve(payloadOf(m));
    else {
      const code = parametersOf(m);
      const payload = payloadOf(m);
      const text =
        isPlainMap(payload) && typeof payload.error === 'string' ? `: ${payload.error}` : '';
      call.reject(
        new ServerCallError(
          `the server answered ERROR${typeof code === 'number' ? ` ${code}` : ''}${text}`,
          typeof code === 'number' ? code : undefined,
          payload,
        ),
      );
    }
  }

  private resourceNamed(m: Message): SimResource | undefined {
    const name = m.fields.get(Field.RESOURCE);
    return typeof name === 'string' ? this.resources.get(name) : undefined;
  }

  /** §7.4; a RUN without stream id is still answered, with id 0 (§5.6). */
  private onRun(s: Session, m: Message): void {
    const id = streamIdOf(m) ?? 0;
    const r = this.resourceNamed(m);
    if (!r) {
      this.reply(MessageType.ERROR, id);
      return;
    }
    const input = payloadOf(m);
    let output: PsonValue;
    try {
      output = r.run(input);
    } catch (e) {
      if (!(e instanceof ResourceError)) throw e;
      this.reply(MessageType.ERROR, id, e.code, { error: e.message });
      return;
    }
    this.reply(MessageType.OK, id, undefined, r.fn === 3 || r.fn === 4 ? output : undefined);
    if (r.fn === 1) this.events.emit('action', { resource: r.name, input });
    else if (input !== undefined && (r.fn === 2 || r.fn === 4)) {
      this.events.emit('input', { resource: r.name, value: input });
      if (r.push?.onInput && s.bindings.has(r.name)) this.push(r.name);
    }
  }

  /** §7.2, §7.3. */
  private onDescribe(m: Message): void {
    const id = streamIdOf(m) ?? 0;
    if (!m.fields.has(Field.RESOURCE)) {
      const api: PsonMap = {};
      // IOTMP-Linux keeps resources in a std::map: sorted by name.
      for (const name of [...this.resources.keys()].sort()) {
        api[name] = { fn: this.resources.get(name)!.fn };
      }
      // IOTMP-Linux with no resources answers without payload (§7.2).
      this.reply(MessageType.OK, id, undefined, this.resources.size > 0 ? api : undefined);
      return;
    }
    const r = this.resourceNamed(m);
    if (!r) this.reply(MessageType.ERROR, id);
    else this.reply(MessageType.OK, id, undefined, r.describe());
  }

  /** §8.1: OK, then at once one sample; periodic on the tick, or an event binding. */
  private onStartStream(s: Session, m: Message): void {
    const id = streamIdOf(m) ?? 0;
    const r = this.resourceNamed(m);
    if (!r) {
      this.reply(MessageType.ERROR, id);
      return;
    }
    // IOTMP-Linux accepts id 0 too (the server must not use it, §6.3), but 0 binds nothing.
    const previous = s.streams.get(id);
    if (previous) this.dropStream(s, previous);
    // §8.1, §9.5: IOTMP-Linux reads only `{"interval": ms}`; a bare number means 0.
    const params = parametersOf(m);
    const raw = isPlainMap(params) ? params.interval : undefined;
    const intervalMs = typeof raw === 'number' && raw > 0 ? raw : 0;
    const stream: DeviceStream = {
      id,
      resource: r,
      intervalMs,
      // IOTMP-Linux updates the entry of a reused id in place, keeping its last sample time.
      lastSampleAt: previous?.lastSampleAt,
    };
    s.streams.set(id, stream);
    if (intervalMs === 0 && id !== 0) this.bind(s, r, id);
    this.reply(MessageType.OK, id);
    this.emitStream('start', stream);
    const first = r.sample();
    if (first !== undefined) {
      if (intervalMs === 0) s.lastPushed.set(r.name, first);
      this.sendSample(id, first);
    }
  }

  private onStopStream(s: Session, m: Message): void {
    const id = streamIdOf(m) ?? 0;
    if (s.subscriptions.delete(id)) {
      // §6.6: the server may end a subscription; the device answers OK.
      this.reply(MessageType.OK, id);
      return;
    }
    const st = s.streams.get(id);
    if (!st) {
      // §9.4: IOTMP-Linux answers ERROR for a stream it does not know.
      this.reply(MessageType.ERROR, id);
      return;
    }
    this.dropStream(s, st);
    this.reply(MessageType.OK, id);
  }

  /** §8.3: input over a stream runs the resource; IOTMP-Linux echoes the new state (fn 2/4). */
  private onStreamData(s: Session, m: Message): void {
    const id = streamIdOf(m);
    const index = id === undefined ? undefined : s.subscriptions.get(id);
    if (index !== undefined) {
      this.events.emit('event', { index, payload: payloadOf(m), current: false });
      return;
    }
    const st = id === undefined ? undefined : s.streams.get(id);
    if (!st || id === undefined) return;
    const r = st.resource;
    if (r.fn !== 2 && r.fn !== 4) return;
    const input = payloadOf(m);
    try {
      r.run(input);
    } catch (e) {
      if (e instanceof ResourceError) return;
      throw e;
    }
    if (input !== undefined) this.events.emit('input', { resource: r.name, value: input });
    const echo = r.sample();
    if (echo !== undefined) this.sendSample(id, echo);
  }

  private dropStream(s: Session, st: DeviceStream): void {
    s.streams.delete(st.id);
    // §8.1: stopping the bound id removes the binding.
    if (s.bindings.get(st.resource.name) === st.id) this.unbind(s, st.resource);
    this.emitStream('stop', st);
  }

  private emitStream(event: 'start' | 'stop', st: DeviceStream): void {
    if (!this.events.has('stream')) return;
    this.events.emit('stream', {
      event,
      id: st.id,
      resource: st.resource.name,
      intervalMs: st.intervalMs,
    });
  }

  // Periodic streams and pushes -----------------------------------------------------------------

  /**
   * §8.1, §9.5: IOTMP-Linux's stream loop: from authentication on, every second (re-armed after
   * each pass), it samples each periodic stream whose interval has elapsed since its last
   * periodic sample. A new stream samples on the first pass (0–1 s after it started), then
   * 2500 ms gives a sample every 3 s and anything up to 1 s one per pass.
   */
  private armTick(s: Session): void {
    s.tick = this.clock.setTimeout(() => {
      if (this.session !== s) return;
      const now = this.clock.now();
      for (const st of s.streams.values()) {
        if (st.intervalMs === 0) continue;
        const last = st.lastSampleAt;
        if (last !== undefined && now - last + TICK_TOLERANCE_MS < st.intervalMs) continue;
        st.lastSampleAt = now;
        const v = st.resource.sample();
        if (v !== undefined) this.sendSample(st.id, v);
      }
      if (this.session === s) this.armTick(s);
    }, this.opts.streamTickMs);
  }

  private bind(s: Session, r: SimResource, id: number): void {
    const before = s.bindings.get(r.name);
    s.bindings.set(r.name, id);
    if (before !== undefined || !r.push) return;
    const p = r.push;
    if (p.everyMs !== undefined) {
      s.pushTimers.set(
        r.name,
        this.clock.setInterval(() => this.push(r.name), p.everyMs),
      );
    } else if (p.threshold !== undefined) {
      const threshold = p.threshold;
      s.pushTimers.set(
        r.name,
        this.clock.setInterval(() => {
          const bound = s.bindings.get(r.name);
          const v = r.sample();
          if (bound === undefined || v === undefined) return;
          const last = s.lastPushed.get(r.name);
          if (last !== undefined && sampleDistance(v, last) < threshold) return;
          s.lastPushed.set(r.name, v);
          this.sendSample(bound, v);
        }, p.checkMs),
      );
    }
  }

  private unbind(s: Session, r: SimResource): void {
    s.bindings.delete(r.name);
    s.lastPushed.delete(r.name);
    s.pushTimers.get(r.name)?.cancel();
    s.pushTimers.delete(r.name);
  }

  // Outbound frames ----------------------------------------------------------------------------

  /** OK/ERROR in IOTMP-Linux's field order: parameters, payload, stream id (§9.5, vectors). */
  private reply(type: number, id: number, code?: number, payload?: PsonValue): void {
    this.send(
      message(type, [
        [Field.PARAMETERS, code],
        [Field.PAYLOAD, payload],
        [Field.STREAM_ID, id],
      ]),
    );
  }

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
