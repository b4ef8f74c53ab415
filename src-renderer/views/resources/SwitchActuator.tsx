/**
 * A boolean input as a switch (UI.md §3.4): it shows what the device reported, asks first when
 * the resource is marked so, and ghosts the target while the change is pending.
 */
import { useState } from 'react';
import { SwitchField } from '../../components/value/SwitchField';
import { messages } from '../../messages';
import { emptyEntry, useResources } from '../../state/resources';
import { ActuatorFrame, Ghost, originOf, reportedOf } from './ActuatorFrame';
import { spokenValue, useResourceCommands, type PanelTarget } from './commands';

const t = messages.device;

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
