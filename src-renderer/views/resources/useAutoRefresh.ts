/**
 * Auto-refresh of an output card (UI.md §3.2 "Output"): a stream at the chosen interval, opened
 * through the live-streams registry so it shares the broker's fan-out, the status bar counts it
 * and "All streams off" stops it (the card then reads Off). Samples repaint the card at most 10
 * times a second however fast they come.
 */
import { useEffect, useState } from 'react';
import type { Value } from '@contract/schemas';
import { openStream } from '../../state/liveStreams';
import { setStreamOutput } from '../../state/resources';

/** UI.md §3.2: Off, 1, 2, 5, 10, 30, 60 s. */
export const AUTO_REFRESH_SECONDS = [0, 1, 2, 5, 10, 30, 60] as const;
/** At most 10 repaints a second (UI.md §3.2 "Live"). */
const REPAINT_MS = 100;
/** A periodic stream is stale after 3 × its interval without a sample, at least this (UI.md). */
const MIN_STALE_MS = 3_000;

export interface AutoRefreshState {
  state: 'starting' | 'streaming' | 'waiting' | 'error';
  reason: string | null;
  lastAt: number | null;
}

const STARTING: AutoRefreshState = { state: 'starting', reason: null, lastAt: null };

export const streamStaleAfter = (seconds: number): number =>
  Math.max(MIN_STALE_MS, 3 * seconds * 1_000);

export function useAutoRefresh(
  target: { user: string; device: string; resource: string; key: string },
  seconds: number,
  onStopped: () => void,
): AutoRefreshState {
  const { user, device, resource, key } = target;
  // Tagged with the interval it belongs to: a new interval starts from "starting".
  const [status, setStatus] = useState<AutoRefreshState & { seconds: number }>({
    ...STARTING,
    seconds,
  });
  useEffect(() => {
    if (!seconds) return;
    let latest: { value: Value; time: number } | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = (): void => {
      timer = null;
      if (!latest) return;
      const { value, time } = latest;
      latest = null;
      setStreamOutput(key, value, time);
      setStatus({ state: 'streaming', reason: null, lastAt: time, seconds });
    };
    const close = openStream(
      { user, device, resource, intervalMs: seconds * 1_000 },
      'auto-refresh',
      (event) => {
        if (event.kind === 'sample') {
          latest = { value: event.value, time: event.time };
          timer ??= setTimeout(flush, REPAINT_MS);
        } else {
          setStatus((s) => ({
            ...(s.seconds === seconds ? s : STARTING),
            state: event.state,
            reason: event.reason ?? null,
            seconds,
          }));
        }
      },
      onStopped,
    );
    return () => {
      close();
      if (timer) clearTimeout(timer);
    };
  }, [user, device, resource, key, seconds, onStopped]);
  return status.seconds === seconds ? status : STARTING;
}
