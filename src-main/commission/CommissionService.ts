/**
 * Commissioning for the app: saved plans, runs (a board or a whole station at once), records per
 * site, certificates, re-checks and site export/import. Built by the composition root over the
 * broker (registry, store, describe/run) and the serial side (ports, leases, flasher); the API
 * handlers, the CLI and the tests use it.
 */
import { createHash } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import {
  CommissionPlan,
  type CommissionPlanInput,
  type PlanTarget,
  type SavedPlan,
  type SiteDevice,
} from '../contract/commissionSchemas';
import { first } from '../contract/present';
import { deviceKey } from '../contract/deviceKey';
import type { BrokerService } from '../services/BrokerService';
import type { SerialService } from '../services/SerialService';
import { generateCredential } from '../store/credentials';
import { brokerCheckDevice } from './checks/brokerDevice';
import { CommissionError } from './CommissionError';
import { CommissionRun } from './CommissionRun';
import { CommissionStore, type IdentifiedRecord } from './CommissionStore';
import { loadPlanFirmware } from './firmware';
import { avrAdapter } from './adapters/avrAdapter';
import { espAdapter, type EspTool } from './adapters/espAdapter';
import { espFlasherTool } from './adapters/espFlasherTool';
import type { BrokerFacts, IdentityRegistry, RunDeps } from './RunDeps';
import type { BoardPort, Provisioner, TargetAdapter } from './steps/adapters';
import type { CommissionServices } from './CommissionServices';
import {
  connectedBoard,
  reprovisionBoard,
  type ReprovisionDeps,
  type Reprovisioned,
  type ReprovisionRequest,
} from './reprovision';
import { exportSite, importSite, type ImportResult, type SiteExport } from './siteTransfer';
import { MAX_COMMISSION_BOARDS } from '../contract/commissionSchemas';
import pkg from '../../package.json' with { type: 'json' };
import { Emitter } from '../util/Emitter';

/** Runs kept for the station view after they end (newest first): a day's work on a bench. */
const MAX_FINISHED_RUNS = 20;

/** Site names as the technician types them ("Roof A, building 3"); no control characters. */
// eslint-disable-next-line no-control-regex -- the point is to refuse control characters
const SITE = /^[^\0-\x1f]{1,128}$/;

export interface CommissionServiceConfig {
  broker: BrokerService;
  serial: SerialService;
  /** Adapters per target kind beyond the built-in AVR one (ESP, or test doubles at the USB edge). */
  adapters?: Partial<Record<PlanTarget['kind'], TargetAdapter>>;
  /** Serial provisioning for AVR boards (provision/). */
  avrProvisioner?: Provisioner;
  /** Replaces the ESP ROM-loader flasher (SerialService.esp) at the USB edge. */
  espTool?: EspTool;
  appVersion?: string;
  /** The laptop's LAN address for `auto` (default: the first non-loopback IPv4). */
  lanAddress?: () => string | null;
  log?: (line: string) => void;
}

function firstLanAddress(): string | null {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return null;
}

function localAddresses(): Set<string> {
  const out = new Set(['localhost', '127.0.0.1', '::1']);
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) out.add(a.address);
  return out;
}

const planSha256 = (plan: CommissionPlan): string =>
  createHash('sha256').update(JSON.stringify(plan)).digest('hex');

export class CommissionService implements CommissionServices {
  readonly store: CommissionStore;
  private readonly runs = new Map<string, CommissionRun>();
  private readonly events = new Emitter<{ run: CommissionRun }>();
  private readonly deps: RunDeps;

