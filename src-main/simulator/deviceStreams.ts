/**
 * A simulated device's streams as IOTMP-Linux runs them: the once-a-second tick over periodic
 * streams, event-stream bindings with their push timers (every N ms, or on a threshold), and
 * dropping a stream (IOTMP.md §8.1, §8.5, §9.5).
 */
import type { DeviceContext } from './deviceContext';
import { sampleDistance, type SimResource } from './resources';
import type { DeviceStream, Session } from './simulatedDeviceTypes';

/** Timers may fire a millisecond early against the wall clock; keeps 1000 ms at every tick. */
const TICK_TOLERANCE_MS = 5;

/**
 * §8.1, §9.5: IOTMP-Linux's stream loop: from authentication on, every second (re-armed after
 * each pass), it samples each periodic stream whose interval has elapsed since its last
 * periodic sample. A new stream samples on the first pass (0–1 s after it started), then
 * 2500 ms gives a sample every 3 s and anything up to 1 s one per pass.
 */
export function armTick(ctx: DeviceContext, s: Session): void {
  s.tick = ctx.clock.setTimeout(() => {
    if (ctx.current() !== s) return;
    const now = ctx.clock.now();
    for (const st of s.streams.values()) {
      if (st.intervalMs === 0) continue;
      const last = st.lastSampleAt;
      if (last !== undefined && now - last + TICK_TOLERANCE_MS < st.intervalMs) continue;
      st.lastSampleAt = now;
      const v = st.resource.sample();
      if (v !== undefined) ctx.sendSample(st.id, v);
    }
    if (ctx.current() === s) armTick(ctx, s);
  }, ctx.streamTickMs);
}

/** Binds `r`'s event stream to `id`; the first binding starts the resource's push timer. */
export function bind(ctx: DeviceContext, s: Session, r: SimResource, id: number): void {
  const before = s.bindings.get(r.name);
  s.bindings.set(r.name, id);
  if (before !== undefined || !r.push) return;
  const p = r.push;
  if (p.everyMs !== undefined) {
    s.pushTimers.set(
      r.name,
      ctx.clock.setInterval(() => ctx.push(r.name), p.everyMs),
    );
  } else if (p.threshold !== undefined) {
    const threshold = p.threshold;
    s.pushTimers.set(
      r.name,
      ctx.clock.setInterval(() => {
        const bound = s.bindings.get(r.name);
        const v = r.sample();
        if (bound === undefined || v === undefined) return;
        const last = s.lastPushed.get(r.name);
        if (last !== undefined && sampleDistance(v, last) < threshold) return;
        s.lastPushed.set(r.name, v);
        ctx.sendSample(bound, v);
      }, p.checkMs),
    );
  }
}

function unbind(s: Session, r: SimResource): void {
  s.bindings.delete(r.name);
  s.lastPushed.delete(r.name);
  s.pushTimers.get(r.name)?.cancel();
  s.pushTimers.delete(r.name);
}

export function dropStream(ctx: DeviceContext, s: Session, st: DeviceStream): void {
  s.streams.delete(st.id);
  // §8.1: stopping the bound id removes the binding.
  if (s.bindings.get(st.resource.name) === st.id) unbind(s, st.resource);
  emitStream(ctx, 'stop', st);
}

export function emitStream(ctx: DeviceContext, event: 'start' | 'stop', st: DeviceStream): void {
  if (!ctx.events.has('stream')) return;
  ctx.events.emit('stream', {
    event,
    id: st.id,
    resource: st.resource.name,
    intervalMs: st.intervalMs,
  });
}
