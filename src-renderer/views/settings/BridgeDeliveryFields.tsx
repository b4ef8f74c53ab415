/**
 * The bridge form's "what is bridged": topic prefix, devices and resources, sampling interval and
 * queue bound (with the topics that gives), QoS and MQTT version, and whether commands are taken.
 */
import { useId } from 'react';
import { TextField } from '../../components/TextField';
import { SwitchField } from '../../components/value/SwitchField';
import { messages } from '../../messages';
import type { BridgeDraft } from '../../state/bridge';
import type { BridgeField } from './bridgeField';
import { Segmented } from './Segmented';

const t = messages.settings.bridge;

export function BridgeDeliveryFields({
  d,
  field,
  savedPrefix,
  edit,
}: {
  d: BridgeDraft;
  field: BridgeField;
  /** The saved prefix, for the topics line while the typed one is empty. */
  savedPrefix: string;
  edit(patch: Partial<BridgeDraft>): void;
}) {
  const commandsHintId = useId();
  return (
    <>
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
      <p className="muted settings-small mono">{t.topics(d.prefix.trim() || savedPrefix)}</p>
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
    </>
  );
}
