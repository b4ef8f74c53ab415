/**
 * The input side of a resource panel (UI.md §3.2 "Panels by resource kind"): a switch, a number
 * control or a generated form, with Send or Run, the last values sent, and what the device reports.
 */
import type { ReactNode } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FormIssues, useIssueCollector } from '../../components/value/formIssues';
import { stepFor } from '../../components/value/numberText';
import { ValueEditor } from '../../components/value/ValueEditor';
import { isNumberShape, shapeOf, type Draft, type Value } from '../../model/pson';
import { messages } from '../../messages';
import { editDraft, type ResourceEntry, type SavedDraft } from '../../state/resources';
import { ChangeStatus, reportedOf } from './ActuatorFrame';
import { NumberActuator } from './NumberActuator';
import { SwitchActuator } from './SwitchActuator';
import type { PanelTarget } from './commands';
import { DetailsPending } from './DetailsPending';
import { Divergence } from './Divergence';
import { InputHistory } from './InputHistory';
import { isCancelled, panelErrorAsNotice } from './panelErrors';
import { PendingButton } from './PendingButton';
import type { PanelActions } from './panelActionTypes';
import { ValidityProbe } from './ValidityProbe';
import { ValueCard } from './ValueCard';

const t = messages.device.panel;

export interface InputSideProps {
  target: PanelTarget;
  /** The resource's key in the store (drafts, history). */
  rkey: string;
  /** Every field holds a value (else Send waits, and says why). */
  valid: boolean;
  entry: ResourceEntry;
  actions: PanelActions;
  saved: SavedDraft | undefined;
  draft: Draft;
  enabled: boolean;
  stale: boolean;
  now: number;
  onValidity: (ok: boolean) => void;
}

export function InputSide(props: InputSideProps) {
  const { target, rkey: dkey, valid, entry, saved, stale, now } = props;
  if (entry.details === null) return <DetailsPending target={target} entry={entry} />;
  const reported = reportedOf(entry, target.fn);
  return (
    <div className="rp-input">
      <InputControl {...props} template={entry.details.in} reported={reported} />
      {!valid ? <p className="rp-hint">{messages.device.form.fixFields}</p> : null}
      <Divergence saved={saved} reported={reported} dkey={dkey} />
      {entry.last &&
      !entry.last.ok &&
      entry.last.kind !== 'read' &&
      !isCancelled(entry.last.error) ? (
        <ErrorNotice error={panelErrorAsNotice(entry.last.error)} />
      ) : null}
      {target.fn === 2 ? (
        <ValueCard
          label={t.reported}
          value={entry.details.in}
          at={entry.detailsAt}
          now={now}
          stale={stale}
        />
      ) : null}
    </div>
  );
}

/** By the draft's shape: a switch, a number control, or the generated form with Send and history. */
function InputControl({
  target,
  rkey: dkey,
  entry,
  actions,
  draft,
  enabled,
  onValidity,
  template,
  reported,
}: InputSideProps & { template: Value | undefined; reported: Value | undefined }) {
  const { report, ok } = useIssueCollector();
  const shape = shapeOf(draft.value);
  const onDraft = (d: Draft): void => editDraft(dkey, d, reported);
  const sendButton = (
    <PendingButton
      action={actions.primary}
      cancel={actions.cancel}
      pending={entry.pending}
      pendingLabel={target.fn === 2 ? t.sending : t.running}
    />
  );
  if (shape === 'boolean' && draft.text === undefined) {
    const control: ReactNode = <SwitchActuator target={target} enabled={enabled} />;
    return target.fn === 4 ? (
      <div className="row">
        {control}
        {sendButton}
      </div>
    ) : (
      control
    );
  }
  if (isNumberShape(shape) && draft.text === undefined)
    return (
      <FormIssues.Provider value={report}>
        <ValidityProbe ok={ok} onValidity={onValidity} />
        <NumberActuator
          target={target}
          enabled={enabled}
          draft={draft.value}
          onDraft={(v) => onDraft({ value: v })}
          step={stepFor(template ?? draft.value)}
          range={entry.details?.range}
          onCommit={() => actions.primary.perform()}
        >
          {sendButton}
        </NumberActuator>
      </FormIssues.Provider>
    );
  return (
    <>
      <ValueEditor
        draft={draft}
        template={template}
        onDraft={onDraft}
        label={target.resource}
        disabled={!enabled}
        onCommit={() => actions.primary.perform()}
        onValidity={onValidity}
      />
      <div className="row rp-send-row">
        {sendButton}
        <InputHistory target={target} dkey={dkey} reported={reported} />
      </div>
      <ChangeStatus target={target} entry={entry} armedHere origin="panel" />
    </>
  );
}
