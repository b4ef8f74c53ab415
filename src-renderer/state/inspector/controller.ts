/**
 * The controller's working state in one object (issue 14 §4), so a reset is one call and nothing
 * is forgotten: frames waiting for the next batch, frames held while paused, timers,
 * subscriptions and the per-device bookkeeping of history reads. It lives outside React.
 */
import type { BoundedMap } from '@contract/BoundedMap';
import type { FrameRow } from '../../model/inspector/frameRow';

interface Controller {
  inbox: FrameRow[];
  held: FrameRow[];
  flushTimer: ReturnType<typeof setTimeout> | null;
  lastFlushAt: number;
  arrivals: number;
  running: boolean;
  follows: Map<string, () => void>;
  /** Per device, `<direction>:<stream id>` → resource of the request that used that id. */
  streamResources: Map<string, BoundedMap<string, string>>;
  /** Sequence of the newest frame seen per device. */
  lastSeqs: Map<string, number>;
  /**
   * Per device, the sequence after which history is read (`afterSeq`): 0 at first, then the
   * newest frame seen when following stopped (link lost, view left) or the list was cleared, so
   * only the gap is read back. Live frames arriving before that read do not move it.
   */
  floors: Map<string, number>;
  historyQueue: string[];
  historyInFlight: number;
  stopEnvironment: (() => void) | null;
}

const freshController = (): Controller => ({
  inbox: [],
  held: [],
  flushTimer: null,
  lastFlushAt: 0,
  arrivals: 0,
  running: false,
  follows: new Map(),
  streamResources: new Map(),
  lastSeqs: new Map(),
  floors: new Map(),
  historyQueue: [],
  historyInFlight: 0,
  stopEnvironment: null,
});

/** The one controller; `resetController` puts every field back to its start. */
export const c: Controller = freshController();

export function resetController(): void {
  Object.assign(c, freshController());
}

/** Remembers, per device, the newest frame seen as the point to read history after. */
export function raiseFloors(keys: Iterable<string>): void {
  for (const key of keys) {
    const seq = c.lastSeqs.get(key);
    if (seq !== undefined) c.floors.set(key, seq);
  }
}
