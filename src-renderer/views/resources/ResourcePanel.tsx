/**
 * One resource's panel (UI.md §3.2 "Panel anatomy"): a `region` named after the resource, its
 * kind, a menu, a body per `fn` (Run; Input; Output; Input + output side by side), and a footer
 * with the last result's time and duration (and the device's code) and Copy as cURL. The panel
 * asks for its describe-one sample only once it scrolls into view (its state is in `usePanel`).
 */
import { useId, useMemo, useRef } from 'react';
import { messages } from '../../messages';
import type { Fn } from '../../state/resources';
import type { ResourceItem } from './layout';
import { InputSide } from './InputSide';
import { OutputSide } from './OutputSide';
import { PanelFoot } from './PanelFoot';
import { PanelMenu } from './PanelMenu';
import { RunBody } from './RunBody';
import { usePanel } from './usePanel';
import type { PanelActions } from './panelActionTypes';

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
  const target = useMemo(() => ({ user, device, resource: name, fn }), [user, device, name, fn]);
  const p = usePanel(target, host, ref);
  const { entry, actions } = p;
  const sides = {
    target,
    entry,
    actions,
    enabled: host.enabled,
    stale: host.stale,
    now: host.now,
  };
  const input = p.hasInput ? (
    <InputSide
      {...sides}
      rkey={p.key}
      valid={p.valid}
      saved={p.saved}
      draft={p.draft}
      onValidity={p.setValid}
    />
  ) : null;

  return (
    <section
      ref={ref}
      className={`rp-panel rp-fn-${fn}`}
      aria-labelledby={titleId}
      onFocus={() => host.onFocus(p.key, p.latestActions)}
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
        <PanelMenu label={t.panel.menu(name)} entries={p.menu} />
      </header>

      <div className="rp-body">
        {fn === 1 ? (
          <RunBody target={target} entry={entry} actions={actions} failed={p.failed} />
        ) : null}
        {fn === 2 ? input : null}
        {fn === 3 ? <OutputSide {...sides} target={p.targetWithKey} /> : null}
        {fn === 4 ? (
          <div className="rp-split">
            {input}
            <OutputSide {...sides} target={p.targetWithKey} />
          </div>
        ) : null}
      </div>

      {!host.enabled ? <p className="rp-offline">{t.panel.offlineActions}</p> : null}

      <PanelFoot fn={fn} last={entry.last} failure={p.failure} actions={actions} />
    </section>
  );
}
