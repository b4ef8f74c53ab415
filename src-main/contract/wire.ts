/**
 * The messages of the contract over one WebSocket (`/api/v1/ws` in headless mode; the renderer's
 * WebSocket client speaks it). Every message is one JSON text frame; `id` is chosen by the
 * client and pairs answers, events and cancellations with their request.
 */
import { z } from 'zod';
import { ApiErrorBody } from './errors';
import { Value } from './schemas';

const RequestId = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const ClientMessage = z.union([
  /** Runs a call; answered by `result` or `error` with the same id. */
  z.object({ id: RequestId, call: z.string(), input: Value.optional() }).strict(),
  /** Starts a topic; answered by `subscribed` (or `error`), then `event`s with the same id. */
  z.object({ id: RequestId, subscribe: z.string(), params: Value.optional() }).strict(),
  /** Ends the subscription `id`; answered by `unsubscribed`. */
  z.object({ id: RequestId, unsubscribe: z.literal(true) }).strict(),
  /** Cancels the call `id` (it then answers `error` with code CANCELLED). */
  z.object({ id: RequestId, cancel: z.literal(true) }).strict(),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ServerMessage = z.union([
  z.object({ id: RequestId, result: Value }),
  z.object({ id: RequestId.nullable(), error: ApiErrorBody }),
  z.object({ id: RequestId, subscribed: z.literal(true) }),
  z.object({ id: RequestId, unsubscribed: z.literal(true) }),
  z.object({ id: RequestId, event: Value }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
