/**
 * The plan's identity: the id pattern with a live preview of the next ids, the first number,
 * the IoTMP user, and what to do when an id already exists.
 */
import { TextField } from '../../../components/TextField';
import { messages } from '../../../messages';
import { previewIds } from '../../../model/commissionPlan';
import type { PlanPartProps } from './planFields';

const t = messages.commission.plan;

export function IdentityFields({ draft, err, patch }: PlanPartProps) {
  const identity = draft.identity;
  const setIdentity = (p: Partial<typeof identity>) => patch({ identity: { ...identity, ...p } });
  return (
    <fieldset className="plan-group">
      <legend>{t.identity}</legend>
      <TextField
        label={t.identity}
        hint={t.identityHint}
        mono
        value={identity.pattern}
        error={err('identity.pattern')}
        onValue={(pattern) => setIdentity({ pattern })}
      />
      <p className="small" aria-live="polite">
        {t.next(previewIds(identity.pattern, identity.start ?? 1).join(', '))}
      </p>
      <div className="form-pair">
        <TextField
          label={t.start}
          type="number"
          min={0}
          value={identity.start ?? 1}
          error={err('identity.start')}
          onValue={(v) => setIdentity({ start: Number(v) })}
        />
        <TextField
          label={t.user}
          value={identity.user ?? 'studio'}
          error={err('identity.user')}
          onValue={(user) => setIdentity({ user })}
        />
      </div>
      <label className="form-row">
        <span>{t.onExisting}</span>
        <select
          className="field"
          value={identity.onExisting ?? 'refuse'}
          onChange={(e) => setIdentity({ onExisting: e.target.value as 'refuse' | 'reuse' })}
        >
          <option value="refuse">{t.refuse}</option>
          <option value="reuse">{t.reuse}</option>
        </select>
      </label>
    </fieldset>
  );
}
