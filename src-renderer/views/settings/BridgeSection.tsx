/**
 * Settings → MQTT bridge: its live state (connected, queued, dropped, published), the switch
 * that turns it on or off, and its settings as a form saved in one go (the bridge reconnects
 * with them). The password is write-only: the page only learns whether one is saved. The parts:
 * BridgeState, BridgeConnectionFields, BridgeDeliveryFields.
 */
import { useEffect, useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SwitchField } from '../../components/value/SwitchField';
import { messages } from '../../messages';
import { draftOf, followBridge, patchOf, useBridge, type BridgeDraft } from '../../state/bridge';
import { BridgeConnectionFields } from './BridgeConnectionFields';
import { BridgeDeliveryFields } from './BridgeDeliveryFields';
import { bridgeField } from './bridgeField';
import { BridgeState } from './BridgeState';

const t = messages.settings.bridge;

export function BridgeSection() {
  const view = useBridge((s) => s.view);
  const loadError = useBridge((s) => s.loadError);
  const draft = useBridge((s) => s.draft);
  const pending = useBridge((s) => s.pending);
  const saveError = useBridge((s) => s.saveError);
  const refresh = useBridge((s) => s.refresh);
  const edit = useBridge((s) => s.edit);
  const revert = useBridge((s) => s.revert);
  const save = useBridge((s) => s.save);
  const [tried, setTried] = useState(false);

  useEffect(() => followBridge(), []);

  if (!view)
    return loadError ? (
      <ErrorNotice error={loadError} title={t.loadFailed} onRetry={() => void refresh()} />
    ) : (
      <p className="muted">…</p>
    );

  const s = view.settings;
  const d: BridgeDraft = draft ?? draftOf(s);
  const checked = patchOf(d);
  const errorOf = (f: keyof BridgeDraft): string | null =>
    tried || draft ? (checked.errors?.[f] ?? null) : null;
  const field = bridgeField(d, errorOf, edit);
  const trySave = (): void => {
    setTried(true);
    if (checked.patch) void save(checked.patch, true).then((ok) => ok && setTried(false));
  };

  return (
    <>
      <p className="muted">{t.intro}</p>
      <div className="accept-row bridge-switch">
        <SwitchField
          checked={s.enabled}
          label={t.enable}
          disabled={pending}
          onToggle={() => void save({ enabled: !s.enabled }, false)}
        />
        <h3 className="accept-label">{t.enable}</h3>
      </div>
      <BridgeState status={view.status} />

      <BridgeConnectionFields d={d} field={field} passwordSet={s.passwordSet} edit={edit} />
      <BridgeDeliveryFields d={d} field={field} savedPrefix={s.prefix} edit={edit} />

      {saveError ? <ErrorNotice error={saveError} title={t.saveFailed} /> : null}
      <div className="row settings-actions">
        <span className="settings-spacer" />
        {draft ? <span className="muted">{t.unsaved}</span> : null}
        <button type="button" className="btn" disabled={!draft || pending} onClick={revert}>
          {t.revert}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={!draft || pending}
          onClick={trySave}
        >
          {pending ? t.saving : t.save}
        </button>
      </div>
    </>
  );
}
