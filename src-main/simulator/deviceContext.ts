/**
 * What a simulated device's session helpers (deviceFrames, deviceStreams, deviceCalls) need of
 * their SimulatedDevice: its resources, clock, ids and events, the current session, and the way
 * frames go out. The device builds one; the helpers never see its socket.
 */
import { Field, message, type Message, type PsonValue } from '../protocol';
import { emitStream } from './deviceStreams';
import type { Clock, IdSource } from './clock';
import type { SimResource } from './resources';
import type { Emitter } from '../util/Emitter';
import { ServerCallError, type Session, type SimulatedDeviceEvents } from './simulatedDeviceTypes';

export interface DeviceContext {
  readonly resources: ReadonlyMap<string, SimResource>;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly events: Emitter<SimulatedDeviceEvents>;
  readonly keepAliveMs: number;
  readonly streamTickMs: number;
  /** The authenticated session now; null between connections. */
  current(): Session | null;
  send(m: Message): void;
  /** STREAM_DATA; false when it was dropped (no link, or the socket is backed up). */
  sendSample(id: number, value: PsonValue): boolean;
  /** What firmware's `stream("name")` does (§8.5). */
  push(resource: string): boolean;
}

/** OK/ERROR in IOTMP-Linux's field order: parameters, payload, stream id (§9.5, vectors). */
export function reply(
  ctx: DeviceContext,
  type: number,
  id: number,
  code?: number,
  payload?: PsonValue,
): void {
  ctx.send(
    message(type, [
      [Field.PARAMETERS, code],
      [Field.PAYLOAD, payload],
      [Field.STREAM_ID, id],
    ]),
  );
}

/** A fresh authenticated session: no streams, bindings, calls or subscriptions yet. */
export function newSession(): Session {
  return {
    streams: new Map(),
    bindings: new Map(),
    pending: new Map(),
    subscriptions: new Map(),
    keepAlive: undefined,
    tick: undefined,
    pushTimers: new Map(),
    lastPushed: new Map(),
  };
}

/** A session's end: its timers stop, its pending calls fail, its streams report `stop`. */
export function closeSession(ctx: DeviceContext, s: Session, reason: string): void {
  s.keepAlive?.cancel();
  s.tick?.cancel();
  for (const t of s.pushTimers.values()) t.cancel();
  for (const call of s.pending.values()) {
    call.timer?.cancel();
    call.reject(new ServerCallError(`connection ended: ${reason}`));
  }
  for (const st of s.streams.values()) emitStream(ctx, 'stop', st);
}
