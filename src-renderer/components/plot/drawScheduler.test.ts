import { describe, expect, it } from 'vitest';
import {
  BEAT_MS,
  createDrawLoop,
  MAX_BUDGET_MS,
  type Drawable,
  type FrameClock,
} from './drawScheduler';

/** Frames on demand and a clock that moves only when a chart "draws" (its cost) or a frame passes. */
function fakeClock() {
  let mono = 0;
  let pending: ((t: number) => void) | null = null;
  const clock: FrameClock = {
    wall: () => 1_000_000 + mono,
    mono: () => mono,
    request: (cb) => {
      pending = cb;
      return 1;
    },
    cancel: () => {
      pending = null;
    },
  };
  return {
    clock,
    spend: (ms: number) => (mono += ms),
    /** Runs one frame `gap` ms after the previous one. */
    frame(gap = 1_000 / 60) {
      mono += gap;
      const cb = pending;
      pending = null;
      cb?.(mono);
    },
  };
}

function chart(spend: (ms: number) => void, costMs: number, name: string, log: string[]) {
  const d: Drawable & { draws: number } = {
    visible: true,
    lastDrawn: 0,
    draws: 0,
    wantsDraw: () => true,
    draw() {
      spend(costMs);
      d.draws++;
      log.push(name);
    },
  };
  return d;
}

describe('the shared draw loop', () => {
  it('draws every due chart in one frame while they fit the frame budget', () => {
    const t = fakeClock();
    const loop = createDrawLoop(t.clock);
    const log: string[] = [];
    const charts = Array.from({ length: 21 }, (_, i) => chart(t.spend, 0.2, `c${i}`, log));
    for (const c of charts) loop.add(c);
    t.frame();
    expect(log).toHaveLength(21);
  });

  it('draws the charts together on a beat of 35/s: at 60 fps, none in the frames between', () => {
    const t = fakeClock();
    const loop = createDrawLoop(t.clock);
    const log: string[] = [];
    // Costless redraws, so the frames are exactly 60 Hz.
    const charts = Array.from({ length: 21 }, (_, i) => chart(t.spend, 0, `c${i}`, log));
    for (const c of charts) loop.add(c);
    const perFrame: number[] = [];
    for (let i = 0; i < 120; i++) {
      const before = log.length;
      t.frame();
      perFrame.push(log.length - before);
    }
    // Each frame draws all 21 or none: the page is repainted once per beat, not per chart.
    expect(perFrame.every((n) => n === 0 || n === 21)).toBe(true);
    const beats = perFrame.filter((n) => n === 21).length;
    // Two seconds of frames: 35 beats a second (±1), so every chart redraws ≥ 30 times a second.
    expect(Math.abs(beats - 2 * (1_000 / BEAT_MS))).toBeLessThanOrEqual(2);
    expect(charts.every((c) => c.draws === beats)).toBe(true);
  });

  it('over budget, takes charts stalest first, so each gets its turn in rotation', () => {
    const t = fakeClock();
    const loop = createDrawLoop(t.clock);
    const log: string[] = [];
    // 10 charts of 2 ms each: a 60 Hz frame's budget (~7.5 ms) holds about 3 or 4.
    const charts = Array.from({ length: 10 }, (_, i) => chart(t.spend, 2, `c${i}`, log));
    for (const c of charts) loop.add(c);
    const perFrame: number[] = [];
    for (let i = 0; i < 30; i++) {
      const before = log.length;
      t.frame();
      perFrame.push(log.length - before);
    }
    // The first frame draws all (none drawn yet); then as many as fit the budget, ≥ 3 of 2 ms.
    for (const n of perFrame.slice(1).filter((x) => x > 0)) {
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n * 2).toBeLessThanOrEqual(loop.budget() + 2);
    }
    // Round robin: no chart is drawn twice before every other chart was drawn once more.
    const draws = charts.map((c) => c.draws);
    expect(Math.max(...draws) - Math.min(...draws)).toBeLessThanOrEqual(1);
  });

  it('does not cut redraws when frames come late (a busy machine), unlike a back-off', () => {
    const t = fakeClock();
    const loop = createDrawLoop(t.clock);
    const log: string[] = [];
    const charts = Array.from({ length: 21 }, (_, i) => chart(t.spend, 0.2, `c${i}`, log));
    for (const c of charts) loop.add(c);
    // Every frame 40 ms apart (25 fps, all late): every chart still draws in every frame.
    for (let i = 0; i < 20; i++) t.frame(40);
    expect(charts.every((c) => c.draws === 20)).toBe(true);
    // Slower frames give a larger budget (more must fit into each), bounded.
    expect(loop.budget()).toBeGreaterThan(1_000 / 60 / 2);
    expect(loop.budget()).toBeLessThanOrEqual(MAX_BUDGET_MS);
  });

  it('draws at least one chart per frame even if one redraw costs more than the budget', () => {
    const t = fakeClock();
    const loop = createDrawLoop(t.clock);
    const log: string[] = [];
    const heavy = [chart(t.spend, 30, 'a', log), chart(t.spend, 30, 'b', log)];
    for (const c of heavy) loop.add(c);
    for (let i = 0; i < 4; i++) t.frame();
    expect(log).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b'].slice(0, log.length));
    expect(log.length).toBeGreaterThanOrEqual(4);
  });

  it('leaves charts alone that are hidden or have nothing new, and stops when none is left', () => {
    const t = fakeClock();
    const loop = createDrawLoop(t.clock);
    const log: string[] = [];
    const hidden = chart(t.spend, 0.1, 'hidden', log);
    hidden.visible = false;
    const idle = chart(t.spend, 0.1, 'idle', log);
    idle.wantsDraw = () => false;
    const removeHidden = loop.add(hidden);
    const removeIdle = loop.add(idle);
    for (let i = 0; i < 5; i++) t.frame();
    expect(log).toEqual([]);
    removeHidden();
    removeIdle();
    let asked = false;
    t.clock.request = () => {
      asked = true;
      return 2;
    };
    t.frame();
    expect(asked).toBe(false);
  });
});
