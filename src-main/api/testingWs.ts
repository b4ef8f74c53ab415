/** Test support: a client of the contract WebSocket (`/api/v1/ws`), as the web console uses it. */
import WebSocket from 'ws';
import { ApiError, type ServerMessage } from '../contract';

export interface ContractSocket {
  /** Resolves with the result, rejects with the ApiError. */
  call(name: string, input: unknown): Promise<unknown>;
  /** Resolves once subscribed (rejects with the ApiError); the function unsubscribes. */
  subscribe(topic: string, params: unknown, onEvent: (e: unknown) => void): Promise<() => void>;
  close(): void;
}

export async function connectContractSocket(
  baseUrl: string,
  token: string,
): Promise<ContractSocket> {
  const ws = new WebSocket(`${baseUrl.replace('http', 'ws')}/api/v1/ws?token=${token}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let nextId = 1;
  const waiting = new Map<number, (m: ServerMessage) => void>();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as ServerMessage;
    if (m.id !== null) waiting.get(m.id)?.(m);
  });
  return {
    call: (name, input) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, (m) => {
          waiting.delete(id);
          if ('error' in m) reject(ApiError.from(m.error));
          else if ('result' in m) resolve(m.result);
        });
        ws.send(JSON.stringify({ id, call: name, input }));
      }),
    subscribe: (topic, params, onEvent) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        const stop = (): void => {
          waiting.delete(id);
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, unsubscribe: true }));
        };
        waiting.set(id, (m) => {
          if ('error' in m) {
            waiting.delete(id);
            reject(ApiError.from(m.error));
          } else if ('subscribed' in m) resolve(stop);
          else if ('event' in m) onEvent(m.event);
        });
        ws.send(JSON.stringify({ id, subscribe: topic, params }));
      }),
    close: () => ws.close(),
  };
}
