/**
 * Settings → MQTT bridge: its live state (connected, queued, dropped, published), the switch
 * that turns it on or off, and its settings as a form saved in one go (the bridge reconnects
 * with them). The password is write-only: the page only learns whether one is saved.
 */
import { useEffect, useId, useState } from 'react';
import type { BridgeStatus } from '@contract/bridgeSchemas';
import { ErrorNotice } from '../../components/ErrorNotice';
import { StatusGlyph, type Status } from '../../components/StatusGlyph';
import { SwitchField } from '../../components/value/SwitchField';
import { clockTime } from '../../format/time';
import { messages } from '../../messages';
import { draftOf, followBridge, patchOf, useBridge, type BridgeDraft } from '../../state/bridge';
import { TextField } from '../../components/TextField';
import { Segmented } from './Segmented';

const t = messages.settings.bridge;

const GLYPH: Record<BridgeStatus['state'], Status> = {
  off: 'offline',
  connecting: 'unknown',
  connected: 'online',
  waiting: 'warning',
  misconfigured: 'failed',
};

function BridgeState({ status }: { status: BridgeStatus }) {
  const facts: [string, string][] = [
    [t.queued, status.queued.toLocaleString()],
    [t.dropped, status.dropped.toLocaleString()],
    [t.published, status.published.toLocaleString()],
    [t.streams, status.streams.toLocaleString()],
    [t.commands, `${status.commandsRun} / ${status.commandsFailed}`],
  ];
  return (
    <div className="bridge-state" role="status" aria-live="polite">
      <p className="bridge-state-line">
        <StatusGlyph status={GLYPH[status.state]} word={false} />{' '}
        <strong>{t.states[status.state]}</strong>
        {status.state !== 'off' ? (
          <span className="mono muted">
            {' '}
            {status.url} · {status.clientId}
          </span>
        ) : null}
        {status.connectedSince !== null ? (
          <span className="muted"> {t.since(clockTime(status.connectedSince))}</span>
        ) : null}
        {status.retryInMs !== null ? (
          <span className="muted"> · {t.retryIn(Math.ceil(status.retryInMs / 1000))}</span>
        ) : null}
      </p>
      {status.lastError && status.state !== 'connected' ? (
        <p className="bridge-error">
          {t.lastError}: {status.lastError}
        </p>
      ) : null}
      <dl className="bridge-facts">
        {facts.map(([k, v]) => (
          <div
            key={k}
            className={k === t.dropped && status.dropped > 0 ? 'bridge-warn' : undefined}
          >
            <dt>{k}</dt>
            <dd className="mono">{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

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
  const commandsHintId = useId();

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
  const field = (f: keyof BridgeDraft) => ({
    value: d[f] as string,
    error: errorOf(f),
    onValue: (v: string) => edit({ [f]: v }),
    mono: true,
  });
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

      <h3 className="settings-sub">{t.connection}</h3>
      <div className="settings-grid">
        <TextField
          className="bridge-wide"
          label={t.url}
          hint={t.urlHint}
          placeholder="mqtts://mqtt.example.com:8883"
          {...field('url')}
        />
        <TextField label={t.clientId} {...field('clientId')} />
        <TextField label={t.username} {...field('username')} />
        <TextField
          label={t.password}
          hint={s.passwordSet ? t.passwordSet : t.passwordNone}
          type="password"
          autoComplete="new-password"
          disabled={d.clearPassword}
          {...field('password')}
        />
      </div>
      {s.passwordSet ? (
        <label className="bridge-check">
          <input
            type="checkbox"
            checked={d.clearPassword}
            onChange={(e) => edit({ clearPassword: e.target.checked, password: '' })}
          />{' '}
          {t.clearPassword}
        </label>
      ) : null}
      <h3 className="settings-sub">{t.tls}</h3>
      <div className="settings-grid">
        <TextField label={t.caFile} placeholder="/etc/ssl/cluster-ca.pem" {...field('caFile')} />
        <TextField label={t.certFile} {...field('certFile')} />
        <TextField label={t.keyFile} {...field('keyFile')} />
      </div>

      <h3 className="settings-sub">{t.what}</h3>
      <div className="settings-grid">
        <TextField label={t.prefix} hint={t.prefixHint} {...field('prefix')} />
        <TextField label={t.devices} hint={t.devicesHint} {...field('devices')} />
        <TextField label={t.resources} hint={t.resourcesHint} {...field('resources')} />
        <TextField
          label={t.interval}
          hint={t.intervalHint}
          inputMode="numeric"
          {...field('intervalMs')}
        />
        <TextField
          label={t.queue}
          hint={t.queueHint}
          inputMode="numeric"
          {...field('queueMaxMessages')}
        />
      </div>
      <p className="muted settings-small mono">{t.topics(d.prefix.trim() || s.prefix)}</p>
      <div className="settings-grid">
        <Segmented
          legend={t.qos}
          name="bridge-qos"
          value={d.qos}
          options={[
            { value: '0', label: '0' },
            { value: '1', label: '1' },
            { value: '2', label: '2' },
          ]}
          onChange={(qos) => edit({ qos })}
        />
        <Segmented
          legend={t.mqttVersion}
          name="bridge-mqtt"
          value={d.protocolVersion}
          options={[
            { value: '5', label: '5' },
            { value: '4', label: '3.1.1' },
          ]}
          onChange={(protocolVersion) => edit({ protocolVersion })}
        />
      </div>
      <p className="muted settings-small">{t.qosHint}</p>
      <div className="accept-row bridge-switch">
        <SwitchField
          checked={d.commands}
          label={t.commandsSwitch}
          describedBy={commandsHintId}
          onToggle={() => edit({ commands: !d.commands })}
        />
        <span className="accept-label">{t.commandsSwitch}</span>
      </div>
      <p id={commandsHintId} className="muted settings-small">
        {t.commandsHint}
      </p>

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
