/**
 * A simulated IoTMP device that behaves like the reference Linux client, IOTMP-Linux 2026 (pv1):
 * same CONNECT bytes and field orders, keep-alive on a fixed 60 s timer, describe formats, stream
 * behaviour (OK, then one sample at once, then samples on a 1 s loop), fixed 5 s reconnect after
 * any failure, forever (IOTMP.md §1.3, §5, §6, §7, §8, §9.4, §9.5). Used by the tests, the
 * benchmarks, demos, and `iotmp simulate`.
 */
import { ServerAction, type Message, type PsonMap, type PsonValue } from '../protocol';
import { randomId, systemClock, type Clock, type IdSource } from './clock';
import { parseProfile } from './config';
import { DeviceConnection } from './deviceConnection';
import { callServer, publish, subscribe } from './deviceCalls';
import { closeSession, newSession, type DeviceContext } from './deviceContext';
import { onSessionFrame } from './deviceFrames';
import { createResources, type SimResource } from './resources';
import { untilState } from './untilState';
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
} from './simulatedDeviceTypes';

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
  private session: Session | null = null;
  private readonly events = new Emitter<SimulatedDeviceEvents>();
  /** The socket, CONNECT and the reconnect loop. */
  private readonly connection: DeviceConnection;
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
    this.connection = new DeviceConnection(
      { opts: this.opts, clock: this.clock, ids: this.ids, stats: this.stats, events: this.events },
      {
        online: () => this.startSession(),
        endSession: (reason) => this.endSession(reason),
        frame: (m) => this.onFrame(m),
      },
    );
    this.ctx = {
      resources,
      clock: this.clock,
      ids: this.ids,
      events: this.events,
      keepAliveMs: this.opts.keepAliveMs,
      streamTickMs: this.opts.streamTickMs,
      current: () => this.session,
      send: (m) => this.connection.send(m),
      sendSample: (id, value) => this.connection.sendSample(id, value),
      push: (resource) => this.push(resource),
    };
  }

  get state(): DeviceState {
    return this.connection.state;
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
    this.connection.start();
  }

  /**
   * Stops for good: closes the connection, cancels every timer, fails pending calls. Resolves once
   * every socket is closed.
   */
  stop(): Promise<void> {
    return this.connection.stop();
  }

  /** Resolves when the device reaches `state` (at once if it is there). */
  waitForState(state: DeviceState, signal?: AbortSignal): Promise<void> {
    return untilState(this.state, (l) => this.on('state', l), state, signal);
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
    return this.connection.sendSample(id, v);
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

  /**
   * Sends `payload` on an accepted subscription (a `"scope": "publish"` topic, §6.6). Returns
   * false when subscription `index` is not open.
   */
  publish(index: number, payload: PsonValue): boolean {
    const s = this.session;
    return s ? publish(this.ctx, s, index, payload) : false;
  }

  private callServer(
    action: number,
    target: string,
    data: PsonValue,
    ack: boolean,
    timeoutMs: number,
  ): Promise<PsonValue> {
    const s = this.session;
    if (!s || this.state !== 'online') {
      return Promise.reject(new ServerCallError(`${this.device} is not connected`));
    }
    return callServer(this.ctx, s, { action, target, data, ack, timeoutMs });
  }

  // The authenticated session --------------------------------------------------------------------

  private startSession(): void {
    this.stats.connects++;
    const s = newSession();
    this.session = s;
    this.connection.setState('online');
    subscribe(this.ctx, s, this.subscriptions, 0);
  }

  private endSession(reason: string): void {
    const s = this.session;
    if (!s) return;
    this.session = null;
    closeSession(this.ctx, s, reason);
  }

  private onFrame(m: Message): void {
    const s = this.session;
    if (s) onSessionFrame(this.ctx, s, m);
  }
}
