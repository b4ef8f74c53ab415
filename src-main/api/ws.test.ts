/** The contract WebSocket's bounds, with a fake socket: paused streams, in-flight calls, ids. */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { ApiServer, type CallHandlers, type TopicSources } from './ApiServer';
import { API_HTTP_LIMITS } from './limits';
import { serveContractSocket } from './ws';

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  sent: Record<string, unknown>[] = [];
  callbacks: (() => void)[] = [];
  send(data: string, cb: () => void): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
    this.callbacks.push(cb);
  }
  receive(m: unknown): void {
    this.emit('message', Buffer.from(JSON.stringify(m)), false);
  }
}

function setup(limits = {}) {
  const emitters: ((p: unknown) => boolean | void)[] = [];
  const counts = { resumed: 0, closed: 0 };
  const sources = {
    'devices.presence': (_p: unknown, listener: (p: unknown) => boolean | void) => {
      emitters.push(listener);
      return { resume: () => void counts.resumed++, close: () => void counts.closed++ };
    },
  } as unknown as TopicSources;
  const handlers = {
    'broker.status': (_r: unknown, { signal }: { signal: AbortSignal }) =>
      new Promise((_res, rej) => signal.addEventListener('abort', () => rej(new Error('x')))),
  } as unknown as CallHandlers;
  const ws = new FakeSocket();
  serveContractSocket(ws as unknown as WebSocket, new ApiServer(handlers, sources), {
    ...API_HTTP_LIMITS,
    ...limits,
  });
  return { ws, emitters, counts };
}

const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('the contract WebSocket', () => {
  it('pauses a topic while the send buffer is over its bound and resumes it once drained', () => {
    const { ws, emitters, counts } = setup({ maxWsBufferedBytes: 1000 });
    ws.receive({ id: 1, subscribe: 'devices.presence', params: {} });
    expect(ws.sent.at(-1)).toEqual({ id: 1, subscribed: true });
    expect(emitters[0]!({ n: 1 })).toBe(true);
    ws.bufferedAmount = 5000;
    // Full: the event is not written (the source keeps it), so it is never sent twice (D2).
    expect(emitters[0]!({ n: 2 })).toBe(false);
    expect(emitters[0]!({ n: 3 })).toBe(false);
    expect(ws.sent.filter((m) => 'event' in m)).toEqual([{ id: 1, event: { n: 1 } }]);
    ws.bufferedAmount = 0;
    ws.callbacks.at(-1)!();
    expect(counts.resumed).toBe(1);
  });

  it('cuts off a peer whose answers pile up far past the bound', () => {
    const { ws } = setup({ maxWsBufferedBytes: 1000 });
    let terminated = false;
    (ws as unknown as { terminate: () => void }).terminate = () => void (terminated = true);
    ws.bufferedAmount = 3999;
    ws.receive({ id: 1, subscribe: 'devices.presence', params: {} });
    expect(ws.sent.at(-1)).toEqual({ id: 1, subscribed: true });
    ws.bufferedAmount = 4000;
    ws.receive({ id: 2, subscribe: 'devices.presence', params: {} });
    expect(terminated).toBe(true);
  });

  it('bounds subscriptions and waiting calls per socket, and refuses a reused id', async () => {
    const { ws } = setup({ maxSubscriptionsPerSocket: 1, maxCallsPerSocket: 1 });
    ws.receive({ id: 1, subscribe: 'devices.presence', params: {} });
    ws.receive({ id: 1, subscribe: 'devices.presence', params: {} });
    ws.receive({ id: 2, subscribe: 'devices.presence', params: {} });
    ws.receive({ id: 3, call: 'broker.status', input: {} });
    ws.receive({ id: 3, call: 'broker.status', input: {} });
    ws.receive({ id: 4, call: 'broker.status', input: {} });
    await flush();
    const errors = ws.sent.filter((m) => 'error' in m) as { id: number; error: { code: string } }[];
    expect(errors.map((e) => [e.id, e.error.code])).toEqual([
      [1, 'BAD_REQUEST'],
      [2, 'RATE_LIMITED'],
      [3, 'BAD_REQUEST'],
      [4, 'RATE_LIMITED'],
    ]);
  });

  it('cancels a call on request and everything when the socket closes', async () => {
    const { ws, counts } = setup();
    ws.receive({ id: 1, call: 'broker.status', input: {} });
    ws.receive({ id: 1, cancel: true });
    await flush();
    expect(ws.sent.at(-1)).toMatchObject({ id: 1, error: { code: 'CANCELLED' } });
    ws.receive({ id: 2, subscribe: 'devices.presence', params: {} });
    ws.receive({ id: 3, call: 'broker.status', input: {} });
    ws.emit('close');
    expect(counts.closed).toBe(1);
  });
});
