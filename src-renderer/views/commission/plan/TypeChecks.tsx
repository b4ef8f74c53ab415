/** The plan's expected value types: one row per resource, its name and the type it must send. */
import type { ValueType } from '@contract/commissionSchemas';
import { SelectField } from '../../../components/Field';
import { TextField } from '../../../components/TextField';
import { messages } from '../../../messages';
import { CheckRows } from './CheckRows';
import type { CheckGroupProps } from './planFields';

const t = messages.commission.plan;

const VALUE_TYPES: readonly (readonly [ValueType, string])[] = [
  ['number', 'number'],
  ['bool', 'bool'],
  ['string', 'string'],
  ['map', 'map'],
  ['array', 'array'],
  ['bytes', 'bytes'],
  ['null', 'null'],
];

type TypeRow = [string, ValueType];

export function TypeChecks({ items, err, onItems }: CheckGroupProps<TypeRow>) {
  return (
    <CheckRows
      title={t.types}
      hint={t.typesHint}
      what="type"
      items={items}
      add={{ label: t.addType, item: ['', 'number'] as TypeRow }}
      onItems={onItems}
      row={([resource, type], n, set) => (
        <>
          <TextField
            label={`${t.typeResource} ${n}`}
            hideLabel
            placeholder={t.resource}
            className="grow"
            value={resource}
            error={err(`types.${n - 1}.resource`)}
            onValue={(v) => set([v, type])}
          />
          <SelectField
            label={`${t.typeOf} ${n}`}
            hideLabel
            value={type}
            options={VALUE_TYPES}
            onValue={(v) => set([resource, v])}
          />
        </>
      )}
    />
  );
}
