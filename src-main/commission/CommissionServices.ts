/**
 * What the API needs of commissioning, as interfaces (as `services/types.ts` is for the broker and
 * serial sides): `api/handlers/commission.ts` depends on these, `app/Studio.ts` builds the
 * CommissionService that implements them. Decisions (which plan, which ports, what a site holds)
 * live behind them; the handlers only map.
 */
import type {
  CommissionPlanInput,
  CommissionRecord,
  CommissionRunInfo,
  SavedPlan,
  SiteDevice,
  SiteSummary,
} from '../contract/commissionSchemas';
import type { PromptAnswer } from './checks/CheckDevice';
import type { ImportResult } from './siteTransfer';
import type { BoardPort } from './steps/adapters';

/** One run (a board or a station of them) as the API sees it. */
interface CommissionRunView {
  readonly id: string;
  /** When the run ended (every board has its record); null while it goes on. */
  readonly endedAt: number | null;
  info(): CommissionRunInfo;
  /** Cancels one board (or all): how many boards were still running. */
  cancel(port?: string): number;
  answer(promptId: string, answer: PromptAnswer): boolean;
}

/** Saved plans and records by site (SQLite). */
interface CommissionRecords {
  plan(id: string): SavedPlan | undefined;
  record(id: string): CommissionRecord | undefined;
  records(filter?: {
    site?: string;
    runId?: string;
    user?: string;
    device?: string;
  }): CommissionRecord[];
  sites(): SiteSummary[];
}

export interface CommissionServices {
  readonly store: CommissionRecords;
  plans(): SavedPlan[];
  savePlan(plan: unknown, id?: string): SavedPlan;
  deletePlan(id: string): boolean;
  /** What `auto` means for a plan's broker on this machine. */
  defaults(): { lanAddress: string | null; tcpPort: number | null; tlsFingerprint: string };
  start(request: {
    plan: CommissionPlanInput;
    planId?: string | null;
    ports: readonly BoardPort[];
    site: string;
    technician: string;
  }): Promise<CommissionRunView>;
  recheck(site: string, device?: { user: string; device: string }): CommissionRunView;
  run(id: string): CommissionRunView | undefined;
  allRuns(): CommissionRunView[];
  onRun(listener: (run: CommissionRunView) => void): () => void;
  /** Each device of a site with its latest record and whether it is online now. */
  siteDevices(site: string): SiteDevice[];
  /** A whole site as one JSON document (devices with credential hashes, plans, records). */
  exportSite(site: string): unknown;
  /** Takes in an export in one transaction; the imported devices become known to the broker. */
  importSite(text: string): ImportResult;
}
