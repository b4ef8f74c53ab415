/**
 * The fields of a map or an array in a generated form (UI.md §3.2 "Values"): one field per map
 * key (keys fixed), array rows in `ArrayRows`. The top level is bare, nested levels are a
 * fieldset, and from depth 3 on they collapse behind their path. `Input` draws each child (it is
 * `ValueInput`, passed in so this file does not import it back).
 */
import type { ReactNode } from 'react';
import { messages } from '../../messages';
import { isMap, pathText, shapeOf, withEntry, type Value, type ValueMap } from '../../model/pson';
import { ArrayRows } from './ArrayRows';
import type { ChildInput, Path, ValueInputProps } from './inputProps';
import { INLINE_DEPTH } from './ValueView';

export function ContainerInput(props: ValueInputProps & { Input: ChildInput }) {
  const { value, label, path = [] } = props;
  const body = Array.isArray(value) ? (
    <ArrayRows {...props} path={path} items={value} />
  ) : (
    <MapFields {...props} path={path} map={value as ValueMap} />
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

function MapFields({
  map,
  template,
  onChange,
  path,
  disabled,
  onCommit,
  Input,
}: ValueInputProps & { map: ValueMap; path: Path; Input: ChildInput }) {
  const entries = Object.entries(map);
  if (entries.length === 0) return <span className="muted">{messages.device.value.emptyMap}</span>;
  return (
    <div className="pf-rows">
      {entries.map(([key, child]) => (
        <Field key={key} name={key} child={child}>
          <Input
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
