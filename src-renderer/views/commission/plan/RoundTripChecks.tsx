/**
 * The plan's round trips: write a value to an input, read it back from an output (or the input),
 * and whether to ask before writing (it may move something real).
 */
import { TextField } from '../../../components/TextField';
import { messages } from '../../../messages';
import { parseValue, valueText } from '../../../model/planErrors';
import { CheckRows } from './CheckRows';
import type { CheckGroupProps, Checks } from './planFields';

const t = messages.commission.plan;

type RoundTrip = NonNullable<Checks['roundTrips']>[number];

export function RoundTripChecks({ items, err, onItems }: CheckGroupProps<RoundTrip>) {
  return (
    <CheckRows
      title={t.roundTrips}
      hint={t.roundTripsHint}
      columns={[[t.input], [t.output], [t.value], [t.confirm, 'ask']]}
      what="round trip"
      items={items}
      add={{ label: t.addRoundTrip, item: { input: '', value: true, confirm: true } }}
      onItems={onItems}
      row={(r, n, set) => (
        <>
          <TextField
            label={`${t.input} ${n}`}
            hideLabel
            placeholder={t.input}
            value={r.input}
            error={err(`roundTrips.${n - 1}.input`)}
            onValue={(v) => set({ ...r, input: v })}
          />
          <TextField
            label={`${t.output} ${n}`}
            hideLabel
            placeholder={t.output}
            value={r.output ?? ''}
            onValue={(v) => set({ ...r, output: v || undefined })}
          />
          <TextField
            label={`${t.value} ${n}`}
            hideLabel
            mono
            placeholder={t.value}
            value={valueText(r.value)}
            error={err(`roundTrips.${n - 1}.value`)}
            onValue={(v) => set({ ...r, value: parseValue(v) as typeof r.value })}
          />
          <span className="text-field ask">
            <input
              type="checkbox"
              aria-label={`${t.confirm} ${n}`}
              checked={r.confirm ?? true}
              onChange={(e) => set({ ...r, confirm: e.target.checked })}
            />
          </span>
        </>
      )}
    />
  );
}
