/**
 * Actuators (UI.md §3.4): a boolean input is a switch, a number a slider (when a range is known)
 * beside its stepper field. The control shows what the device reported, never an optimistic
 * value: while a change is pending its target is ghosted with "Sending…", and a change the device
 * did not take is said. A slider sends on release or 300 ms after the last key press; the store
 * keeps one run in flight per resource and replaces a queued value with a newer one.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { NumberField } from '../../components/value/NumberField';
import { numericValue, type Value } from '../../model/pson';
import { SwitchField } from '../../components/value/SwitchField';
import { messages } from '../../messages';
import { emptyEntry, useResources, type ResourceEntry } from '../../state/resources';
import { armQuestion, spokenValue, useResourceCommands, type PanelTarget } from './commands';
import { ConfirmStrip } from './ConfirmStrip';

const t = messages.device;

/** UI.md §3.4: a slider moved by keys sends this long after the last key press. */
const SLIDER_KEY_DEBOUNCE_MS = 300;

/** The state the device reports: describe's `in` (fn 2), or the output of a fn 4 run. */
export function reportedOf(entry: ResourceEntry, fn: number): Value | undefined {
  if (fn === 4 && entry.outputSource === 'run') return entry.output;
  return entry.details?.in;
}

const originOf = (compact: boolean): string => (compact ? 'strip' : 'panel');

/** The armed confirmation and the "did not confirm" note, shared by every control. */
export function ChangeStatus({
  target,
  entry,
  armedHere,
  origin,
}: {
  target: PanelTarget;
  entry: ResourceEntry;
  armedHere: boolean;
  origin: string;
}) {
  const cmd = useResourceCommands(target);
  return (
    <>
      {entry.armed?.origin === origin ? (
        <ConfirmStrip
          question={armQuestion(target.resource, entry.armed.input)}
          takeFocus={armedHere}
          onConfirm={cmd.confirm}
          onCancel={cmd.cancel}
        />
      ) : null}
      {entry.unconfirmed && !entry.pending ? (
        <p className="rp-warn">
          <span aria-hidden="true">▲ </span>
          {t.panel.notConfirmed}
        </p>
      ) : null}
    </>
  );
}

/** A control with, below it, its armed question or the "did not confirm" note. */
function ActuatorFrame({
  target,
  entry,
  armedHere,
  compact,
  children,
}: {
  target: PanelTarget;
  entry: ResourceEntry;
  armedHere: boolean;
  compact: boolean;
  children: ReactNode;
}) {
  return (
    <div className={compact ? 'rp-actuator rp-compact' : 'rp-actuator'}>
      {children}
      <ChangeStatus
        target={target}
        entry={entry}
        armedHere={armedHere}
        origin={originOf(compact)}
      />
    </div>
  );
}

function Ghost({ entry }: { entry: ResourceEntry }) {
  if (!entry.pending || entry.pending.target === undefined) return null;
  return (
    <span className="rp-ghost">
      {t.panel.sending} {spokenValue(entry.pending.target)}
    </span>
  );
}

export function SwitchActuator({
  target,
  enabled,
  compact = false,
}: {
  target: PanelTarget;
  enabled: boolean;
  compact?: boolean;
}) {
  const cmd = useResourceCommands(target);
  const entry = useResources((s) => s.entries[cmd.key]) ?? emptyEntry;
  const [armedHere, setArmedHere] = useState(false);
  const reported = reportedOf(entry, target.fn);
  const known = typeof reported === 'boolean';
  const state = entry.armed ? 'pf-switch-armed' : entry.pending ? 'pf-switch-pending' : '';
  return (
    <ActuatorFrame target={target} entry={entry} armedHere={armedHere} compact={compact}>
      <SwitchField
        checked={reported === true}
        label={target.resource}
        className={state}
        disabled={!enabled || !known}
        onToggle={() => {
          setArmedHere(true);
          cmd.request(!reported, originOf(compact));
        }}
      >
        <span className="rp-switch-word">{known ? spokenValue(reported) : t.value.notRead}</span>
        <Ghost entry={entry} />
      </SwitchField>
    </ActuatorFrame>
  );
}

export function NumberActuator({
  target,
  enabled,
  draft,
  onDraft,
  step,
  range,
  onCommit,
  compact = false,
  children,
}: {
  target: PanelTarget;
  enabled: boolean;
  draft: Value;
  onDraft: (v: Value) => void;
  step: number;
  range?: { min: number; max: number } | undefined;
  onCommit: () => void;
  compact?: boolean;
  /** The Send button. */
  children?: ReactNode;
}) {
  const cmd = useResourceCommands(target);
  const entry = useResources((s) => s.entries[cmd.key]) ?? emptyEntry;
  const [armedHere, setArmedHere] = useState(false);
  const [moving, setMoving] = useState<number | null>(null);
  const keyTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const dragging = useRef(false);
  useEffect(() => () => clearTimeout(keyTimer.current), []);

  const reported = numericValue(reportedOf(entry, target.fn) ?? null);
  const send = (v: number): void => {
    clearTimeout(keyTimer.current);
    setMoving(null);
    setArmedHere(true);
    cmd.request(v, originOf(compact));
  };
  const ghost = entry.pending?.target;
  const ghostAt = typeof ghost === 'number' && range ? pct(ghost, range) : null;
  return (
    <ActuatorFrame target={target} entry={entry} armedHere={armedHere} compact={compact}>
      {range ? (
        <div className="rp-slider">
          <input
            type="range"
            className={entry.armed ? 'pf-slider pf-slider-armed' : 'pf-slider'}
            aria-label={target.resource}
            min={range.min}
            max={range.max}
            step={step}
            aria-valuemin={range.min}
            aria-valuemax={range.max}
            aria-valuenow={moving ?? reported ?? range.min}
            value={moving ?? reported ?? range.min}
            disabled={!enabled || reported === null}
            onChange={(e) => {
              const v = Number(e.target.value);
              setMoving(v);
              clearTimeout(keyTimer.current);
              // Dragging sends on release; keys send once they stop.
              if (!dragging.current)
                keyTimer.current = setTimeout(() => send(v), SLIDER_KEY_DEBOUNCE_MS);
            }}
            onPointerDown={() => (dragging.current = true)}
            onPointerUp={(e) => {
              dragging.current = false;
              send(Number(e.currentTarget.value));
            }}
          />
          {ghostAt !== null ? (
            <span className="rp-ghost-mark" style={{ left: `${ghostAt}%` }} aria-hidden="true" />
          ) : null}
          <span className="rp-range muted">
            {t.actuator.range(String(range.min), String(range.max))}
          </span>
        </div>
      ) : null}
      <div className="row">
        <NumberField
          value={draft}
          onChange={onDraft}
          label={target.resource}
          step={step}
          {...(range ? { range } : {})}
          issueKey={`${target.resource}$number`}
          disabled={!enabled}
          onCommit={onCommit}
        />
        {children}
        <Ghost entry={entry} />
      </div>
    </ActuatorFrame>
  );
}

const pct = (v: number, r: { min: number; max: number }): number =>
  Math.min(100, Math.max(0, ((v - r.min) / (r.max - r.min)) * 100));
