/** The plan's stream checks: resource, expected interval, tolerance and samples to wait for. */
import { TextField } from '../../../components/TextField';
import { messages } from '../../../messages';
import { CheckRows } from './CheckRows';
import { num, type CheckGroupProps, type Checks } from './planFields';

const t = messages.commission.plan;

type StreamCheck = NonNullable<Checks['streams']>[number];

export function StreamChecks({ items, err, onItems }: CheckGroupProps<StreamCheck>) {
  return (
    <CheckRows
      title={t.streams}
      columns={[[t.resource, 'grow'], [t.intervalMs], [t.tolerancePct], [t.samples]]}
      what="stream"
      items={items}
      add={{
        label: t.addStream,
        item: { resource: '', intervalMs: 1000, tolerancePct: 25, samples: 4 },
      }}
      onItems={onItems}
      row={(s, n, set) => (
        <>
          <TextField
            label={`${t.streamResource} ${n}`}
            hideLabel
            placeholder={t.resource}
            className="grow"
            value={s.resource}
            error={err(`streams.${n - 1}.resource`)}
            onValue={(v) => set({ ...s, resource: v })}
          />
          <TextField
            label={`${t.intervalMs} ${n}`}
            hideLabel
            placeholder={t.intervalMs}
            title={t.intervalMs}
            type="number"
            value={s.intervalMs ?? ''}
            error={err(`streams.${n - 1}.intervalMs`)}
            onValue={(v) => set({ ...s, intervalMs: num(v) as number })}
          />
          <TextField
            label={`${t.tolerancePct} ${n}`}
            hideLabel
            placeholder={t.tolerancePct}
            title={t.tolerancePct}
            type="number"
            value={s.tolerancePct ?? ''}
            error={err(`streams.${n - 1}.tolerancePct`)}
            onValue={(v) => set({ ...s, tolerancePct: num(v) })}
          />
          <TextField
            label={`${t.samples} ${n}`}
            hideLabel
            placeholder={t.samples}
            title={t.samples}
            type="number"
            value={s.samples ?? ''}
            error={err(`streams.${n - 1}.samples`)}
            onValue={(v) => set({ ...s, samples: num(v) })}
          />
        </>
      )}
    />
  );
}
