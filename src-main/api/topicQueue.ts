/**
 * Back-pressure for topics whose source cannot wait (serial bytes, flash progress, port events):
 * while the subscriber's transport is busy (its listener returned false), events wait in a
 * bounded queue; past the bound the oldest go, and the subscriber is told how many with one
 * "gap" event before the rest. One slow reader never costs main's memory or other readers.
 */

/** Events waiting per subscriber of serial.output: ~1 s of a chatty 115 200-baud board. */
export const SERIAL_OUTPUT_QUEUE = 2000;
/** Events waiting per subscriber of flash.progress: 32 boards' worth of progress and logs. */
export const FLASH_PROGRESS_QUEUE = 1000;
/** Events waiting per subscriber of ports.changes: a hub of boards plugged at once, twice over. */
export const PORT_CHANGES_QUEUE = 256;

export interface QueuedTopic<T> {
  push(event: T): void;
  /** The transport drained: deliver the gap (if any), then what waited. */
  resume(): void;
}

export function queuedTopic<T>(
  listener: (event: T) => boolean | void,
  max: number,
  gap: (dropped: number) => T,
): QueuedTopic<T> {
  const queue: T[] = [];
  let paused = false;
  let dropped = 0;
  const enqueue = (e: T, front: boolean): void => {
    if (front) queue.unshift(e);
    else queue.push(e);
    if (queue.length > max) {
      queue.shift();
      dropped++;
    }
  };
  // A listener that returns false did not take the event (its transport is full): the event
  // waits at the head and nothing more is offered until resume(), so none is sent twice.
  const send = (e: T): void => {
    if (listener(e) === false) {
      paused = true;
      enqueue(e, true);
    }
  };
  return {
    push(e) {
      if (!paused) return send(e);
      enqueue(e, false);
    },
    resume() {
      paused = false;
      if (dropped > 0) {
        const n = dropped;
        dropped = 0;
        if (listener(gap(n)) === false) {
          paused = true;
          dropped += n;
          return;
        }
      }
      while (!paused) {
        const next = queue.shift();
        if (next === undefined) break;
        send(next);
      }
    },
  };
}
