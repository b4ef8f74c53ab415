/**
 * The two sides of a resource panel (UI.md §3.2 "Panels by resource kind"): the input (a switch,
 * a number control or a generated form, with Send or Run, the last values sent and what the
 * device reports) and the output (a value card with Refresh, Auto-refresh and Chart).
 */
import { useCallback, useEffect, useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FormIssues, useIssueCollector } from '../../components/value/formIssues';
import { stepFor } from '../../components/value/NumberField';
import { isNumberShape, shapeOf, summaryText, type Value } from '../../model/pson';
import { ValueEditor } from '../../components/value/ValueEditor';
import type { Draft } from '../../model/pson';
import { messages } from '../../messages';
import {
  discardDraft,
  divergence,
  editDraft,
  requestDetails,
  useResources,
  type ResourceEntry,
  type SavedDraft,
} from '../../state/resources';
import { ChangeStatus, NumberActuator, reportedOf, SwitchActuator } from './Actuators';
import type { PanelTarget } from './commands';
import { useElapsed } from './hooks';
import { isCancelled, panelError } from './panelErrors';
import { PendingButton } from './PendingButton';
import type { PanelActions } from './usePanelActions';
import { AUTO_REFRESH_SECONDS, streamStaleAfter, useAutoRefresh } from './useAutoRefresh';
import { ValueCard } from './ValueCard';

const t = messages.device.panel;

/** UI.md §1: skeletons only after 150 ms, to avoid flicker. */
const SKELETON_AFTER_MS = 150;

/** A skeleton while describe-one is out; its error with Retry when it failed. */
function DetailsPending({ target, entry }: { target: PanelTarget; entry: ResourceEntry }) {
  const [since] = useState(() => Date.now());
  const show = useElapsed(since, SKELETON_AFTER_MS);
  if (entry.detailsState === 'error')
    return (
      <ErrorNotice
        error={panelErrorAsNotice(entry.detailsError)}
        onRetry={() =>
          requestDetails(target.user, target.device, target.resource, {
            refresh: true,
            force: true,
          })
        }
      />
    );
  return show ? <div className="rp-skeleton" aria-hidden="true" /> : null;
}

/** ErrorNotice shows `message`, `code` and `detail`: give it the panel's words. */
export function panelErrorAsNotice(error: unknown): {
  code: string;
  message: string;
  detail?: unknown;
} {
  const e = panelError(error);
  return {
    code: e.code ?? 'ERROR',
    message: e.message,
    ...(e.detail !== undefined ? { detail: e.detail } : {}),
  };
}

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

/** "The device now reports 40 · Use it" / "The device reports 40, not 42 · Use it". */
function Divergence({
  saved,
  reported,
  dkey,
}: {
  saved: SavedDraft | undefined;
  reported: Value | undefined;
  dkey: string;
}) {
  const kind = divergence(saved, reported);
  if (!kind || !saved) return null;
  const text =
    kind === 'changed'
      ? t.nowReports(summaryText(reported))
      : t.reportsNot(summaryText(reported), summaryText(saved.value));
  return (
    <p className="rp-divergence">
      <span aria-hidden="true">▲ </span>
      {text} ·{' '}
      <button type="button" className="btn btn-quiet rp-link" onClick={() => discardDraft(dkey)}>
        {t.useIt}
      </button>
    </p>
  );
}

