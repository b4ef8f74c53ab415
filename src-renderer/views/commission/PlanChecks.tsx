/**
 * The plan's checks as form fields (UI.md §3.11 "Plan"): generated checks on/off, expected
 * types, ranges, round trips, streams, resources left alone and manual steps; one row per entry,
 * each field with its own validation message (model/planErrors).
 */
import type { CommissionPlanInput, ValueType } from '@contract/commissionSchemas';
import { useState, type ReactNode } from 'react';
import { SelectField } from '../../components/Field';
import { TextField } from '../../components/TextField';
import { messages } from '../../messages';
import { parseValue, valueText, type PlanErrors } from '../../model/planErrors';

const t = messages.commission.plan;

type Checks = NonNullable<CommissionPlanInput['checks']>;

const VALUE_TYPES: readonly (readonly [ValueType, string])[] = [
  ['number', 'number'],
  ['bool', 'bool'],
  ['string', 'string'],
  ['map', 'map'],
  ['array', 'array'],
  ['bytes', 'bytes'],
  ['null', 'null'],
];

/** A number field's text → the plan's value (empty: left out, so the schema says "Required"). */
const num = (v: string): number | undefined => (v.trim() === '' ? undefined : Number(v));

function Rows<T>({
  title,
  hint,
  columns,
  items,
  what,
  add,
  onItems,
  row,
}: {
  title: string;
  hint?: string;
  /** Column headings over the rows (text, and the width class of that column's field). */
  columns?: readonly (readonly [string, string?])[];
  items: readonly T[];
  /** "range", "stream": names the remove button of each row. */
  what: string;
  add: { label: string; item: T };
  onItems: (items: T[]) => void;
  row: (item: T, n: number, set: (item: T) => void) => ReactNode;
}) {
  return (
    <div className="check-list">
      <h3 className="small">{title}</h3>
      {hint && <p className="muted small">{hint}</p>}
      {columns && items.length > 0 && (
        // The fields carry their own labels; the headings only show which column is which.
        <div className="check-list-row check-list-head" aria-hidden="true">
          {columns.map(([text, width]) => (
            <span key={text} className={`text-field ${width ?? ''}`}>
              {text}
            </span>
          ))}
          <span className="check-list-remove" />
        </div>
      )}
      {items.map((item, i) => (
        <div className="check-list-row" key={i}>
          {row(item, i + 1, (next) => onItems(items.map((x, j) => (j === i ? next : x))))}
          <button
            type="button"
            className="btn btn-quiet check-list-remove"
            aria-label={t.remove(what, i + 1)}
            onClick={() => onItems(items.filter((_, j) => j !== i))}
          >
            ✕
          </button>
        </div>
      ))}
      <button type="button" className="btn" onClick={() => onItems([...items, add.item])}>
        {add.label}
      </button>
    </div>
  );
}

const names = (text: string) =>
  text
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Resource names, comma separated: the text is kept as typed (a trailing comma stays). */
function SkipField({
  skip,
  error,
  onSkip,
}: {
  skip: readonly string[];
  error: string | null;
  onSkip: (skip: string[]) => void;
}) {
  const [text, setText] = useState(skip.join(', '));
  // Another plan chosen (or imported): show its list.
  const shown = names(text).join('\n') === skip.join('\n') ? text : skip.join(', ');
  return (
    <TextField
      label={t.skip}
      hint={t.skipHint}
      mono
      value={shown}
      error={error}
      onValue={(v) => {
        setText(v);
        onSkip(names(v));
      }}
    />
  );
}

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
  const types = Object.entries(checks.types ?? {});
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

      <Rows
        title={t.types}
        hint={t.typesHint}
        what="type"
        items={types}
        add={{ label: t.addType, item: ['', 'number'] as [string, ValueType] }}
        onItems={(rows) => onChecks({ types: Object.fromEntries(rows) })}
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

      <Rows
        title={t.ranges}
        columns={[[t.resource, 'grow'], [t.field], [t.min], [t.max]]}
        what="range"
        items={checks.ranges ?? []}
        add={{ label: t.addRange, item: { resource: '', min: 0, max: 100 } }}
        onItems={(ranges) => onChecks({ ranges })}
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

      <Rows
        title={t.roundTrips}
        hint={t.roundTripsHint}
        columns={[[t.input], [t.output], [t.value], [t.confirm, 'ask']]}
        what="round trip"
        items={checks.roundTrips ?? []}
        add={{ label: t.addRoundTrip, item: { input: '', value: true, confirm: true } }}
        onItems={(roundTrips) => onChecks({ roundTrips })}
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

      <Rows
        title={t.streams}
        columns={[[t.resource, 'grow'], [t.intervalMs], [t.tolerancePct], [t.samples]]}
        what="stream"
        items={checks.streams ?? []}
        add={{
          label: t.addStream,
          item: { resource: '', intervalMs: 1000, tolerancePct: 25, samples: 4 },
        }}
        onItems={(streams) => onChecks({ streams })}
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

      <SkipField skip={checks.skip ?? []} error={err('skip')} onSkip={(skip) => onChecks({ skip })} />

      <Rows
        title={t.manual}
        what="manual check"
        items={checks.manual ?? []}
        add={{
          label: t.addManual,
          item: { id: `manual-${(checks.manual ?? []).length + 1}`, prompt: '' },
        }}
        onItems={(manual) => onChecks({ manual })}
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
    </fieldset>
  );
}
