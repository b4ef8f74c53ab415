/**
 * What a simulated device does with each frame of an authenticated session, as IOTMP-Linux does:
 * answers to its own calls, RUN, DESCRIBE, START_STREAM, STOP_STREAM and STREAM_DATA (IOTMP.md
 * §6.3, §7, §8, §9.4, §9.5).
 */
import {
  Field,
  isPlainMap,
  MessageType,
  parametersOf,
  payloadOf,
  streamIdOf,
  type Message,
  type PsonMap,
  type PsonValue,
} from '../protocol';
import { reply, type DeviceContext } from './deviceContext';
import { bind, dropStream, emitStream } from './deviceStreams';
import { ResourceError, type SimResource } from './resources';
import { ServerCallError, type DeviceStream, type Session } from './simulatedDeviceTypes';

export function onSessionFrame(ctx: DeviceContext, s: Session, m: Message): void {
  switch (m.type) {
    case MessageType.RESERVED:
    case MessageType.OK:
    case MessageType.ERROR:
      onAnswer(s, m);
      break;
    case MessageType.RUN:
      onRun(ctx, s, m);
      break;
    case MessageType.DESCRIBE:
      onDescribe(ctx, m);
      break;
    case MessageType.START_STREAM:
      onStartStream(ctx, s, m);
      break;
    case MessageType.STOP_STREAM:
      onStopStream(ctx, s, m);
      break;
    case MessageType.STREAM_DATA:
      onStreamData(ctx, s, m);
      break;
    default:
      // KEEP_ALIVE (only logged by IOTMP-Linux), DISCONNECT (ignored by IOTMP-Linux 2026),
      // CONNECT and undefined types: ignored (§9.4).
      break;
  }
}

/** §6.3: answers to our calls match by stream id; anything else is ignored. */
function onAnswer(s: Session, m: Message): void {
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

function resourceNamed(ctx: DeviceContext, m: Message): SimResource | undefined {
  const name = m.fields.get(Field.RESOURCE);
  return typeof name === 'string' ? ctx.resources.get(name) : undefined;
}

/** §7.4; a RUN without stream id is still answered, with id 0 (§5.6). */
function onRun(ctx: DeviceContext, s: Session, m: Message): void {
  const id = streamIdOf(m) ?? 0;
  const r = resourceNamed(ctx, m);
  if (!r) {
    reply(ctx, MessageType.ERROR, id);
    return;
  }
  const input = payloadOf(m);
  let output: PsonValue;
  try {
    output = r.run(input);
  } catch (e) {
    if (!(e instanceof ResourceError)) throw e;
    reply(ctx, MessageType.ERROR, id, e.code, { error: e.message });
    return;
  }
  reply(ctx, MessageType.OK, id, undefined, r.fn === 3 || r.fn === 4 ? output : undefined);
  if (r.fn === 1) ctx.events.emit('action', { resource: r.name, input });
  else if (input !== undefined && (r.fn === 2 || r.fn === 4)) {
    ctx.events.emit('input', { resource: r.name, value: input });
    if (r.push?.onInput && s.bindings.has(r.name)) ctx.push(r.name);
  }
}

/** §7.2, §7.3. */
function onDescribe(ctx: DeviceContext, m: Message): void {
  const id = streamIdOf(m) ?? 0;
  if (!m.fields.has(Field.RESOURCE)) {
    const api: PsonMap = {};
    // IOTMP-Linux keeps resources in a std::map: sorted by name.
    for (const name of [...ctx.resources.keys()].sort()) {
      const r = ctx.resources.get(name);
      if (r) api[name] = { fn: r.fn };
    }
    // IOTMP-Linux with no resources answers without payload (§7.2).
    reply(ctx, MessageType.OK, id, undefined, ctx.resources.size > 0 ? api : undefined);
    return;
  }
  const r = resourceNamed(ctx, m);
  if (!r) reply(ctx, MessageType.ERROR, id);
  else reply(ctx, MessageType.OK, id, undefined, r.describe());
}

/** §8.1: OK, then at once one sample; periodic on the tick, or an event binding. */
function onStartStream(ctx: DeviceContext, s: Session, m: Message): void {
  const id = streamIdOf(m) ?? 0;
  const r = resourceNamed(ctx, m);
  if (!r) {
    reply(ctx, MessageType.ERROR, id);
    return;
  }
  // IOTMP-Linux accepts id 0 too (the server must not use it, §6.3), but 0 binds nothing.
  const previous = s.streams.get(id);
  if (previous) dropStream(ctx, s, previous);
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
  if (intervalMs === 0 && id !== 0) bind(ctx, s, r, id);
  reply(ctx, MessageType.OK, id);
  emitStream(ctx, 'start', stream);
  const first = r.sample();
  if (first !== undefined) {
    if (intervalMs === 0) s.lastPushed.set(r.name, first);
    ctx.sendSample(id, first);
  }
}

function onStopStream(ctx: DeviceContext, s: Session, m: Message): void {
  const id = streamIdOf(m) ?? 0;
  if (s.subscriptions.delete(id)) {
    // §6.6: the server may end a subscription; the device answers OK.
    reply(ctx, MessageType.OK, id);
    return;
  }
  const st = s.streams.get(id);
  if (!st) {
    // §9.4: IOTMP-Linux answers ERROR for a stream it does not know.
    reply(ctx, MessageType.ERROR, id);
    return;
  }
  dropStream(ctx, s, st);
  reply(ctx, MessageType.OK, id);
}

/** §8.3: input over a stream runs the resource; IOTMP-Linux echoes the new state (fn 2/4). */
function onStreamData(ctx: DeviceContext, s: Session, m: Message): void {
  const id = streamIdOf(m);
  const index = id === undefined ? undefined : s.subscriptions.get(id);
  if (index !== undefined) {
    ctx.events.emit('event', { index, payload: payloadOf(m), current: false });
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
  if (input !== undefined) ctx.events.emit('input', { resource: r.name, value: input });
  const echo = r.sample();
  if (echo !== undefined) ctx.sendSample(id, echo);
}
