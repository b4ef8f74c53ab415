/**
 * What every actuator (UI.md §3.4) shows around its control: the armed confirmation, the "did not
 * confirm" note, and the ghosted "Sending…" target while a change is pending. Also the state the
 * device reports, which is what a control shows (never an optimistic value).
 */
import type { ReactNode } from 'react';
import type { Value } from '../../model/pson';
import { messages } from '../../messages';
import type { ResourceEntry } from '../../state/resources';
import { armQuestion, spokenValue, useResourceCommands, type PanelTarget } from './commands';
import { ConfirmStrip } from './ConfirmStrip';

const t = messages.device;

/** The state the device reports: describe's `in` (fn 2), or the output of a fn 4 run. */
export function reportedOf(entry: ResourceEntry, fn: number): Value | undefined {
  if (fn === 4 && entry.outputSource === 'run') return entry.output;
  return entry.details?.in;
}

/** Where an armed question shows: under the control in the Controls strip, or in the panel. */
export const originOf = (compact: boolean): string => (compact ? 'strip' : 'panel');

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
export function ActuatorFrame({
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

/** "Sending ON" beside the control while a change is pending. */
export function Ghost({ entry }: { entry: ResourceEntry }) {
  if (!entry.pending || entry.pending.target === undefined) return null;
  return (
    <span className="rp-ghost">
      {t.panel.sending} {spokenValue(entry.pending.target)}
    </span>
  );
}
