/**
 * One live subscription shared by every component that needs a slice kept fresh: the first caller
 * starts it, the last one to leave stops it. Each caller gets its own idempotent disposer.
 */
export function sharedFollower(start: () => () => void): () => () => void {
  let followers = 0;
  let stop: (() => void) | null = null;
  return () => {
    if (followers === 0) stop = start();
    followers++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (--followers === 0) {
        stop?.();
        stop = null;
      }
    };
  };
}
