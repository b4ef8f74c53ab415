/**
 * A number input (UI.md §3.2 "Number"): a field with a stepper, step 1 when the template is an
 * integer. Integers beyond 2^53 stay exact (`$bigint`); NaN and ±Infinity are typed as words.
 * What is typed stays in the field while it is not a number yet ("12.", "-"). The text ↔ number
 * rules are in `numberText.ts`.
 */
import { useId, type KeyboardEvent } from 'react';
import { messages } from '../../messages';
import type { Value } from '../../model/pson';
import { numberFieldText, parseNumberText, stepValue } from './numberText';
import { useDraftText, type TextCodec } from './useDraftText';
import './value.css';

const t = messages.device.form;

const NUMBER_TEXT: TextCodec<Value> = {
  format: numberFieldText,
  parse: parseNumberText,
  same: (parsed, v) => JSON.stringify(parsed) === JSON.stringify(v),
};

export interface NumberFieldProps {
  value: Value;
  onChange: (v: Value) => void;
  label: string;
  step: number;
  range?: { min: number; max: number };
  issueKey: string;
  disabled?: boolean;
  /** Enter in the field. */
  onCommit?: (() => void) | undefined;
  id?: string;
}

/** Arrow keys step, Enter (without Mod) commits. */
function onNumberKey(
  e: KeyboardEvent,
  nudge: (direction: 1 | -1) => void,
  onCommit: (() => void) | undefined,
): void {
  if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
    e.preventDefault();
    nudge(e.key === 'ArrowUp' ? 1 : -1);
  } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && onCommit) {
    e.preventDefault();
    onCommit();
  }
}

function StepButton(props: {
  label: string;
  disabled?: boolean;
  onClick: () => void;
  sign: string;
}) {
  return (
    <button
      type="button"
      className="btn pf-step"
      aria-label={props.label}
      disabled={props.disabled}
      onClick={props.onClick}
    >
      {props.sign}
    </button>
  );
}

export function NumberField(props: NumberFieldProps) {
  const { value, onChange, label, step, range, issueKey, disabled, onCommit, id } = props;
  const ownId = useId();
  const errorId = `${ownId}-error`;
  const { text, parsed, error, type } = useDraftText(value, NUMBER_TEXT, issueKey, onChange);
  const nudge = (direction: 1 | -1): void => {
    if (!parsed.ok) return;
    onChange(stepValue(parsed.value, direction * step, range));
  };

  return (
    <span className="pf-number-wrap">
      <span className="pf-number">
        <StepButton
          label={t.stepDown(label)}
          disabled={disabled}
          onClick={() => nudge(-1)}
          sign="−"
        />
        <input
          id={id ?? ownId}
          className="field"
          type="text"
          inputMode="decimal"
          aria-label={label}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          // Wide enough for what is typed: a 20-digit integer stays readable.
          style={{ width: `${Math.min(26, Math.max(8, text.length + 2))}ch` }}
          value={text}
          disabled={disabled}
          onChange={(e) => type(e.target.value)}
          onKeyDown={(e) => onNumberKey(e, nudge, onCommit)}
        />
        <StepButton label={t.stepUp(label)} disabled={disabled} onClick={() => nudge(1)} sign="+" />
      </span>
      {error ? (
        <span id={errorId} className="pf-error">
          {error}
        </span>
      ) : null}
    </span>
  );
}
