/**
 * One commissioning run: a plan applied to one or several boards at once, each its own row of
 * steps (identify → flash → provision → join → check → record), with progress, cancel (the run or
 * one board), prompts for the technician that queue up across boards, and a record per board that
 * is stored as each step completes. One board failing never stops the others.
 */
import { randomUUID } from 'node:crypto';
import {
  COMMISSION_STEPS,
  type BoardFacts,
  type BoardRunInfo,
  type CheckResult,
  type CommissionPlan,
  type CommissionPrompt,
  type CommissionRecord,
  type CommissionRunInfo,
  type CommissionStep,
  type StepState,
} from '../contract/commissionSchemas';
import type { PromptAnswer } from './checks/CheckDevice';
import { runChecks } from './checks/runChecks';
import { CommissionError, failureText } from './CommissionError';
import { NOTHING_REGISTERED } from './CommissionStore';
import { firmwareRecord, type LoadedFirmware } from './firmware';
import { expandIdentity, numbersBoards } from './identity';
import { waitForJoin } from './join/waitForJoin';
import type { RunDeps } from './RunDeps';
import {
  ProvisionFailure,
  type BoardPort,
  type SerialTail,
  type StepContext,
} from './steps/adapters';

/** Bounded list of prompts waiting per run: one per board at a time, a station of 32 at most. */
export const MAX_PENDING_PROMPTS = 64;

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

interface PendingPrompt {
  prompt: CommissionPrompt;
  resolve: (a: PromptAnswer) => void;
}

const pendingSteps = (): StepState[] =>
  COMMISSION_STEPS.map((step) => ({
    step,
    status: 'pending',
    detail: '',
    percent: null,
    startedAt: null,
    endedAt: null,
  }));

class BoardRun {
  readonly abort = new AbortController();
  record: CommissionRecord;
  status: BoardRunInfo['status'] = 'running';
  credentialCreated = false;

  constructor(
    readonly port: BoardPort,
    record: CommissionRecord,
  ) {
    this.record = record;
  }

  info(): BoardRunInfo {
    return {
      port: this.port.path,
      recordId: this.record.id,
      device: this.record.identity?.device ?? null,
      status: this.status,
      steps: this.record.steps,
      checks: this.record.checks,
      error: this.record.error,
    };
  }
}

export class CommissionRun {
  readonly id: string;
  readonly startedAt: number;
  endedAt: number | null = null;
  readonly boards: BoardRun[];
  readonly done: Promise<CommissionRecord[]>;
  private readonly prompts = new Map<string, PendingPrompt>();
  private readonly listeners = new Set<(run: CommissionRun) => void>();
  private readonly allocated = new Set<string>();
  private nextN: number;

