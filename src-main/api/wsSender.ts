/** The write side of the API's WebSockets: bounded by the socket's send buffer (D2). */
import type { WebSocket } from 'ws';
import type { ApiHttpLimits } from './limits';

/** A peer whose answers pile up past this many times the buffer bound is cut off. */
const WS_REPLY_BACKLOG_FACTOR = 4;

/**
 * The socket's side of the back-pressure contract (TopicListener, D2): an event is written only
 * while the send buffer is under its bound, and then `offer` returns true; otherwise nothing is
 * written and it returns false, so the source keeps it (bounded, drops counted) until `onDrain`.
 * A sample is therefore sent once, and a socket that stopped reading stops being written.
 */
export interface Sender {
  offer(m: unknown): boolean;
  /** Answers to calls are always written, up to WS_REPLY_BACKLOG_FACTOR × the bound. */
  reply(m: unknown): void;
}

export function sender(ws: WebSocket, limits: ApiHttpLimits, onDrain: () => void): Sender {
  let waiting = false;
  const write = (m: unknown): void =>
    ws.send(JSON.stringify(m), () => {
      if (waiting && ws.bufferedAmount < limits.maxWsBufferedBytes / 2) {
        waiting = false;
        onDrain();
      }
    });
  return {
    offer(m) {
      if (ws.readyState !== ws.OPEN) return true; // closing: taken and discarded
      if (ws.bufferedAmount >= limits.maxWsBufferedBytes) {
        waiting = true;
        return false;
      }
      write(m);
      return true;
    },
    reply(m) {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount >= limits.maxWsBufferedBytes * WS_REPLY_BACKLOG_FACTOR) {
        ws.terminate();
        return;
      }
      write(m);
    },
  };
}
