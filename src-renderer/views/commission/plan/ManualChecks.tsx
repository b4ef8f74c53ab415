/** The plan's manual steps: one prompt each, answered by the technician during a run. */
import { TextField } from '../../../components/TextField';
import { messages } from '../../../messages';
import { CheckRows } from './CheckRows';
import type { CheckGroupProps, Checks } from './planFields';

const t = messages.commission.plan;

type ManualCheck = NonNullable<Checks['manual']>[number];

export function ManualChecks({ items, err, onItems }: CheckGroupProps<ManualCheck>) {
  return (
    <CheckRows
      title={t.manual}
      what="manual check"
      items={items}
      add={{ label: t.addManual, item: { id: `manual-${items.length + 1}`, prompt: '' } }}
      onItems={onItems}
      row={(m, n, set) => (
        <TextField
          label={`${t.prompt} ${n}`}
          hideLabel
          placeholder={t.prompt}
          className="grow"
          value={m.prompt}
          error={err(`manual.${n - 1}.prompt`)}
          onValue={(v) => set({ ...m, prompt: v })}
        />
      )}
    />
  );
}
