/**
 * One handler per message type for an authenticated session (IOTMP.md §5, §10.2). The session
 * calls `dispatch` only in the `online` state; CONNECT handling lives in the session itself.
 */
import {
  Field,
  MessageType,
  ServerAction,
  disconnect,
  error as errorMessage,
  ok as okMessage,
  streamIdOf,
  type Message,
  type PsonValue,
} from '../protocol';
import type { RawFrame } from '../protocol';
import type { BrokerLimits } from './limits';
import type { ServerStream, SessionHost, SessionInfo, SessionState } from './types';

/**
 * What a handler needs of the connection it runs on. `Session` implements it; declared here so
 * the handlers do not import the session that imports them.
 */
export interface DispatchTarget extends SessionInfo {
  state: SessionState;
  readonly host: SessionHost;
  readonly limits: BrokerLimits;
  /** Streams the server opened, by stream id. */
  readonly serverStreams: ReadonlyMap<number, ServerStream>;
  /** The open server stream `id` (the map's fast path for items). */
  serverStream(id: number): ServerStream | undefined;
  /** Forgets server stream `id`; what it was, if open. */
  removeServerStream(id: number): ServerStream | undefined;
  /** Streams the device opened (event subscriptions). */
  readonly deviceStreams: Set<number>;
  send(m: Message): void;
  badFrame(why: string, raw?: RawFrame): void;
  settle(id: number, ok: boolean, m: Message): void;
  answerLater(
    id: number | undefined,
    work: Promise<{ ok: boolean; code?: number; payload?: PsonValue }>,
  ): void;
  resourceField(type: number): number;
  close(reason: string): void;
  echoKeepAlive(): void;
}

type Handler = (s: DispatchTarget, m: Message) => void;

const isInt = (v: PsonValue): v is number => typeof v === 'number' && Number.isInteger(v);

const onAnswer =
  (ok: boolean): Handler =>
  (s, m) => {
    const id = streamIdOf(m);
    // §6.3: id 0 or an id we are not waiting for is ignored, never answered.
    if (id) s.settle(id, ok, m);
  };

/** §6.5: device → server RUN in layout A (code in field 4) or B (code in field 2). */
const onRun: Handler = (s, m) => {
  const id = streamIdOf(m) || undefined;
  const f2 = m.fields.get(Field.PARAMETERS);
  const f4 = m.fields.get(Field.RESOURCE);
  const data = m.fields.get(Field.PAYLOAD);
  let action: number;
  let target: PsonValue;
  if (isInt(f4) && !isInt(f2)) {
    action = f4;
    target = f2;
  } else if (isInt(f2) && !isInt(f4)) {
    action = f2;
    target = f4;
  } else {
    // Both or neither hold an integer: no way to tell the action (§6.5). ERROR only if asked.
    if (id) s.send(errorMessage(id));
    return;
  }
  if (action < 1 || action > ServerAction.UNLOCK_SYNC) {
    if (id) s.send(errorMessage(id));
    return;
  }
  s.answerLater(id, s.host.deviceCall(s, { action, target, data, wantsAnswer: id !== undefined }));
};

/** §5.7: no client sends DESCRIBE to the server; answer OK with an empty map. */
const onDescribe: Handler = (s, m) => {
  const id = streamIdOf(m);
  if (id) s.send(okMessage(id, { payload: {} }));
};

/** §6.6: device-opened event subscriptions (resource = SUBSCRIBE_EVENT, spec in field 2). */
const onStartStream: Handler = (s, m) => {
  const id = streamIdOf(m);
  if (!id) return;
  const resource = m.fields.get(s.resourceField(MessageType.START_STREAM));
  if (resource !== ServerAction.SUBSCRIBE_EVENT || s.serverStreams.has(id)) {
    s.send(errorMessage(id));
    return;
  }
  if (s.serverStreams.size + s.deviceStreams.size >= s.limits.maxStreams) {
    s.send(errorMessage(id, { payload: { error: 'too many streams' } }));
    return;
  }
  s.deviceStreams.add(id);
  s.host.deviceSubscribe(s, id, m.fields.get(Field.PARAMETERS)).then(
    (a) => {
      if (s.state !== 'online' || !s.deviceStreams.has(id)) return;
      if (!a.ok) s.deviceStreams.delete(id);
      const extra = { parameters: a.code, payload: a.payload };
      s.send(a.ok ? okMessage(id, extra) : errorMessage(id, extra));
    },
    () => {
      s.deviceStreams.delete(id);
      if (s.state === 'online') s.send(errorMessage(id));
    },
  );
};

/** §8.4: the device ends a stream (session resources); unknown ids get OK too (§10.2). */
const onStopStream: Handler = (s, m) => {
  const id = streamIdOf(m);
  if (!id) return;
  const stream = s.removeServerStream(id);
  if (stream) {
    stream.end({ by: 'device' }, id);
  } else if (s.deviceStreams.delete(id)) {
    s.host.deviceStreamClosed(s, id);
  }
  s.send(okMessage(id));
};

/** §5.10: items on open streams; unknown ids are late items and ignored (§8.2). */
const onStreamData: Handler = (s, m) => {
  const id = streamIdOf(m);
  if (!id) return;
  const payload = m.fields.get(Field.PAYLOAD);
  const stream = s.serverStream(id);
  if (stream) stream.item(payload, id);
  else if (s.deviceStreams.has(id)) s.host.deviceStreamItem(s, id, payload);
};

const HANDLERS: Partial<Record<number, Handler>> = {
  [MessageType.OK]: onAnswer(true),
  [MessageType.ERROR]: onAnswer(false),
  // §10.2: CONNECT again after authentication is a protocol violation.
  [MessageType.CONNECT]: (s) => {
    s.send(disconnect());
    s.close('second CONNECT on an authenticated connection');
  },
  // §6.7, §11 D16: the device announces it is leaving; close our side.
  [MessageType.DISCONNECT]: (s) => s.close('the device sent DISCONNECT'),
  [MessageType.KEEP_ALIVE]: (s) => s.echoKeepAlive(),
  [MessageType.RUN]: onRun,
  [MessageType.DESCRIBE]: onDescribe,
  [MessageType.START_STREAM]: onStartStream,
  [MessageType.STOP_STREAM]: onStopStream,
  [MessageType.STREAM_DATA]: onStreamData,
};

export function dispatch(s: DispatchTarget, m: Message): void {
  const handler = HANDLERS[m.type];
  // §10.2: unknown types (0, ≥ 11) are decoded, ignored and counted; never answered.
  if (handler) handler(s, m);
  else s.badFrame(`unknown message type ${m.type}`);
}
