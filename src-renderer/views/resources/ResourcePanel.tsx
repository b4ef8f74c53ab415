/**
 * One resource's panel (UI.md §3.2 "Panel anatomy"): a `region` named after the resource, its
 * kind, a menu, a body per `fn` (Run; Input; Output; Input + output side by side), and a footer
 * with the last result's time and duration (and the device's code) and Copy as cURL. The panel
 * asks for its describe-one sample only once it scrolls into view.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { CopyButton } from '../../components/CopyButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { clockTime, duration } from '../../format/time';
import { messages } from '../../messages';
import {
  asksBeforeChanging,
  draftFor,
  dropDetailsRequest,
  emptyEntry,
  requestDetails,
  resourceKey,
  useResources,
  type Fn,
  type Outcome,
} from '../../state/resources';
import { ChangeStatus, reportedOf } from './ActuatorFrame';
import { useResourceCommands } from './commands';
import { useInView } from './hooks';
import type { ResourceItem } from './layout';
import { isCancelled, panelError, panelErrorAsNotice } from './panelErrors';
import { InputSide } from './InputSide';
import { OutputSide } from './OutputSide';
import { PanelMenu, type MenuEntry } from './PanelMenu';
import { PendingButton } from './PendingButton';
import { usePanelActions, type PanelActions } from './usePanelActions';

const t = messages.device;

export interface PanelHost {
  /** The device is online and the link to main is up: actions work. */
  enabled: boolean;
  /** Values are stale (device offline, link lost). */
  stale: boolean;
  now: number;
  /** The panel got focus: Mod+Enter now runs it (with its actions as they are then). */
  onFocus: (key: string, actions: () => PanelActions) => void;
}

export function ResourcePanel({
  user,
  device,
  item,
  host,
}: {
  user: string;
  device: string;
  item: ResourceItem;
  host: PanelHost;
}) {
  if (item.fn === null) return <NullPanel name={item.name} />;
  return <Panel user={user} device={device} name={item.name} fn={item.fn} host={host} />;
}

function NullPanel({ name }: { name: string }) {
  const titleId = useId();
  return (
    <section className="rp-panel rp-null" aria-labelledby={titleId}>
      <header className="rp-head">
        <h3 id={titleId} className="rp-title mono">
          {name}
        </h3>
      </header>
      <p className="muted">{t.panel.nullDescriptor}</p>
    </section>
  );
}

function outcomeText(o: Outcome): string {
  const words = !o.ok
    ? isCancelled(o.error)
      ? t.panel.cancelledAt
      : t.panel.failed
    : o.kind === 'read'
      ? t.panel.read
      : o.kind === 'send'
        ? t.panel.sent
        : t.panel.done;
  return words(clockTime(o.at), duration(o.ms));
}

function Panel({
  user,
  device,
  name,
  fn,
  host,
}: {
  user: string;
  device: string;
  name: string;
  fn: Fn;
  host: PanelHost;
}) {
  const titleId = useId();
  const ref = useRef<HTMLElement>(null);
  const key = resourceKey(user, device, name);
  const target = useMemo(() => ({ user, device, resource: name, fn }), [user, device, name, fn]);
  const entry = useResources((s) => s.entries[key]) ?? emptyEntry;
  const saved = useResources((s) => s.drafts[key]);
  const asks = useResources((s) => asksBeforeChanging(s.ask, key, fn));
  const [valid, setValid] = useState(true);
  const cmd = useResourceCommands(target);
  const draft = draftFor(saved, entry.details);
  const hasInput = fn === 2 || fn === 4;
  const shown = hasInput && fn === 2 ? reportedOf(entry, fn) : entry.output;
  const actions = usePanelActions(target, cmd, {
    enabled: host.enabled,
    ready: valid && (!hasInput || entry.details !== null || saved !== undefined),
    input: hasInput ? draft.value : undefined,
    shown,
  });
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  }, [actions]);

  // Describe-one only while in view (it runs the handler on the device, IOTMP.md §7.3). Inputs
  // and outputs ask the device afresh; an RPC's template may come from the broker's cache.
  const inView = useInView(ref);
  const detailsState = entry.detailsState;
  useEffect(() => {
    if (fn === 1) return;
    if (inView && host.enabled && detailsState === 'idle')
      requestDetails(user, device, name, { refresh: fn !== 4 });
    else if (!inView && detailsState === 'queued') dropDetailsRequest(user, device, name);
  }, [inView, host.enabled, detailsState, user, device, name, fn]);

  const menu: MenuEntry[] = [
    { action: actions.copyCurl },
    ...(actions.copyCurlToken ? [{ action: actions.copyCurlToken }] : []),
    { action: actions.copyJson },
    ...(actions.chart ? [{ action: actions.chart }] : []),
    { action: actions.showFrames },
    ...(fn !== 3 ? [{ action: actions.toggleAsk, checked: asks }] : []),
  ];
  const last = entry.last;
  const failed = last && !last.ok && !isCancelled(last.error) ? last.error : null;
  const failure = failed ? panelError(failed) : null;
  const targetWithKey = useMemo(() => ({ ...target, key }), [target, key]);

  const sides = {
    target,
    entry,
    actions,
    enabled: host.enabled,
    stale: host.stale,
    now: host.now,
  };
  const input = hasInput ? (
    <InputSide
      {...sides}
      rkey={key}
      valid={valid}
      saved={saved}
      draft={draft}
      onValidity={setValid}
    />
  ) : null;

  return (
    <section
      ref={ref}
      className={`rp-panel rp-fn-${fn}`}
      aria-labelledby={titleId}
      onFocus={() => host.onFocus(key, () => latest.current)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && (entry.armed || entry.pending)) {
          e.preventDefault();
          actions.cancel.perform();
        }
      }}
    >
      <header className="rp-head">
        <h3 id={titleId} className="rp-title mono">
          {name}
        </h3>
        <span className={`rp-kind rp-kind-${fn}`} title={t.kindTitle[fn]}>
          {t.kind[fn]}
        </span>
        <PanelMenu label={t.panel.menu(name)} entries={menu} />
      </header>

      <div className="rp-body">
        {fn === 1 ? (
          <div className="rp-run">
            <PendingButton
              action={actions.primary}
              cancel={actions.cancel}
              pending={entry.pending}
              pendingLabel={t.panel.running}
            />
            <ChangeStatus target={target} entry={entry} armedHere origin="panel" />
            {last && !failure ? (
              <p className={last.ok ? 'rp-result' : 'rp-result muted'}>{outcomeText(last)}</p>
            ) : null}
            {failed ? <ErrorNotice error={panelErrorAsNotice(failed)} /> : null}
          </div>
        ) : null}
        {fn === 2 ? input : null}
        {fn === 3 ? <OutputSide {...sides} target={targetWithKey} /> : null}
        {fn === 4 ? (
          <div className="rp-split">
            {input}
            <OutputSide {...sides} target={targetWithKey} />
          </div>
        ) : null}
      </div>

      {!host.enabled ? <p className="rp-offline">{t.panel.offlineActions}</p> : null}

      <footer className="rp-foot">
        <span className="rp-foot-result muted">
          {last && fn !== 1 ? (
            <>
              {last.ok ? null : <span aria-hidden="true">✕ </span>}
              {outcomeText(last)}
              {failure?.deviceCode ? ` · ${t.panel.returnCode(failure.deviceCode)}` : ''}
            </>
          ) : null}
        </span>
        <CopyButton
          text={actions.curlText}
          label={actions.copyCurl.label}
          className="btn btn-quiet rp-curl"
        />
      </footer>
    </section>
  );
}
