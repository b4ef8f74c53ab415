/**
 * Server → device requests of one connection waiting for their OK/ERROR, by stream id
 * (IOTMP.md §6.3), with the bounds of §10.1: a timeout each, and at most
 * `maxInflightRequests` at once (the liveness probe not counted). Made on a connection's first
 * request: most connections are idle devices that never get one.
 */
import { Field, type Message } from '../protocol';
import type { Cancel, Scheduler } from '../core/scheduler';
import type { Reply } from '../core/reply';
import { BrokerError, BrokerErrorCode } from './errors';

interface Pending {
  resolve: (r: Reply) => void;
  reject: (e: Error) => void;
  cancelTimer: Cancel;
  /** The liveness probe's answer only proves the link is alive. */
  probe: boolean;
}

export class OutboundRequests {
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly send: (m: Message) => void,
  ) {}

  has(id: number): boolean {
    return this.pending.has(id);
  }

  /** Requests in flight, the liveness probe not counted. */
  inflight(): number {
    let n = 0;
    for (const p of this.pending.values()) if (!p.probe) n++;
    return n;
  }

  /** Sends a request and resolves with the device's OK/ERROR (or rejects on timeout/close). */
  request(id: number, m: Message, timeoutMs: number, probe = false): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      const cancelTimer = this.scheduler.setTimeout(() => {
        if (this.pending.get(id)?.cancelTimer !== cancelTimer) return;
        this.pending.delete(id);
        reject(
          new BrokerError(
            BrokerErrorCode.TIMEOUT,
            `the device did not answer within ${Math.round(timeoutMs / 1000)} s`,
          ),
        );
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, cancelTimer, probe });
      try {
        this.send(m);
      } catch (e) {
        this.pending.delete(id);
        cancelTimer();
        if (e instanceof BrokerError) return reject(e);
        reject(
          new BrokerError(
            BrokerErrorCode.ENCODE_FAILED,
            `cannot encode the request: ${(e as Error).message}`,
          ),
        );
      }
    });
  }

  /** The device's OK/ERROR; an answer nobody waits for is ignored, never answered (§6.3). */
  settle(id: number, ok: boolean, m: Message): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.cancelTimer();
    const reply: Reply = { ok };
    const code = m.fields.get(Field.PARAMETERS);
    const payload = m.fields.get(Field.PAYLOAD);
    if (code !== undefined) reply.code = code;
    if (payload !== undefined) reply.payload = payload;
    p.resolve(reply);
  }

  /** The connection closed: every waiting request fails with why. */
  failAll(reason: string): void {
    // Built only when someone waits for it: an error captures a stack, and a burst of closing
    // sockets (a scanner giving up) should not pay for thousands of them.
    if (this.pending.size === 0) return;
    const gone = new BrokerError(
      BrokerErrorCode.DEVICE_DISCONNECTED,
      `the device disconnected (${reason})`,
    );
    for (const p of this.pending.values()) {
      p.cancelTimer();
      p.reject(gone);
    }
    this.pending.clear();
  }
}