function History({
  target,
  dkey,
  reported,
}: {
  target: PanelTarget;
  dkey: string;
  reported: Value | undefined;
}) {
  const history = useResources((s) => s.history[dkey]);
  if (!history?.length) return null;
  return (
    <label className="rp-history">
      <select
        className="field"
        aria-label={messages.device.form.historyLabel(target.resource)}
        value=""
        onChange={(e) => {
          const v = history[Number(e.target.value)];
          if (v !== undefined) editDraft(dkey, { value: v }, reported);
        }}
      >
        <option value="" disabled>
          {messages.device.form.history}
        </option>
        {history.map((v, i) => (
          <option key={i} value={i}>
            {summaryText(v, 48)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function InputSide(props: InputSideProps) {
  const {
    target,
    rkey: dkey,
    valid,
    entry,
    actions,
    saved,
    draft,
    enabled,
    stale,
    now,
    onValidity,
  } = props;
  const { report, ok } = useIssueCollector();
  if (entry.details === null) return <DetailsPending target={target} entry={entry} />;
  const template = entry.details.in;
  const reported = reportedOf(entry, target.fn);
  const shape = shapeOf(draft.value);
  const pendingLabel = target.fn === 2 ? t.sending : t.running;
  const onDraft = (d: Draft): void => editDraft(dkey, d, reported);
  const sendButton = (
    <PendingButton
      action={actions.primary}
      cancel={actions.cancel}
      pending={entry.pending}
      pendingLabel={pendingLabel}
    />
  );

  let control;
  if (shape === 'boolean' && draft.text === undefined) {
    control = <SwitchActuator target={target} enabled={enabled} />;
    if (target.fn === 4)
      control = (
        <div className="row">
          {control}
          {sendButton}
        </div>
      );
  } else if (isNumberShape(shape) && draft.text === undefined) {
    control = (
      <FormIssues.Provider value={report}>
        <ValidityProbe ok={ok} onValidity={onValidity} />
        <NumberActuator
          target={target}
          enabled={enabled}
          draft={draft.value}
          onDraft={(v) => onDraft({ value: v })}
          step={stepFor(template ?? draft.value)}
          range={entry.details.range}
          onCommit={() => actions.primary.perform()}
        >
          {sendButton}
        </NumberActuator>
      </FormIssues.Provider>
    );
  } else {
    control = (
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
          <History target={target} dkey={dkey} reported={reported} />
        </div>
        <ChangeStatus target={target} entry={entry} armedHere origin="panel" />
      </>
    );
  }
  return (
    <div className="rp-input">
      {control}
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

/** Reports the validity of a provider's fields upward. */
function ValidityProbe({ ok, onValidity }: { ok: boolean; onValidity: (ok: boolean) => void }) {
  useEffect(() => {
    onValidity(ok);
  }, [ok, onValidity]);
  return null;
}

export interface OutputSideProps {
  target: PanelTarget & { key: string };
  entry: ResourceEntry;
  actions: PanelActions;
  enabled: boolean;
  stale: boolean;
  now: number;
}

export function OutputSide({ target, entry, actions, enabled, stale, now }: OutputSideProps) {
  const [seconds, setSeconds] = useState(0);
  const stopped = useCallback(() => setSeconds(0), []);
  const stream = useAutoRefresh(target, seconds, stopped);
  const silent =
    seconds > 0 && stream.lastAt !== null && now - stream.lastAt > streamStaleAfter(seconds);
  const sample = target.fn === 4 && entry.outputSource === 'describe' ? t.sample : undefined;
  return (
    <div className="rp-output">
      {entry.details === null && entry.output === undefined ? (
        <DetailsPending target={target} entry={entry} />
      ) : (
        <ValueCard
          label={t.value}
          value={entry.output}
          at={entry.outputAt}
          now={now}
          stale={stale || silent}
          note={sample}
          large
        />
      )}
      <div className="row rp-tools">
        {target.fn === 3 ? (
          <PendingButton
            action={actions.refresh}
            cancel={actions.cancel}
            pending={entry.pending}
            pendingLabel={t.reading}
            primary={false}
          />
        ) : null}
        {target.fn === 3 ? (
          <label className="rp-auto">
            <span>{t.autoRefresh}</span>
            <select
              className="field"
              value={seconds}
              onChange={(e) => setSeconds(Number(e.target.value))}
            >
              {AUTO_REFRESH_SECONDS.map((s) => (
                <option key={s} value={s}>
                  {s ? t.everySeconds(s) : t.autoRefreshOff}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {actions.chart ? (
          <button type="button" className="btn" onClick={actions.chart.perform}>
            {actions.chart.label}
          </button>
        ) : null}
      </div>
      {seconds > 0 && stream.state === 'error' ? (
        <p className="rp-warn">{t.streamFailed(stream.reason ?? '')}</p>
      ) : null}
      {seconds > 0 && stream.state === 'waiting' ? (
        <p className="rp-hint">{t.streamWaiting}</p>
      ) : null}
      {target.fn === 3 && entry.last && !entry.last.ok && !isCancelled(entry.last.error) ? (
        <ErrorNotice
          error={panelErrorAsNotice(entry.last.error)}
          onRetry={enabled ? actions.refresh.perform : undefined}
        />
      ) : null}
    </div>
  );
}
