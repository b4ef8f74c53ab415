/** Which saved plan the editor shows, or a new one. */
import { messages } from '../../../messages';
import { useCommission } from '../../../state/commission';

const t = messages.commission.plan;

export function PlanPicker() {
  const plans = useCommission((s) => s.plans);
  const planId = useCommission((s) => s.planId);
  return (
    <label className="form-row">
      <span>{t.choose}</span>
      <select
        className="field"
        value={planId ?? ''}
        onChange={(e) => {
          useCommission.getState().choosePlan(e.target.value || null);
        }}
      >
        <option value="">{plans.length ? t.newPlan : t.none}</option>
        {plans.map((p) => (
          <option key={p.id} value={p.id}>
            {p.plan.name}
          </option>
        ))}
      </select>
    </label>
  );
}
