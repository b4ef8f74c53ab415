/**
 * The compact "Controls" strip at the top of the Resources tab (UI.md §3.4): every input whose
 * state is a boolean or a number, as a switch or a number control, sharing the panels' state
 * (drafts, pending change, armed confirmation). Inputs read their state here without waiting
 * to be scrolled to, within the same bound of describe-one requests.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { stepFor } from '../../components/value/numberText';
import { isNumberShape, shapeOf, type Value } from '../../model/pson';
import { messages } from '../../messages';
import {
  draftFor,
  editDraft,
  emptyEntry,
  requestDetails,
  resourceKey,
  useResources,
  type ResourcesData,
} from '../../state/resources';
import { NumberActuator } from './NumberActuator';
import { SwitchActuator } from './SwitchActuator';
import { useResourceCommands, type PanelTarget } from './commands';
import type { ResourceItem } from './layout';

type ControlKind = 'switch' | 'number';

function controlKind(state: Value | undefined): ControlKind | null {
  if (state === undefined) return null;
  const shape = shapeOf(state);
  if (shape === 'boolean') return 'switch';
  return isNumberShape(shape) ? 'number' : null;
}

const controlsOf =
  (user: string, device: string, inputs: readonly ResourceItem[]) =>
  (s: ResourcesData): string[] =>
    inputs
      .filter((i) => controlKind(s.entries[resourceKey(user, device, i.name)]?.details?.in))
      .map((i) => i.name);

export function ControlsStrip({
  user,
  device,
  items,
  enabled,
}: {
  user: string;
  device: string;
  items: readonly ResourceItem[];
  enabled: boolean;
}) {
  const inputs = items.filter((i) => i.fn === 2);
  const names = useResources(useShallow(controlsOf(user, device, inputs)));
  const inputNames = inputs.map((i) => i.name).join('\n');
  useEffect(() => {
    if (!enabled || !inputNames) return;
    for (const name of inputNames.split('\n'))
      requestDetails(user, device, name, { refresh: true });
  }, [user, device, enabled, inputNames]);
  if (names.length === 0) return null;
  return (
    <section className="rp-controls" aria-label={messages.device.tab.controls}>
      <h3 className="rp-controls-title">{messages.device.tab.controls}</h3>
      <ul className="rp-controls-list">
        {names.map((name) => (
          <li key={name}>
            <StripControl target={{ user, device, resource: name, fn: 2 }} enabled={enabled} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function StripControl({ target, enabled }: { target: PanelTarget; enabled: boolean }) {
  const cmd = useResourceCommands(target);
  const entry = useResources((s) => s.entries[cmd.key]) ?? emptyEntry;
  const saved = useResources((s) => s.drafts[cmd.key]);
  const reported = entry.details?.in;
  const kind = controlKind(reported);
  return (
    <div className="rp-control">
      <span className="rp-control-name mono" aria-hidden="true">
        {target.resource}
      </span>
      {kind === 'switch' ? (
        <SwitchActuator target={target} enabled={enabled} compact />
      ) : (
        <NumberControl
          target={target}
          enabled={enabled}
          value={draftFor(saved, entry.details).value}
        />
      )}
    </div>
  );
}

function NumberControl({
  target,
  enabled,
  value,
}: {
  target: PanelTarget;
  enabled: boolean;
  value: Value;
}) {
  const cmd = useResourceCommands(target);
  const entry = useResources((s) => s.entries[cmd.key]) ?? emptyEntry;
  const send = (): void => cmd.request(value, 'strip');
  return (
    <NumberActuator
      target={target}
      enabled={enabled}
      draft={value}
      onDraft={(v) => editDraft(cmd.key, { value: v }, entry.details?.in)}
      step={stepFor(entry.details?.in ?? value)}
      range={entry.details?.range}
      onCommit={send}
      compact
    >
      <button
        type="button"
        className="btn"
        aria-label={messages.device.panel.sendTo(target.resource)}
        aria-disabled={!enabled || entry.pending !== null}
        onClick={() => enabled && !entry.pending && send()}
      >
        {messages.device.panel.send}
      </button>
    </NumberActuator>
  );
}
