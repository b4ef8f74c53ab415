/**
 * Commissioning for the app: saved plans, runs (a board or a whole station at once), records per
 * site, certificates, re-checks and site export/import. Built by the composition root over the
 * broker (registry, store, describe/run) and the serial side (ports, leases, flasher); the API
 * handlers, the CLI and the tests use it.
 */
import type {
  CommissionPlan,
  CommissionPlanInput,
  SavedPlan,
  SiteDevice,
} from '../contract/commissionSchemas';
import { deviceKey } from '../contract/deviceKey';
import { bindRunDeps, firstLanAddress, type CommissionServiceConfig } from './bindRunDeps';
import { CommissionRun } from './CommissionRun';
import { CommissionStore } from './CommissionStore';
import { loadPlanFirmware } from './firmware';
import { recheckOptions } from './recheckOptions';
import { checkPorts, checkSite, parsePlan, planSha256 } from './planInput';
import type { RunDeps } from './RunDeps';
import type { BoardPort } from './steps/adapters';
import type { CommissionServices } from './CommissionServices';
import {
  connectedBoard,
  reprovisionBoard,
  type ReprovisionDeps,
  type Reprovisioned,
  type ReprovisionRequest,
} from './reprovision';
import { exportSite, importSite, type ImportResult, type SiteExport } from './siteTransfer';
import { Emitter } from '../util/Emitter';

/** Runs kept for the station view after they end (newest first): a day's work on a bench. */
const MAX_FINISHED_RUNS = 20;

export class CommissionService implements CommissionServices {
  readonly store: CommissionStore;
  private readonly runs = new Map<string, CommissionRun>();
  private readonly events = new Emitter<{ run: CommissionRun }>();
  private readonly deps: RunDeps;

  constructor(private readonly config: CommissionServiceConfig) {
    this.store = new CommissionStore(config.broker.db);
    const interrupted = this.store.markInterrupted();
    if (interrupted)
      config.log?.(
        `${interrupted} commissioning record(s) marked interrupted (the app stopped during a run)`,
      );
    this.deps = bindRunDeps(config, this.store);
  }

  /** Where devices of `plan` dial (its `auto` resolved), for the plan editor and the CLI. */
  brokerAddress(plan: CommissionPlan): { host: string; port: number; local: boolean } {
    return this.deps.broker.address(plan);
  }

  // Plans -----------------------------------------------------------------------------------------

  plans(): SavedPlan[] {
    return this.store.plans();
  }

  savePlan(plan: unknown, id?: string): SavedPlan {
    return this.store.savePlan(parsePlan(plan), id);
  }

  deletePlan(id: string): boolean {
    return this.store.deletePlan(id);
  }

  // Runs ------------------------------------------------------------------------------------------

  /**
   * Starts a run over `ports` (answers once every board has a record); the firmware is read
   * first, so a missing or changed file fails before any board is touched.
   */
  async start(request: {
    /** Parsed here: defaults filled in, a bad plan refused by field. */
    plan: CommissionPlanInput;
    planId?: string | null;
    ports: readonly BoardPort[];
    site: string;
    technician: string;
  }): Promise<CommissionRun> {
    checkPorts(request.ports, this.runs.values());
    checkSite(request.site);
    const plan = parsePlan(request.plan);
    this.deps.adapters(plan.target);
    const firmware = await loadPlanFirmware(plan);
    // Every record names a saved plan, so its checks can be re-run later: a plan given inline
    // (the CLI, an API script) is saved once, found again by its content.
    const sha = planSha256(plan);
    const planId =
      request.planId ??
      this.store.plans().find((p) => planSha256(p.plan) === sha)?.id ??
      this.store.savePlan(plan).id;
    const run = new CommissionRun(this.deps, {
      plan,
      planId,
      planSha256: sha,
      site: request.site,
      technician: request.technician,
      ports: request.ports,
      firmware,
    });
    this.track(run);
    return run;
  }

  /** Re-runs the checks of commissioned devices of a site (one, or all). */
  recheck(site: string, device?: { user: string; device: string }): CommissionRun {
    const run = new CommissionRun(this.deps, recheckOptions(this.store, site, device));
    this.track(run);
    return run;
  }

  /**
   * Writes a commissioned device's board, connected over USB now, with a new identity (a
   * hand-over's new server and credential): the plan's own provisioning method (reprovision.ts).
   */
  reprovision(request: ReprovisionRequest): Promise<Reprovisioned> {
    return reprovisionBoard(this.reprovisionDeps(), request);
  }

  /** The port a commissioned device's board is connected on now, or null. */
  boardConnected(user: string, device: string): BoardPort | null {
    return connectedBoard(this.reprovisionDeps(), user, device);
  }

  private reprovisionDeps(): ReprovisionDeps {
    return {
      adapters: this.deps.adapters,
      store: this.store,
      ports: () => this.config.serial.watcher.ports(),
    };
  }

  run(id: string): CommissionRun | undefined {
    return this.runs.get(id);
  }

  allRuns(): CommissionRun[] {
    return [...this.runs.values()].sort((a, b) => b.startedAt - a.startedAt);
  }

  onRun(listener: (run: CommissionRun) => void): () => void {
    return this.events.on('run', listener);
  }

  private track(run: CommissionRun): void {
    this.runs.set(run.id, run);
    const emit = () => this.events.emit('run', run);
    run.onChange(emit);
    emit();
    void run.done.then(() => {
      const finished = this.allRuns().filter((r) => r.endedAt !== null);
      for (const old of finished.slice(MAX_FINISHED_RUNS)) this.runs.delete(old.id);
    });
  }

  // Sites ------------------------------------------------------------------------------------------

  defaults(): { lanAddress: string | null; tcpPort: number | null; tlsFingerprint: string } {
    const { broker } = this.config;
    return {
      lanAddress: (this.config.lanAddress ?? firstLanAddress)(),
      tcpPort: broker.port('tcp') ?? null,
      tlsFingerprint: broker.tls.fingerprint,
    };
  }

  siteDevices(site: string): SiteDevice[] {
    const { registry } = this.config.broker.broker;
    return this.store.latestPerDevice(site).map((record) => {
      const { user, device } = record.identity;
      const st = registry.get(deviceKey(user, device));
      return { user, device, online: st?.online ?? false, lastSeen: st?.lastSeen ?? null, record };
    });
  }

  exportSite(site: string): SiteExport {
    return exportSite(this.config.broker.db, this.store, site);
  }

  importSite(text: string): ImportResult {
    const { broker } = this.config;
    const result = importSite(broker.db, this.store, text);
    for (const d of broker.devices.list())
      broker.broker.registry.known(deviceKey(d.user, d.device));
    return result;
  }

  /** Cancels every run still going and waits for their records (app shutdown). */
  async stop(): Promise<void> {
    const going = this.allRuns().filter((r) => r.endedAt === null);
    for (const r of going) r.cancel();
    await Promise.all(going.map((r) => r.done));
    this.events.clear();
  }
}
