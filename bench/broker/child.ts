/** A benchmark's child process (broker or devices) driven over IPC: calls with answers, events. */
import { fork, type ChildProcess } from 'node:child_process';

export class Child {
  private nextId = 1;
  private readonly waiting = new Map<number, (v: unknown) => void>();
  private readonly messages: Record<string, unknown>[] = [];
  private wake: (() => void) | null = null;

  constructor(readonly proc: ChildProcess) {
    proc.on('message', (m: Record<string, unknown>) => {
      if (typeof m.id === 'number' && this.waiting.has(m.id)) {
        const w = this.waiting.get(m.id)!;
        this.waiting.delete(m.id);
        if (m.error) throw new Error(String(m.error));
        w(m.result);
      } else {
        this.messages.push(m);
        this.wake?.();
      }
    });
  }

  call<T>(cmd: Record<string, unknown>): Promise<T> {
    const id = this.nextId++;
    this.proc.send({ ...cmd, id });
    return new Promise((resolve) => this.waiting.set(id, resolve as (v: unknown) => void));
  }

  async event(key: string, timeoutMs = 120_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.messages.findIndex((m) => key in m);
      if (i >= 0) return this.messages.splice(i, 1)[0]!;
      if (Date.now() > deadline) throw new Error(`no "${key}" from child within ${timeoutMs} ms`);
      await new Promise<void>((r) => {
        this.wake = r;
        setTimeout(r, 200);
      });
    }
  }

  /** Stops the child; `graceful` gives it a moment to exit by itself (so a profile gets written). */
  async kill(graceful = false): Promise<void> {
    if (graceful && this.proc.exitCode === null) {
      await Promise.race([new Promise((r) => this.proc.once('exit', r)), sleep(2000)]);
    }
    this.proc.kill('SIGKILL');
  }
}

/**
 * BENCH_NODE_FLAGS: space-separated Node/V8 flags for every bench child, to try a runtime setting
 * on all of them (e.g. `--max-semi-space-size=32`: docs/performance.md, "Young generation"). The
 * product sets none, so by default the children run with Node's and V8's defaults, as it ships.
 * (`--max-old-space-size=4096` is what V8 picks itself on a 64-bit machine with 16 GiB or more:
 * a heap limit of 4,144 MiB here either way; it keeps a smaller machine's load generators going.)
 */
const EXTRA_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);

export function spawnBenchChild(file: string, args: string[], gc = false): Child {
  const proc = fork(file, args, {
    execArgv: [
      '--import',
      'tsx',
      ...(gc ? ['--expose-gc'] : []),
      '--max-old-space-size=4096',
      ...EXTRA_FLAGS,
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Child(proc);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The child's side: answers each IPC command with its result (or error), then says it is ready. */
export function serveBenchCommands<C>(
  handle: (c: C) => Promise<unknown>,
  ready: Record<string, unknown>,
): void {
  process.on('message', (m: C & { id: number }) => {
    handle(m).then(
      (result) => process.send!({ id: m.id, result }),
      (e: unknown) => process.send!({ id: m.id, error: String(e) }),
    );
  });
  process.send!({ ready: true, ...ready });
}
