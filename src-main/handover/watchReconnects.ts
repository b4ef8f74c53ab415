/**
 * The last hand-over step: every device created on the new server is watched until the server
 * reports it connected (its time recorded), the watch ends, or the run is cancelled.
 */
import { HandoverError } from './ThingerClient';
import type { HandoverRun } from './handoverTypes';

/** How long a hand-over waits for the devices to show up on the new server, by default. */
const DEFAULT_WATCH_MS = 10 * 60_000;
/** How often the new server is asked whether the devices are connected. */
const DEFAULT_POLL_MS = 2000;

export async function watchReconnects(run: HandoverRun): Promise<void> {
  const { o, client, report, now } = run;
  const waiting = new Set(report.devices.filter((r) => r.created !== 'failed'));
  const deadline = now() + (o.watchMs ?? DEFAULT_WATCH_MS);
  run.progress('watching');
  while (waiting.size > 0 && !run.stopped()) {
    for (const r of [...waiting]) {
      try {
        if (await client.online(r.user, r.device)) {
          r.reconnectedAt = now();
          waiting.delete(r);
          run.log(`${r.user}/${r.device}: connected to ${o.target}`);
          run.progress('watching');
        }
      } catch (e) {
        if (e instanceof HandoverError && e.status === 404) {
          r.error = 'the new server no longer knows this device';
          waiting.delete(r);
        }
      }
    }
    if (waiting.size === 0 || now() >= deadline || run.stopped()) break;
    await pause(o.pollMs ?? DEFAULT_POLL_MS, o.signal);
  }
  const why = run.stopped()
    ? 'the hand-over was cancelled before it connected there'
    : 'did not connect to the new server within the watch';
  for (const r of waiting) r.error ??= why;
}

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
