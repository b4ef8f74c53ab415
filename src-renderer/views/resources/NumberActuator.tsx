/**
 * A number input as an actuator (UI.md §3.4): a slider when a range is known, beside its stepper
 * field and Send. The slider shows what the device reported; the store keeps one run in flight
 * per resource and replaces a queued value with a newer one.
 */
import { useState, type ReactNode } from 'react';
import { NumberField } from '../../components/value/NumberField';
import { numericValue, type Value } from '../../model/pson';
import { emptyEntry, useResources } from '../../state/resources';
import { ActuatorFrame, Ghost, originOf, reportedOf } from './ActuatorFrame';
import { useResourceCommands, type PanelTarget } from './commands';
import { RangeSlider, type Range } from './RangeSlider';

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
  range?: Range | undefined;
  onCommit: () => void;
  compact?: boolean;
  /** The Send button. */
  children?: ReactNode;
}) {
  const cmd = useResourceCommands(target);
  const entry = useResources((s) => s.entries[cmd.key]) ?? emptyEntry;
  const [armedHere, setArmedHere] = useState(false);
  const ghost = entry.pending?.target;
  return (
    <ActuatorFrame target={target} entry={entry} armedHere={armedHere} compact={compact}>
      {range ? (
        <RangeSlider
          label={target.resource}
          range={range}
          step={step}
          reported={numericValue(reportedOf(entry, target.fn) ?? null)}
          ghost={typeof ghost === 'number' ? ghost : null}
          armed={entry.armed !== null}
          enabled={enabled}
          onSend={(v) => {
            setArmedHere(true);
            cmd.request(v, originOf(compact));
          }}
        />
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
