import { describe, expect, it, vi } from 'vitest';
import { reconnectingTransport, type LinkState } from './reconnectingTransport';
import type { WebSocketTransport } from './webSocketTransport';

/** A socket the test opens and closes by hand. */
function fakeSocket() {
  let open!: () => void;
  let fail!: () => void;
  const closeListeners: (() => void)[] = [];
  const subs: string[] = [];
  const refusers = new Map<string, (e: Error) => void>();
  const socket: WebSocketTransport = {
    ready: new Promise<void>((res, rej) => {
      open = res;
      fail = rej;
    }),
    close: () => closeListeners.splice(0).forEach((l) => l()),
    onClose: (l) => void closeListeners.push(l),
    call: vi.fn(async () => 'answer'),
    subscribe: (topic, _params, _listener, onError) => {
      subs.push(topic);
      if (onError) refusers.set(topic, onError);
      return () => void subs.splice(subs.indexOf(topic), 1);
    },
  };
  return {
    socket,
    subs,
    /** The server refuses the subscription to `topic`. */
    refuse: (topic: string) => {
      subs.splice(subs.indexOf(topic), 1);
      refusers.get(topic)?.(
        Object.assign(new Error('no device named site/ghost'), { code: 'NOT_FOUND' }),
      );
    },
    open: () => open(),
    drop: () => {
      fail();
      socket.close();
    },
  };
}

describe('the reconnecting API link', () => {
  it('retries after a drop and subscribes every live topic again', async () => {
    vi.useFakeTimers();
    const sockets: ReturnType<typeof fakeSocket>[] = [];
    const states: LinkState[] = [];
    const t = reconnectingTransport('ws://x', {
      retryMs: 3_000,
      onState: (s) => states.push(s),
      open: () => {
        const s = fakeSocket();
        sockets.push(s);
        return s.socket;
      },
    });
    const stop = t.subscribe('devices.presence', {}, () => {});
    sockets[0]!.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(sockets[0]!.subs).toEqual(['devices.presence']);

    sockets[0]!.drop();
    expect(states.at(-1)).toBe('lost');
    await expect(t.call('broker.status', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(sockets).toHaveLength(2);
    sockets[1]!.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(states.at(-1)).toBe('online');
    expect(sockets[1]!.subs).toEqual(['devices.presence']);
    await expect(t.call('broker.status', {})).resolves.toBe('answer');

    stop();
    expect(sockets[1]!.subs).toEqual([]);
    t.close();
    vi.useRealTimers();
  });

  it('a server that is not there yet counts as lost and is retried', async () => {
    vi.useFakeTimers();
    const sockets: ReturnType<typeof fakeSocket>[] = [];
    const states: LinkState[] = [];
    const t = reconnectingTransport('ws://x', {
      retryMs: 1_000,
      onState: (s) => states.push(s),
      open: () => {
        const s = fakeSocket();
        sockets.push(s);
        return s.socket;
      },
    });
    sockets[0]!.drop();
    expect(states).toEqual(['connecting', 'lost']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sockets).toHaveLength(2);
    t.close();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sockets).toHaveLength(2);
    vi.useRealTimers();
  });

  it('tells the owner of a refused subscription and does not make it again after a drop', async () => {
    vi.useFakeTimers();
    const sockets: ReturnType<typeof fakeSocket>[] = [];
    const t = reconnectingTransport('ws://x', {
      retryMs: 1_000,
      onState: () => {},
      open: () => {
        const s = fakeSocket();
        sockets.push(s);
        return s.socket;
      },
    });
    const errors: unknown[] = [];
    t.subscribe(
      'streams.samples',
      {},
      () => {},
      (e) => errors.push(e),
    );
    t.subscribe('devices.presence', {}, () => {});
    sockets[0]!.open();
    await vi.advanceTimersByTimeAsync(0);
    sockets[0]!.refuse('streams.samples');
    expect(errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);

    sockets[0]!.drop();
    await vi.advanceTimersByTimeAsync(1_000);
    sockets[1]!.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(sockets[1]!.subs).toEqual(['devices.presence']);
    t.close();
    vi.useRealTimers();
  });
});
