/**
 * A simulated device's calls to the server (IOTMP.md §6.5, layout A like IOTMP-Linux: action code
 * in field 4, target in 2) and its topic subscriptions, one at a time (§6.6), with stream ids
 * that are neither 0 nor in use (§6.3).
 */
import {
  Field,
  keepAlive,
  message,
  MessageType,
  ServerAction,
  type PsonMap,
  type PsonValue,
} from '../protocol';
import type { DeviceContext } from './deviceContext';
import { armTick } from './deviceStreams';
import { ServerCallError, type PendingCall, type Session } from './simulatedDeviceTypes';

export const LINUX_MAX_ID = 0xffff;

/** A call on session `s`; without `ack` nothing comes back and it resolves once sent. */
export function callServer(
  ctx: DeviceContext,
  s: Session,
  call: { action: number; target: string; data: PsonValue; ack: boolean; timeoutMs: number },
): Promise<PsonValue> {
  const { action, target, data, timeoutMs } = call;
  if (!call.ack) {
    // IOTMP-Linux field order without confirmation: payload, target, action (vector
    // msg_pv1_linux_run_set_property_no_ack).
    ctx.send(
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
    id = freeId(ctx, s);
  } catch (e) {
    return Promise.reject(e as Error);
  }
  return new Promise<PsonValue>((resolve, reject) => {
    const pending: PendingCall = { resolve, reject, timer: undefined };
    if (timeoutMs > 0) {
      pending.timer = ctx.clock.setTimeout(() => {
        s.pending.delete(id);
        reject(new ServerCallError(`no answer from the server within ${timeoutMs} ms`));
      }, timeoutMs);
    }
    s.pending.set(id, pending);
    // Field order: stream id, payload, target, action (msg_pv1_linux_run_get_property).
    ctx.send(
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
function freeId(ctx: DeviceContext, s: Session): number {
  for (let i = 0; i < 64; i++) {
    const id = ctx.ids() & LINUX_MAX_ID;
    if (id !== 0 && !idInUse(s, id)) return id;
  }
  for (let id = 1; id <= LINUX_MAX_ID; id++) {
    if (!idInUse(s, id)) return id;
  }
  throw new ServerCallError('no free stream id');
}

function idInUse(s: Session, id: number): boolean {
  return s.pending.has(id) || s.streams.has(id) || s.subscriptions.has(id);
}

/** §6.6: subscriptions one at a time from `index`, then the keep-alive timer and stream tick. */
export function subscribe(
  ctx: DeviceContext,
  s: Session,
  subscriptions: readonly PsonMap[],
  index: number,
): void {
  if (ctx.current() !== s) return;
  const spec = subscriptions[index];
  if (spec === undefined) {
    // §6.2, §9.5: KEEP_ALIVE on a fixed timer from then on, whatever the traffic, and the
    // periodic-stream tick (IOTMP-Linux starts both loops here).
    s.keepAlive = ctx.clock.setInterval(() => ctx.send(keepAlive()), ctx.keepAliveMs);
    armTick(ctx, s);
    return;
  }
  const id = freeId(ctx, s);
  const answered = (ok: boolean, payload: PsonValue): void => {
    if (ctx.current() !== s) return;
    if (ok) s.subscriptions.set(id, index);
    ctx.events.emit('subscription', { index, id, ok });
    // The client feeds a non-empty OK payload to the subscription callback (§6.6).
    if (ok && payload !== undefined && payload !== null) {
      ctx.events.emit('event', { index, payload, current: true });
    }
    subscribe(ctx, s, subscriptions, index + 1);
  };
  // IOTMP-Linux waits for the answer without limit (§6.6).
  s.pending.set(id, {
    resolve: (payload) => answered(true, payload),
    reject: (e) => answered(false, e instanceof ServerCallError ? e.payload : undefined),
    timer: undefined,
  });
  // Field order of vector msg_pv1_linux_start_stream_topic_subscribe: 2, 4, 1.
  ctx.send(
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
export function publish(
  ctx: DeviceContext,
  s: Session,
  index: number,
  payload: PsonValue,
): boolean {
  for (const [id, i] of s.subscriptions) {
    if (i !== index) continue;
    ctx.send(
      message(MessageType.STREAM_DATA, [
        [Field.STREAM_ID, id],
        [Field.PAYLOAD, payload],
      ]),
    );
    return true;
  }
  return false;
}
