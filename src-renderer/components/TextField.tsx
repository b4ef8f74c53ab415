/**
 * A labelled text field with its hint and its error beside it (UI.md §3.6: errors stay at the
 * field that caused them), in the shared Field frame.
 */
import type { InputHTMLAttributes } from 'react';
import { Field, type FieldFrame } from './Field';

export function TextField({
  label,
  hint,
  error,
  hideLabel,
  mono = false,
  onValue,
  className = '',
  ...input
}: FieldFrame & {
  mono?: boolean;
  onValue: (value: string) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'>) {
  return (
    <Field {...{ label, hint, error, hideLabel, className }}>
      {(control) => (
        <input
          className={`field${mono ? ' mono' : ''}`}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => onValue(e.target.value)}
          {...input}
          {...control}
        />
      )}
    </Field>
  );
}