  constructor(private readonly config: CommissionServiceConfig) {
    const { broker, serial } = config;
    this.store = new CommissionStore(broker.db);
    const interrupted = this.store.markInterrupted();
    if (interrupted)
      config.log?.(
        `${interrupted} commissioning record(s) marked interrupted (the app stopped during a run)`,
      );
    const avr = avrAdapter({
      flasher: serial.flasher,
      leases: serial.leases,
      open: serial.open,
      ...(config.avrProvisioner ? { serialProvisioner: config.avrProvisioner } : {}),
    });
    const adapters: Partial<Record<PlanTarget['kind'], TargetAdapter>> = {
      avr,
      esp: espAdapter({
        // The app's one ESP flasher (SerialService.esp): its leases keep one owner per port.
        tool: config.espTool ?? espFlasherTool(serial.esp),
        leases: serial.leases,
        open: serial.open,
      }),
      ...config.adapters,
    };
    const lan = config.lanAddress ?? firstLanAddress;
    const registry: IdentityRegistry = {
      exists: (user, device) => broker.devices.get(user, device) !== undefined,
      add: async (user, device, name, credential) => {
        await broker.devices.add(user, device, { name, credential });
        broker.broker.registry.known(deviceKey(user, device), user, device);
      },
      newCredential: () => generateCredential(),
      setCredential: async (user, device, credential) => {
        await broker.devices.resetCredential(user, device, credential);
        broker.broker.session(user, device)?.close('credential reset by commissioning');
      },
      remove: (user, device) => {
        if (broker.devices.remove(user, device)) {
          broker.broker.session(user, device)?.close('device removed by commissioning');
          broker.broker.registry.forget(deviceKey(user, device));
        }
      },
    };
    const brokerFacts: BrokerFacts = {
      address: (plan) => {
        const host = plan.broker.host === 'auto' ? (lan() ?? '127.0.0.1') : plan.broker.host;
        return { host, port: plan.broker.port, local: localAddresses().has(host) };
      },
      listening: (host, port) =>
        Promise.resolve(
          broker.listeners.running.some(
            (l) =>
              l.transport === 'tcp' &&
              l.port === port &&
              (l.host === '0.0.0.0' ||
                l.host === '::' ||
                l.host === host ||
                (host === 'localhost' && l.host === '127.0.0.1')),
          ),
        ),
      fingerprint: broker.tls.fingerprint,
    };
    this.deps = {
      adapters: (target) => {
        const a = adapters[target.kind];
        if (!a)
          throw new CommissionError(
            'UNSUPPORTED',
            `${target.kind === 'esp' ? 'ESP' : 'AVR'} boards cannot be commissioned yet: this build has no ${target.kind.toUpperCase()} flasher`,
          );
        return a;
      },
      registry,
      store: this.store,
      join: {
        status: (key) => broker.broker.registry.get(key),
        onOnline: (l) => broker.broker.registry.onOnline(l),
        onOffline: (l) => broker.broker.registry.onOffline(l),
        rejections: () => broker.broker.rejections(),
      },
      checkDevice: (user, device) => brokerCheckDevice(broker.broker, user, device),
      broker: brokerFacts,
      appVersion: config.appVersion ?? pkg.version,
      now: Date.now,
      ...(config.log ? { log: config.log } : {}),
    };
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
    if (request.ports.length === 0) throw new CommissionError('PORT', 'choose at least one port');
    if (request.ports.length > MAX_COMMISSION_BOARDS)
      throw new CommissionError('PORT', `at most ${MAX_COMMISSION_BOARDS} boards in one run`);
    const paths = new Set(request.ports.map((p) => p.path));
    if (paths.size !== request.ports.length)
      throw new CommissionError('PORT', 'each port at most once in a run');
    for (const r of this.runs.values())
      if (r.endedAt === null)
        for (const b of r.boards)
          if (paths.has(b.port.path) && b.status === 'running')
            throw new CommissionError(
              'PORT',
              `${b.port.path} is being commissioned already (${r.id})`,
            );
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
    const latest = this.store
      .latestPerDevice(site)
      .filter(
        (r) => !device || (r.identity.user === device.user && r.identity.device === device.device),
      );
    const [head] = latest;
    if (!head)
      throw new CommissionError(
        'PLAN',
        device
          ? `${device.user}/${device.device} has no record on ${site}`
          : `${site} has no commissioned devices`,
      );
    const planOf = (r: IdentifiedRecord): CommissionPlan => {
      const saved = r.plan.id ? this.store.plan(r.plan.id) : undefined;
      if (!saved)
        throw new CommissionError(
          'PLAN',
          `the plan "${r.plan.name}" of ${r.identity.device} is no longer saved: import it again to re-run its checks`,
        );
      return saved.plan;
    };
    const plan = planOf(head);
    const run = new CommissionRun(this.deps, {
      plan,
      planId: head.plan.id,
      planSha256: planSha256(plan),
      site,
      technician: head.technician,
      ports: [],
      firmware: { images: [] },
      recheck: latest.map((r) => ({
        user: r.identity.user,
        device: r.identity.device,
        record: r,
      })),
    });
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
      broker.broker.registry.known(deviceKey(d.user, d.device), d.user, d.device);
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

export function parsePlan(plan: unknown): CommissionPlan {
  const r = CommissionPlan.safeParse(plan);
  if (r.success) {
    if (r.data.provisioning === 'improv' && !r.data.wifi)
      throw new CommissionError(
        'PLAN',
        "the plan is not valid: wifi: Improv Serial provisioning sends the plan's Wi-Fi network: give its name and password",
      );
    return r.data;
  }
  const issue = first(r.error.issues, 'validation issue');
  throw new CommissionError(
    'PLAN',
    `the plan is not valid: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}${r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more)` : ''}`,
  );
}

function checkSite(site: string): void {
  if (!SITE.test(site))
    throw new CommissionError('PLAN', 'a site name is 1–128 characters, no control characters');
}
