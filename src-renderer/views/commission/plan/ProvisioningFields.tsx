/** How the identity reaches the board, and how long a run waits for the board to join. */
import type { ProvisioningMethod } from '@contract/commissionSchemas';
import { SelectField } from '../../../components/Field';
import { TextField } from '../../../components/TextField';
import { messages } from '../../../messages';
import type { PlanPartProps } from './planFields';

const t = messages.commission.plan;

const METHODS = (Object.keys(t.methods) as ProvisioningMethod[]).map(
  (m) => [m, t.methods[m]] as const,
);

export function ProvisioningFields({ draft, err, patch }: PlanPartProps) {
  return (
    <div className="form-pair">
      <SelectField
        label={t.provisioning}
        value={draft.provisioning}
        options={METHODS}
        error={err('provisioning')}
        onValue={(provisioning) => patch({ provisioning })}
      />
      <TextField
        label={t.joinTimeout}
        type="number"
        min={5}
        value={draft.joinTimeoutS ?? 60}
        error={err('joinTimeoutS')}
        onValue={(v) => patch({ joinTimeoutS: Number(v) })}
      />
    </div>
  );
}
