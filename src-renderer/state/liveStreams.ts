/**
 * Every device stream this console opened (charts, auto-refresh cards), so the status bar can
 * count them and "All streams off" (UI.md §3.4) can stop them wherever they were opened. Owners
 * open through `openStream` and learn of an outside stop through `onStopped`.
 */
import { create } from 'zustand';
import type { StreamEvent } from '@contract/schemas';
import { api } from '../api/connection';
import { errorText } from '../api/errorText';

export type StreamPurpose = 'chart' | 'auto-refresh';

export interface StreamTarget {
  user: string;
  device: string;
  resource: string;
  /** 0: every sample the device pushes (events). */
  intervalMs: number;
}

export interface LiveStream extends StreamTarget {
  id: number;
  purpose: StreamPurpose;
  openedAt: number;
}

interface Entry {
  stream: LiveStream;
  dispose: () => void;
  onStopped?: () => void;
}

export interface LiveStreamsSlice {
  streams: readonly LiveStream[];
}

export const useLiveStreams = create<LiveStreamsSlice>(() => ({ streams: [] }));

const entries = new Map<number, Entry>();
let nextId = 1;

const publish = (): void =>
  useLiveStreams.setState({ streams: [...entries.values()].map((e) => e.stream) });

/** Opens a stream; the returned function closes it (idempotent). */
export function openStream(
  target: StreamTarget,
  purpose: StreamPurpose,
  listener: (event: StreamEvent) => void,
  onStopped?: () => void,
): () => void {
  const id = nextId++;
  let ended = false;
  const close = (): void => {
    ended = true;
    const entry = entries.get(id);
    if (!entry) return;
    entries.delete(id);
    entry.dispose();
    publish();
  };
  // An error ends the stream for good (the device refused or ended it, or the subscription was
  // refused: unknown device, too many streams): the owner is told why, and the stream is closed so
  // it no longer counts as live; Retry opens a new one.
  const deliver = (event: StreamEvent): void => {
    listener(event);
    if (event.kind === 'status' && event.state === 'error') close();
  };
  const dispose = api().on('streams.samples', { ...target }, deliver, (e) =>
    deliver({ kind: 'status', state: 'error', reason: errorText(e).message }),
  );
  if (ended) {
    dispose();
    return close;
  }
  entries.set(id, {
    stream: { ...target, id, purpose, openedAt: Date.now() },
    dispose,
    ...(onStopped ? { onStopped } : {}),
  });
  publish();
  return close;
}

/** Stops one stream as if from outside (its owner is told); false when it was not open. */
export function stopStream(id: number): boolean {
  const entry = entries.get(id);
  if (!entry) return false;
  end(id, entry);
  publish();
  return true;
}

function end(id: number, entry: Entry): void {
  entries.delete(id);
  entry.dispose();
  entry.onStopped?.();
}

/** Stops every stream (or one device's); returns how many were stopped. */
export function stopStreams(filter?: { user: string; device: string }): number {
  let stopped = 0;
  for (const [id, entry] of [...entries]) {
    const s = entry.stream;
    if (filter && (s.user !== filter.user || s.device !== filter.device)) continue;
    end(id, entry);
    stopped++;
  }
  if (stopped) publish();
  return stopped;
}
