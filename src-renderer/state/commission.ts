/**
 * The Commission view's state: saved plans, the plan being edited (a draft kept across
 * navigation and restarts, UI.md §1 "never lose what was typed"), the station's choices, and the
 * runs live from `commission.progress`.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type {
  CommissionPlanInput,
  CommissionRunInfo,
  SavedPlan,
} from '@contract/commissionSchemas';
import { api } from '../api/connection';
import { newPlan } from '../model/commissionPlan';

export interface CommissionState {
  plans: readonly SavedPlan[];
  /** The saved plan the draft came from (null: a new one). */
  planId: string | null;
  draft: CommissionPlanInput;
  site: string;
  technician: string;
  /** Ports chosen for the next run. */
  chosen: readonly string[];
  runs: readonly CommissionRunInfo[];
  /** The run the station shows. */
  runId: string | null;
  defaults: { lanAddress: string | null; tcpPort: number | null } | null;
  loadPlans(): Promise<void>;
  choosePlan(id: string | null): void;
  setDraft(draft: CommissionPlanInput): void;
  savePlan(): Promise<SavedPlan>;
  deletePlan(id: string): Promise<void>;
  set(patch: Partial<Pick<CommissionState, 'site' | 'technician' | 'chosen' | 'runId'>>): void;
  applyRun(run: CommissionRunInfo): void;
  loadRuns(): Promise<void>;
}

/** Runs listed in the station's history (main keeps 20). */
const MAX_RUNS = 20;

export const useCommission = create<CommissionState>()(
  persist(
    (set, get) => ({
      plans: [],
      planId: null,
      draft: newPlan(),
      site: 'Site 1',
      technician: '',
      chosen: [],
      runs: [],
      runId: null,
      defaults: null,
      loadPlans: async () => {
        const [{ plans }, defaults] = await Promise.all([
          api().commission.plans({}),
          api().commission.defaults({}),
        ]);
        set({ plans, defaults });
        const { planId } = get();
        if (planId === null && plans[0] && get().draft.name === newPlan().name)
          set({ planId: plans[0].id, draft: plans[0].plan });
      },
      choosePlan: (id) => {
        const p = get().plans.find((x) => x.id === id);
        set({ planId: p ? p.id : null, draft: p ? p.plan : newPlan() });
      },
      setDraft: (draft) => set({ draft }),
      savePlan: async () => {
        const { planId, draft } = get();
        const saved = await api().commission.savePlan({
          ...(planId ? { id: planId } : {}),
          plan: draft as never,
        });
        const plans = [...get().plans.filter((p) => p.id !== saved.id), saved].sort((a, b) =>
          a.plan.name.localeCompare(b.plan.name),
        );
        set({ plans, planId: saved.id, draft: saved.plan });
        return saved;
      },
      deletePlan: async (id) => {
        await api().commission.deletePlan({ id });
        set({ plans: get().plans.filter((p) => p.id !== id) });
        if (get().planId === id) set({ planId: null, draft: newPlan() });
      },
      set: (patch) => set(patch),
      applyRun: (run) => {
        const rest = get().runs.filter((r) => r.id !== run.id);
        set({ runs: [run, ...rest].sort((a, b) => b.startedAt - a.startedAt).slice(0, MAX_RUNS) });
      },
      loadRuns: async () => {
        const { runs } = await api().commission.runs({});
        set({ runs });
      },
    }),
    {
      name: 'iotmp.commission',
      version: 1,
      partialize: (s) => ({
        planId: s.planId,
        draft: s.draft,
        site: s.site,
        technician: s.technician,
      }),
    },
  ),
);
