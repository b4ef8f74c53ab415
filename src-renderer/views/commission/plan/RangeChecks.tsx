/** The plan's value ranges: resource, optional field of a map value, minimum and maximum. */
import { TextField } from '../../../components/TextField';
import { messages } from '../../../messages';
import { CheckRows } from './CheckRows';
import { num, type CheckGroupProps, type Checks } from './planFields';

const t = messages.commission.plan;

type Range = NonNullable<Checks['ranges']>[number];

export function RangeChecks({ items, err, onItems }: CheckGroupProps<Range>) {
  return (
    <CheckRows
      title={t.ranges}
      columns={[[t.resource, 'grow'], [t.field], [t.min], [t.max]]}
      what="range"
      items={items}
      add={{ label: t.addRange, item: { resource: '', min: 0, max: 100 } }}
      onItems={onItems}
      row={(r, n, set) => (
        <>
          <TextField
            label={`${t.resource} ${n}`}
            hideLabel
            placeholder={t.resource}
            className="grow"
            value={r.resource}
            error={err(`ranges.${n - 1}.resource`)}
            onValue={(v) => set({ ...r, resource: v })}
          />
          <TextField
            label={`${t.field} ${n}`}
            hideLabel
            placeholder={t.field}
            value={r.field ?? ''}
            onValue={(v) => set({ ...r, field: v || undefined })}
          />
          <TextField
            label={`${t.min} ${n}`}
            hideLabel
            placeholder={t.min}
            type="number"
            value={r.min ?? ''}
            error={err(`ranges.${n - 1}`)}
            onValue={(v) => set({ ...r, min: num(v) })}
          />
          <TextField
            label={`${t.max} ${n}`}
            hideLabel
            placeholder={t.max}
            type="number"
            value={r.max ?? ''}
            error={err(`ranges.${n - 1}.max`)}
            onValue={(v) => set({ ...r, max: num(v) })}
          />
        </>
      )}
    />
  );
}
