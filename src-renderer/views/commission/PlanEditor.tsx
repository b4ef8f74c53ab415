/**
 * The plan editor (UI.md §3.11 "Plan"): product, target, firmware images with offsets, identity
 * pattern with a live preview, broker address (auto = this laptop's LAN address, a warning on
 * 127.0.0.1), Wi-Fi, provisioning method, checks (PlanChecks); one part per file in `plan/`.
 * Every field says at itself what is wrong with it (model/planErrors, the schema main parses
 * plans with); Save waits until none is.
 */
import { useMemo, useState } from 'react';
import type { CommissionPlanInput } from '@contract/commissionSchemas';
import { TextField } from '../../components/TextField';
import { messages } from '../../messages';
import { planErrors } from '../../model/planErrors';
import { useCommission } from '../../state/commission';
import { PlanChecks } from './PlanChecks';
import { BrokerFields } from './plan/BrokerFields';
import { FirmwareImages } from './plan/FirmwareImages';
import { IdentityFields } from './plan/IdentityFields';
import type { Checks } from './plan/planFields';
import { PlanPicker } from './plan/PlanPicker';
import { PlanSaveBar } from './plan/PlanSaveBar';
import { ProvisioningFields } from './plan/ProvisioningFields';
import { TargetSelect } from './plan/TargetSelect';
import { WifiFields } from './plan/WifiFields';

const t = messages.commission.plan;

export function PlanEditor() {
  const draft = useCommission((s) => s.draft);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const errors = useMemo(() => planErrors(draft), [draft]);
  const err = (path: string) => errors.get(path) ?? null;

  const patch = (p: Partial<CommissionPlanInput>) => {
    setNote(null);
    useCommission.getState().setDraft({ ...draft, ...p });
  };
  const checks: Checks = draft.checks ?? {};
  const part = { draft, err, patch };

  const save = async () => {
    setError(null);
    try {
      await useCommission.getState().savePlan();
      setNote(t.saved);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="commission-plan" aria-label={t.title}>
      <h2>{t.title}</h2>
      <PlanPicker />
      <TextField
        label={t.name}
        value={draft.name}
        error={err('name')}
        onValue={(name) => patch({ name })}
      />
      <TargetSelect draft={draft} patch={patch} />
      <FirmwareImages {...part} />
      <IdentityFields {...part} />
      <BrokerFields {...part} />
      <WifiFields {...part} />
      <ProvisioningFields {...part} />
      <PlanChecks
        checks={checks}
        errors={errors}
        onChecks={(p) => patch({ checks: { ...checks, ...p } })}
      />
      <PlanSaveBar wrong={errors.size} note={note} error={error} onSave={() => void save()} />
    </section>
  );
}