  constructor(
    private readonly deps: RunDeps,
    private readonly options: RunOptions,
  ) {
    this.id = options.id ?? `run-${randomUUID().slice(0, 8)}`;
    this.startedAt = deps.now();
    this.nextN = options.plan.identity.start;
    const address = deps.broker.address(options.plan);
    const base = (port: BoardPort): CommissionRecord => ({
      format: 'iotmp-commission-record',
      id: randomUUID(),
      runId: this.id,
      site: options.site,
      plan: { id: options.planId, name: options.plan.name, sha256: options.planSha256 },
      status: 'running',
      stoppedAt: null,
      error: null,
      board: {
        port: port.path,
        vendorId: port.vendorId ?? null,
        productId: port.productId ?? null,
        usbSerial: port.serialNumber ?? null,
        chip: null,
        mac: null,
        signature: null,
        board: null,
      },
      firmware: firmwareRecord(options.firmware, null),
      identity: null,
      registryState: NOTHING_REGISTERED,
      provisioning: { method: options.plan.provisioning, readBack: null },
      join: null,
      checks: [],
      steps: pendingSteps(),
      technician: options.technician,
      appVersion: deps.appVersion,
      broker: {
        address: `${address.host}:${address.port}`,
        tlsFingerprint: deps.broker.fingerprint,
      },
      startedAt: this.startedAt,
      endedAt: null,
    });
    this.boards = options.recheck
      ? options.recheck.map((d) => {
          const rec = base({ path: d.record.board.port });
          return new BoardRun(
            { path: d.record.board.port },
            {
              ...rec,
              board: d.record.board,
              firmware: d.record.firmware,
              identity: { user: d.user, device: d.device },
              registryState: `${d.user}/${d.device} registered (checks re-run; nothing written to the board)`,
              provisioning: d.record.provisioning,
              steps: rec.steps.map((s) =>
                s.step === 'check' || s.step === 'record'
                  ? s
                  : { ...s, status: 'skipped', detail: 'checks only' },
              ),
            },
          );
        })
      : options.ports.map((p) => new BoardRun(p, base(p)));
    for (const b of this.boards) this.deps.store.putRecord(b.record);
    this.done = Promise.all(this.boards.map((b) => this.runBoard(b))).then((records) => {
      this.endedAt = this.deps.now();
      for (const p of this.prompts.values())
        p.resolve({ kind: 'manual', verdict: 'skip', note: 'run ended' });
      this.prompts.clear();
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
      prompts: [...this.prompts.values()].map((p) => p.prompt),
    };
  }

  onChange(listener: (run: CommissionRun) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Cancels every board, or the one on `port`; returns how many were still running. */
  cancel(port?: string): number {
    let n = 0;
    for (const b of this.boards)
      if ((port === undefined || b.port.path === port) && b.status === 'running') {
        b.abort.abort();
        n++;
      }
    for (const [id, p] of this.prompts)
      if (port === undefined || p.prompt.port === port) {
        this.prompts.delete(id);
        p.resolve({ kind: 'manual', verdict: 'skip', note: 'cancelled' });
      }
    this.changed();
    return n;
  }

  /** The technician's answer to a prompt; false when no such prompt is waiting. */
  answer(promptId: string, answer: PromptAnswer): boolean {
    const p = this.prompts.get(promptId);
    if (!p || p.prompt.kind !== answer.kind) return false;
    this.prompts.delete(promptId);
    p.resolve(answer);
    this.changed();
    return true;
  }

  private changed(): void {
    for (const l of this.listeners) l(this);
  }

  private ask(board: BoardRun, kind: 'manual' | 'confirm', text: string): Promise<PromptAnswer> {
    if (this.prompts.size >= MAX_PENDING_PROMPTS)
      return Promise.resolve({ kind: 'manual', verdict: 'skip', note: 'too many prompts waiting' });
    return new Promise((resolve) => {
      const id = `prompt-${randomUUID().slice(0, 8)}`;
      const prompt: CommissionPrompt = {
        id,
        port: board.port.path,
        device: board.record.identity?.device ?? null,
        kind,
        text,
        since: this.deps.now(),
      };
      this.prompts.set(id, { prompt, resolve });
      const onAbort = () => {
        if (this.prompts.delete(id))
          resolve(
            kind === 'confirm'
              ? { kind, confirmed: false, note: 'cancelled' }
              : { kind, verdict: 'skip', note: 'cancelled' },
          );
      };
      board.abort.signal.addEventListener('abort', onAbort, { once: true });
      this.changed();
    });
  }

  // One board -------------------------------------------------------------------------------------

  private save(b: BoardRun, patch: Partial<CommissionRecord> = {}): void {
    b.record = { ...b.record, ...patch };
    this.deps.store.putRecord(b.record);
    this.changed();
  }

  private setStep(
    b: BoardRun,
    step: CommissionStep,
    patch: Partial<StepState>,
    persist = true,
  ): void {
    const steps = b.record.steps.map((s) => (s.step === step ? { ...s, ...patch } : s));
    if (persist) this.save(b, { steps });
    else {
      b.record = { ...b.record, steps };
      this.changed();
    }
  }

  private context(b: BoardRun, step: CommissionStep): StepContext {
    return {
      signal: b.abort.signal,
      progress: (percent, detail) => this.setStep(b, step, { percent, detail }, false),
      log: (line) => this.deps.log?.(`${b.port.path}: ${line}`),
    };
  }

  private async step<T>(
    b: BoardRun,
    step: CommissionStep,
    body: (ctx: StepContext) => Promise<{ value: T; detail: string; skipped?: boolean }>,
  ): Promise<T> {
    if (b.abort.signal.aborted) throw new CommissionError('CANCELLED', `cancelled before ${step}`);
    this.setStep(b, step, { status: 'running', startedAt: this.deps.now(), detail: '' });
    try {
      const r = await body(this.context(b, step));
      if (b.abort.signal.aborted)
        throw new CommissionError('CANCELLED', `cancelled during ${step}`);
      this.setStep(b, step, {
        status: r.skipped ? 'skipped' : 'passed',
        detail: r.detail,
        percent: r.skipped ? null : 100,
        endedAt: this.deps.now(),
      });
      return r.value;
    } catch (e) {
      const cancelled = b.abort.signal.aborted;
      this.setStep(b, step, {
        status: cancelled ? 'cancelled' : 'failed',
        detail: cancelled ? 'cancelled by the technician' : failureText(e),
        endedAt: this.deps.now(),
      });
      throw e;
    }
  }

  private skip(b: BoardRun, step: CommissionStep, detail: string): void {
    this.setStep(b, step, { status: 'skipped', detail, endedAt: this.deps.now() });
  }

  private async runBoard(b: BoardRun): Promise<CommissionRecord> {
    const { plan } = this.options;
    let tail: SerialTail | null = null;
    try {
      const adapter = this.deps.adapters(plan.target);
      if (!this.options.recheck) {
        const facts = await this.step(b, 'identify', async (ctx) => {
          const f = await adapter.identifier.identify(b.port, plan, ctx);
          const identity = this.chooseIdentity(f);
          this.save(b, { board: f, identity });
          return {
            value: f,
            detail: `${f.chip ?? f.board ?? 'board'}${f.mac ? ` ${f.mac}` : ''} → ${identity.user}/${identity.device}`,
          };
        });

        if (this.options.firmware.images.length === 0)
          this.skip(b, 'flash', 'no firmware in the plan: the board keeps its own');
        else
          await this.step(b, 'flash', async (ctx) => {
            const out = await adapter.flasher.write(
              b.port,
              facts,
              this.options.firmware,
              plan,
              ctx,
            );
            this.save(b, {
              board: { ...b.record.board, ...out.facts } as BoardFacts,
              firmware: firmwareRecord(this.options.firmware, out.verified),
            });
            if (!out.verified)
              throw new CommissionError('FLASH', `${out.detail}: the firmware was not verified`);
            return { value: null, detail: out.detail };
          });

        const provisionedAt = await this.provision(b, adapter, facts);

        if (!adapter.hasNetwork(facts, plan)) {
          this.skip(
            b,
            'join',
            `the board has no network (${facts.board ?? facts.chip ?? 'this board'}): nothing to join`,
          );
          this.skip(b, 'check', 'the device is not on the broker: device checks need a network');
        } else {
          const where = this.deps.broker.address(plan);
          if (!where.local) {
            this.skip(
              b,
              'join',
              `devices dial ${where.host}:${where.port}, not this laptop: the join cannot be seen here`,
            );
            this.skip(b, 'check', 'the device joins another broker');
          } else {
            // Opening the port resets most boards (DTR/RTS, or the open itself): the tail is
            // opened first, and only a connection made after it counts, so the device is not
            // caught in the boot its own console causes.
            tail = adapter.tail ? await adapter.tail(b.port).catch(() => null) : null;
            await this.join(b, tail ? this.deps.now() : provisionedAt, tail);
            await this.check(b);
          }
        }
      } else {
        await this.check(b);
      }
      await this.finish(b, null);
    } catch (e) {
      await this.finish(b, e);
    } finally {
      await tail?.stop().catch(() => {});
    }
    return b.record;
  }

  /** The device id for a board, by the plan's pattern; a duplicate is refused or reused. */
  private chooseIdentity(f: BoardFacts): { user: string; device: string } {
    const { identity } = this.options.plan;
    const user = identity.user;
    const used = this.deps.store.usedDeviceIds(user);
    const taken = (d: string) => this.allocated.has(d) || this.deps.registry.exists(user, d);
    let device: string;
    if (numbersBoards(identity.pattern)) {
      for (;;) {
        device = expandIdentity(identity.pattern, {
          n: this.nextN++,
          mac: f.mac,
          usbSerial: f.usbSerial,
        });
        if (!taken(device) && !used.has(device)) break;
      }
    } else {
      device = expandIdentity(identity.pattern, { mac: f.mac, usbSerial: f.usbSerial });
      if (this.allocated.has(device))
        throw new CommissionError(
          'DUPLICATE',
          `another board of this run is ${user}/${device} already`,
        );
      if (this.deps.registry.exists(user, device) && identity.onExisting === 'refuse')
        throw new CommissionError(
          'DUPLICATE',
          `${user}/${device} exists already: remove it, or set the plan to reuse existing identities`,
        );
    }
    this.allocated.add(device);
    return { user, device };
  }

  private async provision(
    b: BoardRun,
    adapter: ReturnType<RunDeps['adapters']>,
    facts: BoardFacts,
  ): Promise<number> {
    const { plan } = this.options;
    const id = b.record.identity!;
    const key = `${id.user}/${id.device}`;
    if (plan.provisioning === 'none') {
      this.skip(b, 'provision', 'the plan writes no identity: the firmware carries its own');
      this.save(b, {
        registryState: `${key} not registered by this run: the plan writes no identity`,
      });
      return this.deps.now();
    }
    await this.step(b, 'provision', async (ctx) => {
      const provisioner = adapter.provisioners[plan.provisioning];
      if (!provisioner)
        throw new CommissionError(
          'UNSUPPORTED',
          `${plan.provisioning} provisioning is not available for ${plan.target.kind === 'esp' ? plan.target.chip : plan.target.board} boards`,
        );
      const existed = this.deps.registry.exists(id.user, id.device);
      const where = this.deps.broker.address(plan);
      // A new device is registered first, so the board is accepted as soon as it boots; an
      // existing one gets its new credential only once the board holds it (the old one keeps
      // working until then).
      const credential = existed
        ? this.deps.registry.newCredential()
        : await this.deps.registry.add(id.user, id.device, plan.name);
      if (!existed) {
        b.credentialCreated = true;
        this.save(b, {
          registryState: `${key} registered with a new credential, not yet written to the board`,
        });
      }
      try {
        const out = await provisioner.provision(
          b.port,
          facts,
          {
            user: id.user,
            device: id.device,
            credential,
            host: where.host,
            port: where.port,
            wifi: plan.wifi,
          },
          ctx,
          this.options.firmware,
        );
        if (existed) await this.deps.registry.setCredential(id.user, id.device, credential);
        this.save(b, {
          provisioning: { method: plan.provisioning, readBack: out.readBack },
          registryState: `${key} registered; the board holds its credential${out.readBack ? ' (read back)' : ''}`,
        });
        return { value: null, detail: out.detail };
      } catch (e) {
        const written = e instanceof ProvisionFailure ? e.written : false;
        if (!existed && !written) {
          this.deps.registry.remove(id.user, id.device);
          b.credentialCreated = false;
          this.save(b, {
            registryState: `${key} removed again: the board holds no credential from this run`,
          });
        } else if (!existed) {
          this.save(b, {
            registryState: `${key} stays registered: the board may hold its new credential (provisioning failed after writing); provision it again`,
          });
        } else {
          this.save(b, {
            registryState: written
              ? `${key} keeps its old credential in the registry; the board may hold a new one (provisioning failed after writing): provision it again`
              : `${key} unchanged: it keeps its old credential`,
          });
        }
        throw e;
      }
    });
    return this.deps.now();
  }

  private async join(b: BoardRun, since: number, tail: SerialTail | null): Promise<void> {
    const { plan } = this.options;
    const id = b.record.identity!;
    const where = this.deps.broker.address(plan);
    await this.step(b, 'join', async () => {
      const listening = await this.deps.broker.listening(where.host, where.port);
      if (!listening)
        throw new CommissionError(
          'BROKER',
          `the broker is not listening on ${where.host}:${where.port}, the address the plan gives devices: start its TCP listener on that port or change the plan`,
        );
      const record = await waitForJoin({
        source: this.deps.join,
        user: id.user,
        device: id.device,
        since,
        timeoutMs: plan.joinTimeoutS * 1000,
        address: `${where.host}:${where.port}`,
        ...(tail ? { serialLines: () => tail.lines() } : {}),
        signal: b.abort.signal,
      });
      this.save(b, { join: record });
      if (record.at === null) {
        const last = record.serialTail.slice(-3);
        throw new CommissionError(
          'JOIN',
          `${record.diagnosis}${last.length ? `; last serial lines: ${last.join(' | ')}` : ''}`,
        );
      }
      return {
        value: null,
        detail: `joined over ${record.transport} from ${record.remoteAddress} after ${((record.durationMs ?? 0) / 1000).toFixed(1)} s`,
      };
    });
  }

  private async check(b: BoardRun): Promise<void> {
    const id = b.record.identity!;
    const spec = this.options.plan.checks;
    await this.step(b, 'check', async () => {
      const checks: CheckResult[] = [];
      await runChecks(this.deps.checkDevice(id.user, id.device), spec, {
        ask: (kind, text) => this.ask(b, kind, text),
        onResult: (r) => {
          checks.push(r);
          this.save(b, { checks: [...checks] });
        },
        signal: b.abort.signal,
      });
      const failed = checks.filter((c) => c.status === 'fail');
      const skipped = checks.filter((c) => c.status === 'skipped').length;
      if (failed.length)
        throw new CommissionError(
          'PLAN',
          `${failed.length} of ${checks.length} checks failed: ${failed
            .slice(0, 3)
            .map((c) => c.note ?? c.label)
            .join('; ')}`,
        );
      return {
        value: null,
        detail: `${checks.length - skipped} checks passed${skipped ? `, ${skipped} skipped` : ''}`,
      };
    });
  }

  /** The record step: the final status, stated once, with what the registry and board hold. */
  private async finish(b: BoardRun, error: unknown): Promise<void> {
    const cancelled = b.abort.signal.aborted;
    const failedStep = b.record.steps.find(
      (s) => s.status === 'failed' || s.status === 'cancelled' || s.status === 'running',
    );
    const status = error === null ? 'pass' : cancelled ? 'cancelled' : 'fail';
    this.setStep(b, 'record', { status: 'running', startedAt: this.deps.now() });
    const steps = b.record.steps.map((s) =>
      s.step === 'record'
        ? {
            ...s,
            status: 'passed' as const,
            detail: `record ${b.record.id.slice(0, 8)} stored`,
            endedAt: this.deps.now(),
          }
        : s.status === 'pending'
          ? {
              ...s,
              status: 'skipped' as const,
              detail: `not reached (${failedStep?.step ?? 'stopped'} ${status === 'cancelled' ? 'cancelled' : 'failed'})`,
            }
          : s,
    );
    b.status = status;
    this.save(b, {
      status,
      stoppedAt: error === null ? null : (failedStep?.step ?? null),
      error: error === null ? null : failureText(error),
      steps,
      endedAt: this.deps.now(),
    });
    await Promise.resolve();
  }
}
