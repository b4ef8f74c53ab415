/**
 * A form generated from a value's PSON shape (UI.md §3.2 "Values"): numbers with a stepper,
 * booleans as switches, text, hex bytes, one field per map key (keys fixed), array rows with
 * add/remove (a new row copies the last row's shape), nested containers inline to depth 3 and
 * collapsed deeper; a null or missing template is typed as JSON.
 */
import type { ReactNode } from 'react';
import { messages } from '../../messages';
import { InlineJsonField } from './JsonField';
import { NumberField } from './NumberField';
import { stepFor } from './numberText';
import {
  blankLike,
  bytesHex,
  isMap,
  pathText,
  shapeOf,
  withEntry,
  type Value,
  type ValueMap,
} from '../../model/pson';
import { SwitchField } from './SwitchField';
import { BytesField, StringField, wantsMultiline } from './TextField';
import { INLINE_DEPTH } from './ValueView';
import './value.css';

const t = messages.device.form;

type Path = readonly (string | number)[];

export interface ValueInputProps {
  value: Value;
  /** The describe sample at this place, when known: decides steps and multi-line text. */
  template?: Value | undefined;
  onChange: (v: Value) => void;
  /** Accessible name: the resource name at the top, the key or `list[2]` inside. */
  label: string;
  path?: Path;
  disabled?: boolean;
  /** Enter in a one-line field: send. */
  onCommit?: () => void;
}

const issueKeyOf = (path: Path): string => pathText(path) || '$';

export function ValueInput(props: ValueInputProps) {
  const { value, template, onChange, label, path = [], disabled, onCommit } = props;
  const shape = shapeOf(value);
  switch (shape) {
    case 'boolean':
      return (
        <SwitchField
          checked={value as boolean}
          label={label}
          disabled={disabled}
          onToggle={() => onChange(!value)}
        >
          <span className="muted">{value ? t.on : t.off}</span>
        </SwitchField>
      );
    case 'integer':
    case 'float':
    case 'bigint':
    case 'nonfinite':
      return (
        <NumberField
          value={value}
          onChange={onChange}
          label={label}
          step={stepFor(template ?? value)}
          issueKey={issueKeyOf(path)}
          disabled={disabled}
          onCommit={onCommit}
        />
      );
    case 'string':
      return (
        <StringField
          value={value as string}
          onChange={onChange}
          label={label}
          multiline={wantsMultiline(typeof template === 'string' ? template : (value as string))}
          disabled={disabled}
          onCommit={onCommit}
        />
      );
    case 'bytes':
      return (
        <BytesField
          hex={bytesHex(value)}
          onChange={(hex) => onChange({ $bytes: hex })}
          label={label}
          issueKey={issueKeyOf(path)}
          disabled={disabled}
        />
      );
    case 'map':
    case 'array': {
      const body =
        shape === 'map' ? (
          <MapField {...props} path={path} map={value as ValueMap} />
        ) : (
          <ArrayField {...props} path={path} items={value as Value[]} />
        );
      if (path.length === 0) return body;
      if (path.length >= INLINE_DEPTH)
        return (
          <details className="pf-fieldset">
            <summary className="mono">{pathText(path)}</summary>
            {body}
          </details>
        );
      return (
        <fieldset className="pf-fieldset">
          <legend>{label}</legend>
          {body}
        </fieldset>
      );
    }
    default:
      return (
        <InlineJsonField
          value={value}
          onChange={onChange}
          label={label}
          issueKey={issueKeyOf(path)}
          hint={path.length === 0 ? t.noTemplate : undefined}
          disabled={disabled}
        />
      );
  }
}

/** One labelled row: scalars beside their key, containers as their own block. */
function Field({ name, child, children }: { name: string; child: Value; children: ReactNode }) {
  const block = shapeOf(child) === 'map' || shapeOf(child) === 'array';
  return (
    <div className={block ? 'pf-field pf-field-block' : 'pf-field'}>
      {block ? null : (
        <span className="pf-label" aria-hidden="true">
          {name === '' ? '""' : name}
        </span>
      )}
      <div className="pf-control">{children}</div>
    </div>
  );
}

function MapField({
  map,
  template,
  onChange,
  path,
  disabled,
  onCommit,
}: ValueInputProps & {
  map: ValueMap;
  path: Path;
}) {
  const entries = Object.entries(map);
  if (entries.length === 0) return <span className="muted">{messages.device.value.emptyMap}</span>;
  return (
    <div className="pf-rows">
      {entries.map(([key, child]) => (
        <Field key={key} name={key} child={child}>
          <ValueInput
            value={child}
            template={isMap(template) ? template[key] : undefined}
            onChange={(v) => onChange(withEntry(map, key, v))}
            label={key === '' ? '""' : key}
            path={[...path, key]}
            disabled={disabled}
            onCommit={onCommit}
          />
        </Field>
      ))}
    </div>
  );
}

function ArrayField({
  items,
  template,
  onChange,
  label,
  path,
  disabled,
  onCommit,
}: ValueInputProps & {
  items: Value[];
  path: Path;
}) {
  const rowTemplate = (i: number): Value | undefined =>
    Array.isArray(template) ? (template[i] ?? template[template.length - 1]) : undefined;
  const rowLabel = (i: number): string => `${path.length ? pathText(path) : label}[${i}]`;
  return (
    <div className="pf-rows">
      {items.map((item, i) => (
        <div key={i} className="pf-array-row">
          <span className="pv-index muted mono" aria-hidden="true">
            {i}
          </span>
          <ValueInput
            value={item}
            template={rowTemplate(i)}
            onChange={(v) => onChange(items.map((x, j) => (j === i ? v : x)))}
            label={rowLabel(i)}
            path={[...path, i]}
            disabled={disabled}
            onCommit={onCommit}
          />
          <button
            type="button"
            className="btn btn-quiet"
            aria-label={t.removeRow(rowLabel(i))}
            disabled={disabled}
            onClick={() => onChange(items.filter((_, j) => j !== i))}
          >
            ✕
          </button>
        </div>
      ))}
      <div className="pf-row-actions">
        <button
          type="button"
          className="btn"
          disabled={disabled}
          onClick={() => {
            const last = items[items.length - 1] ?? rowTemplate(0);
            onChange([...items, last === undefined ? null : blankLike(last)]);
          }}
        >
          {t.addRow}
        </button>
      </div>
    </div>
  );
}
