import { z } from 'zod';

/** Deadline of calls answered from memory or SQLite. */
export const LOCAL_TIMEOUT_MS = 5_000;

/** The request of a call that takes no arguments. */
export const Empty = z.object({}).strict();

/** One request → response between UI and main. */
export interface CallSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  summary: string;
  request: Req;
  response: Res;
  /** Default deadline; a caller may cancel earlier with its AbortSignal. */
  timeoutMs: number;
}

/** A topic: what a subscriber sends once (`params`) and what it then receives (`payload`). */
export interface EventSpec<P extends z.ZodType = z.ZodType, E extends z.ZodType = z.ZodType> {
  summary: string;
  params: P;
  payload: E;
}

export const call = <Req extends z.ZodType, Res extends z.ZodType>(
  spec: CallSpec<Req, Res>,
): CallSpec<Req, Res> => spec;

export const event = <P extends z.ZodType, E extends z.ZodType>(
  spec: EventSpec<P, E>,
): EventSpec<P, E> => spec;
