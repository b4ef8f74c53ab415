/**
 * Where a commissioning bench run spends its time and its CPU: cumulative CPU seconds of every
 * virtual ESP simulator, of this process (the app) and of the whole machine, sampled every
 * 200 ms, so each board's steps can be shown on one time line with the emulator CPU they cost,
 * and a batch can be compared with the floor its CPU imposes on the machine's cores.
 */
import { readFileSync } from 'node:fs';
import type { CommissionRecord } from '../../src-main/contract/commissionSchemas';
import type { VirtualEsp } from '../../src-main/provision/testing/vesp';
import { machineBusySeconds, ownCpuSeconds, processCpuSeconds } from '../support/procCpu';

interface Sample {
  t: number;
  app: number;
  machine: number;
  /** Per port path: its simulator's CPU seconds. */
  emu: Map<string, number>;
}

/** The simulator process of a virtual ESP (VESP_PID in its state folder's env file). */
function simulatorPid(board: VirtualEsp): number {
  const env = readFileSync(`${board.dir}/env`, 'utf8');
  const pid = Number(/^VESP_PID=(\d+)$/m.exec(env)?.[1]);
  if (!Number.isInteger(pid)) throw new Error(`${board.dir}/env names no VESP_PID`);
  return pid;
}

export class CpuTimeline {
  private readonly samples: Sample[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly pids: Map<string, number>;

  constructor(boards: readonly VirtualEsp[], intervalMs = 200) {
    this.pids = new Map(boards.map((b) => [b.port, simulatorPid(b)]));
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  private sample(): void {
    const emu = new Map<string, number>();
    const last = this.samples.at(-1);
    for (const [port, pid] of this.pids)
      // A simulator that exited keeps its last figure.
      emu.set(port, processCpuSeconds(pid) ?? last?.emu.get(port) ?? 0);
    this.samples.push({ t: Date.now(), app: ownCpuSeconds(), machine: machineBusySeconds(), emu });
  }

  /** A cumulative figure at time `t`, linearly between the samples around it. */
  private at(t: number, pick: (s: Sample) => number): number {
    const s = this.samples;
    if (t <= s[0]!.t) return pick(s[0]!);
    for (let i = 1; i < s.length; i++)
      if (t <= s[i]!.t) {
        const a = s[i - 1]!;
        const b = s[i]!;
        return pick(a) + ((pick(b) - pick(a)) * (t - a.t)) / Math.max(1, b.t - a.t);
      }
    return pick(s.at(-1)!);
  }

  private between(t0: number, t1: number, pick: (s: Sample) => number): number {
    return this.at(t1, pick) - this.at(t0, pick);
  }

  /** CPU seconds over the whole time line: emulators (all), the app, other processes. */
  totals(): {
    wallS: number;
    emulatorS: number;
    perEmulatorS: number[];
    appS: number;
    otherS: number;
  } {
    const first = this.samples[0]!;
    const last = this.samples.at(-1)!;
    const perEmulatorS = [...this.pids.keys()].map(
      (p) => (last.emu.get(p) ?? 0) - (first.emu.get(p) ?? 0),
    );
    const emulatorS = perEmulatorS.reduce((a, b) => a + b, 0);
    const appS = last.app - first.app;
    return {
      wallS: (last.t - first.t) / 1000,
      emulatorS,
      perEmulatorS,
      appS,
      otherS: Math.max(0, last.machine - first.machine - emulatorS - appS),
    };
  }

  /** Each step of a board's record: its wall time and the CPU its simulator and the app used. */
  stepCosts(record: CommissionRecord): StepCost[] {
    const port = record.board.port;
    return record.steps
      .filter((st) => st.startedAt !== null && st.endedAt !== null)
      .map((st) => {
        const a = st.startedAt!;
        const b = st.endedAt!;
        return {
          step: st.step,
          startedAt: a,
          wallS: (b - a) / 1000,
          emuS: this.between(a, b, (s) => s.emu.get(port) ?? 0),
          appS: this.between(a, b, (s) => s.app),
        };
      });
  }

  /**
   * One line per board: each step's start (seconds from `t0`), duration, and the CPU its own
   * simulator and the app (shared by all boards) used meanwhile.
   */
  steps(record: CommissionRecord, t0: number): string {
    const parts = this.stepCosts(record).map(
      (c) =>
        `${c.step} +${f((c.startedAt - t0) / 1000)} ${f(c.wallS)} s [emu ${f(c.emuS)} app ${f(c.appS)} CPU-s]`,
    );
    return `  ${record.identity?.device ?? record.board.port}: ${parts.join(' · ')}`;
  }
}

export interface StepCost {
  step: string;
  startedAt: number;
  wallS: number;
  emuS: number;
  appS: number;
}

/**
 * The least time `n` boards started together can take, from one board's run alone: the boards go
 * through the steps side by side, so each step lasts at least as long as alone, and at least as
 * long as `n` boards' CPU for it (emulator + app) takes on `cores`; the time between steps as alone.
 * The UART-bound flash leaves the cores idle and the emulator's CPU-bound boot check follows it
 * on every board at once, so this is well above "all CPU ÷ cores".
 */
export function lockstepFloorS(
  oneS: number,
  steps: readonly StepCost[],
  n: number,
  cores: number,
): number {
  const inSteps = steps.reduce((t, c) => t + c.wallS, 0);
  const floor = steps.reduce((t, c) => t + Math.max(c.wallS, (n * (c.emuS + c.appS)) / cores), 0);
  return oneS - inSteps + floor;
}

const f = (x: number) => x.toFixed(1);
