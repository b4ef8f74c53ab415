/**
 * The plan's checks as form fields (UI.md §3.11 "Plan"): generated checks on/off, expected
 * types, ranges, round trips, streams, resources left alone and manual steps; one row per entry
 * (plan/*Checks), each field with its own validation message (model/planErrors).
 */
import { TextField } from '../../components/TextField';
import { messages } from '../../messages';
import type { PlanErrors } from '../../model/planErrors';
import { ManualChecks } from './plan/ManualChecks';
import { num, type Checks } from './plan/planFields';
import { RangeChecks } from './plan/RangeChecks';
import { RoundTripChecks } from './plan/RoundTripChecks';
import { SkipField } from './plan/SkipField';
import { StreamChecks } from './plan/StreamChecks';
import { TypeChecks } from './plan/TypeChecks';

const t = messages.commission.plan;

export function PlanChecks({
  checks,
  errors,
  onChecks,
}: {
  checks: Checks;
  errors: PlanErrors;
  onChecks: (p: Partial<Checks>) => void;
}) {
  const err = (path: string) => errors.get(`checks.${path}`) ?? null;
  return (
    <fieldset className="plan-group">
      <legend>{t.checks}</legend>
      <label className="check-row">
        <input
          type="checkbox"
          checked={checks.outputs ?? true}
          onChange={(e) => onChecks({ outputs: e.target.checked })}
        />
        {t.outputs}
      </label>
      <label className="check-row">
        <input
          type="checkbox"
          checked={checks.inputs ?? true}
          onChange={(e) => onChecks({ inputs: e.target.checked })}
        />
        {t.inputs}
      </label>
      <TextField
        label={t.maxRtt}
        type="number"
        value={checks.maxRttMs ?? 1000}
        error={err('maxRttMs')}
        onValue={(v) => onChecks({ maxRttMs: num(v) as number })}
      />
      <TypeChecks
        items={Object.entries(checks.types ?? {})}
        err={err}
        onItems={(rows) => onChecks({ types: Object.fromEntries(rows) })}
      />
      <RangeChecks
        items={checks.ranges ?? []}
        err={err}
        onItems={(ranges) => onChecks({ ranges })}
      />
      <RoundTripChecks
        items={checks.roundTrips ?? []}
        err={err}
        onItems={(roundTrips) => onChecks({ roundTrips })}
      />
      <StreamChecks
        items={checks.streams ?? []}
        err={err}
        onItems={(streams) => onChecks({ streams })}
      />
      <SkipField
        skip={checks.skip ?? []}
        error={err('skip')}
        onSkip={(skip) => onChecks({ skip })}
      />
      <ManualChecks
        items={checks.manual ?? []}
        err={err}
        onItems={(manual) => onChecks({ manual })}
      />
    </fieldset>
  );
}
