/**
 * One commissioning run: a plan applied to one or several boards at once, each its own row of
 * steps (identify → flash → provision → join → check → record), with progress, cancel (the run or
 * one board), prompts for the technician that queue up across boards, and a record per board that
 * is stored as each step completes. One board failing never stops the others.
 * The pieces live in run/: a board's row (BoardRun), the prompts (PromptQueue), the identity
 * (IdentityAllocator, IdentityTransaction), the write steps and the device steps.
 */
import { randomUUID } from 'node:crypto';
import type {
  CommissionPlan,
  CommissionRecord,
  CommissionRunInfo,
} from '../contract/commissionSchemas';
import type { PromptAnswer } from './checks/CheckDevice';
import { CommissionError, failureText } from './CommissionError';
import type { LoadedFirmware } from './firmware';
import type { RunDeps } from './RunDeps';
import { BoardRun } from './run/BoardRun';
import { checkStep, joinStep } from './run/deviceSteps';
import { IdentityAllocator } from './run/IdentityAllocator';
import { newRecord, recheckRecord, type RecordContext } from './run/newRecord';
import { PromptQueue } from './run/PromptQueue';
import { writeBoard } from './run/writeSteps';
import type { BoardPort, SerialTail } from './steps/adapters';
import { Emitter } from '../util/Emitter';

export interface RunOptions {
  id?: string;
  plan: CommissionPlan;
  planId: string | null;
  planSha256: string;
  site: string;
  technician: string;
  ports: readonly BoardPort[];
  firmware: LoadedFirmware;
  /** Only the check step, for devices commissioned before (re-run of a site's checks). */
  recheck?: readonly { user: string; device: string; record: CommissionRecord }[];
}

export class CommissionRun {
  readonly id: string;
  readonly startedAt: number;
  endedAt: number | null = null;
  readonly boards: BoardRun[];
  readonly done: Promise<CommissionRecord[]>;
  private readonly prompts: PromptQueue;
  private readonly events = new Emitter<{ change: CommissionRun }>();
  private readonly identities: IdentityAllocator;

  constructor(
    private readonly deps: RunDeps,
    private readonly options: RunOptions,
  ) {
    this.id = options.id ?? `run-${randomUUID().slice(0, 8)}`;
    this.startedAt = deps.now();
    this.prompts = new PromptQueue(deps.now, () => this.changed());
    this.identities = new IdentityAllocator(options.plan.identity, deps.registry, (user) =>
      deps.store.usedDeviceIds(user),
    );
    const address = deps.broker.address(options.plan);
    const context: RecordContext = {
      runId: this.id,
      site: options.site,
      plan: options.plan,
      planId: options.planId,
      planSha256: options.planSha256,
      firmware: options.firmware,
      technician: options.technician,
      appVersion: deps.appVersion,
      brokerAddress: `${address.host}:${address.port}`,
      tlsFingerprint: deps.broker.fingerprint,
      startedAt: this.startedAt,
    };
    const boardDeps = {
      store: deps.store,
      now: deps.now,
      changed: () => this.changed(),
      ...(deps.log ? { log: deps.log } : {}),
    };
    this.boards = options.recheck
      ? options.recheck.map(
          (d) => new BoardRun({ path: d.record.board.port }, recheckRecord(context, d), boardDeps),
        )
      : options.ports.map((p) => new BoardRun(p, newRecord(context, p), boardDeps));
    this.done = Promise.all(this.boards.map((b) => this.runBoard(b))).then((records) => {
      this.endedAt = this.deps.now();
      this.prompts.drop(undefined, 'run ended');
      this.changed();
      return records;
    });
  }

  get plan(): CommissionPlan {
    return this.options.plan;
  }

  info(): CommissionRunInfo {
    return {
      id: this.id,
      planName: this.options.plan.name,
      site: this.options.site,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      checksOnly: this.options.recheck !== undefined,
      boards: this.boards.map((b) => b.info()),
      prompts: this.prompts.list(),
    };
  }

  onChange(listener: (run: CommissionRun) => void): () => void {
    return this.events.on('change', listener);
  }

  /** Cancels every board, or the one on `port`; returns how many were still running. */
  cancel(port?: string): number {
    let n = 0;
    for (const b of this.boards)
      if ((port === undefined || b.port.path === port) && b.status === 'running') {
        b.abort.abort();
        n++;
      }
    this.prompts.drop(port, 'cancelled');
    this.changed();
    return n;
  }

  /** The technician's answer to a prompt; false when no such prompt is waiting. */
  answer(promptId: string, answer: PromptAnswer): boolean {
    return this.prompts.answer(promptId, answer);
  }

  private changed(): void {
    this.events.emit('change', this);
  }

  private ask(b: BoardRun) {
    return (kind: 'manual' | 'confirm', text: string) =>
      this.prompts.ask(
        { port: b.port.path, device: b.record.identity?.device ?? null, signal: b.signal },
        kind,
        text,
      );
  }

  private async runBoard(b: BoardRun): Promise<CommissionRecord> {
    const { plan } = this.options;
    let tail: SerialTail | null = null;
    try {
      if (this.options.recheck) {
        await checkStep(b, this.deps, plan, this.ask(b));
        b.finish(null);
        return b.record;
      }
      const adapter = this.deps.adapters(plan.target);
      const facts = await b.step('identify', async (ctx) => {
        const f = await adapter.identifier.identify(b.port, plan, ctx);
        const identity = this.identities.choose(f);
        b.save({ board: f, identity });
        return {
          value: f,
          detail: `${f.chip ?? f.board ?? 'board'}${f.mac ? ` ${f.mac}` : ''} → ${identity.user}/${identity.device}`,
        };
      });
      const network = adapter.hasNetwork(facts, plan);
      const where = this.deps.broker.address(plan);
      // The join is watched when the device dials this laptop: the console is opened then, and
      // its reset boots the new firmware, so the writes leave the board for it.
      const watch = network && where.local;
      const written = await writeBoard({
        board: b,
        adapter,
        facts,
        plan,
        firmware: this.options.firmware,
        registry: this.deps.registry,
        dial: where,
        after: watch && adapter.tail ? 'stay' : 'boot',
        now: this.deps.now,
      });

      if (!network) {
        b.skip(
          'join',
          `the board has no network (${facts.board ?? facts.chip ?? 'this board'}): nothing to join`,
        );
        b.skip('check', 'the device is not on the broker: device checks need a network');
      } else if (!where.local) {
        b.skip(
          'join',
          `devices dial ${where.host}:${where.port}, not this laptop: the join cannot be seen here`,
        );
        b.skip('check', 'the device joins another broker');
      } else {
        // Opening the port resets most boards (DTR/RTS, or the open itself): the tail is opened
        // first, and only a connection made after it counts, so the device is not caught in the
        // boot its own console causes.
        if (adapter.tail) {
          try {
            tail = await adapter.tail(b.port);
          } catch (e) {
            // The console's reset is what boots the new firmware: without it nothing will join.
            if (written.inLoader)
              await b.step('join', () =>
                Promise.reject(
                  new CommissionError(
                    'PORT',
                    `${b.port.path} could not be opened to reset the board into its firmware and watch it join: ${failureText(e)}`,
                  ),
                ),
              );
          }
        }
        await joinStep(b, this.deps, plan, tail ? this.deps.now() : written.at, tail);
        await checkStep(b, this.deps, plan, this.ask(b));
      }
      b.finish(null);
    } catch (e) {
      b.finish(e);
    } finally {
      await tail?.stop().catch(() => {});
    }
    return b.record;
  }
}
