/**
 * The frame every form field shares (UI.md §3.6: errors stay at the field that caused them): a
 * label tied to the control, the error and the hint under it, `aria-invalid` and
 * `aria-describedby` pointing a screen reader at both. TextField, SelectField and the plan
 * editor's list rows are this frame around their control; `hideLabel` keeps the label for
 * assistive technology only (a row of small fields under one heading).
 */
import { useId, type ReactNode, type SelectHTMLAttributes } from 'react';
import './textField.css';

export interface ControlProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

export interface FieldFrame {
  label: string;
  hint?: string;
  /** Shown (and the control marked invalid) when not null. */
  error?: string | null;
  hideLabel?: boolean;
  className?: string;
}

export function Field({
  label,
  hint,
  error,
  hideLabel = false,
  className = '',
  children,
}: FieldFrame & { children: (control: ControlProps) => ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ');
  return (
    <div className={`text-field ${className}`}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      {children({
        id,
        ...(error ? { 'aria-invalid': true as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={hintId} className="field-hint muted">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled select from `options` (value → text); `mono` for ids and names. */
export function SelectField<V extends string>({
  value,
  options,
  onValue,
  mono = false,
  ...frame
}: FieldFrame & {
  value: V;
  options: readonly (readonly [V, string])[];
  onValue: (value: V) => void;
  mono?: boolean;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'>) {
  const { label, hint, error, hideLabel, className, ...select } = frame;
  return (
    <Field {...{ label, hint, error, hideLabel, className }}>
      {(control) => (
        <select
          className={`field${mono ? ' mono' : ''}`}
          value={value}
          onChange={(e) => onValue(e.target.value as V)}
          {...select}
          {...control}
        >
          {options.map(([v, text]) => (
            <option key={v} value={v}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
