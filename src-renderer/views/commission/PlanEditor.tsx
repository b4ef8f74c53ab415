/**
 * The plan editor (UI.md §3.11 "Plan"): product, target, firmware images with offsets, identity
 * pattern with a live preview, broker address (auto = this laptop's LAN address, a warning on
 * 127.0.0.1), Wi-Fi, provisioning method, checks (PlanChecks). Every field says at itself what is
 * wrong with it (model/planErrors, the schema main parses plans with); Save waits until none is.
 */
import { useMemo, useState } from 'react';
import type { CommissionPlanInput, ProvisioningMethod } from '@contract/commissionSchemas';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField } from '../../components/Field';
import { TextField } from '../../components/TextField';
import { messages } from '../../messages';
import { previewIds } from '../../model/commissionPlan';
import { planErrors } from '../../model/planErrors';
import { useCommission } from '../../state/commission';
import { PlanChecks } from './PlanChecks';

const t = messages.commission.plan;

const METHODS = (Object.keys(t.methods) as ProvisioningMethod[]).map(
  (m) => [m, t.methods[m]] as const,
);

type Checks = NonNullable<CommissionPlanInput['checks']>;

export function PlanEditor() {
  const plans = useCommission((s) => s.plans);
  const planId = useCommission((s) => s.planId);
  const draft = useCommission((s) => s.draft);
  const defaults = useCommission((s) => s.defaults);
  const { choosePlan, setDraft, savePlan } = useCommission.getState();
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const errors = useMemo(() => planErrors(draft), [draft]);
  const err = (path: string) => errors.get(path) ?? null;

  const patch = (p: Partial<CommissionPlanInput>) => {
    setNote(null);
    setDraft({ ...draft, ...p });
  };
  const checks: Checks = draft.checks ?? {};
  const patchChecks = (p: Partial<Checks>) => patch({ checks: { ...checks, ...p } });
  const identity = draft.identity;
  const broker = draft.broker ?? { host: 'auto', port: 25204 };
  const host = broker.host ?? 'auto';
  const resolvedHost = host === 'auto' ? (defaults?.lanAddress ?? '127.0.0.1') : host;
  const firmware = draft.firmware ?? [];

  const save = async () => {
    setError(null);
    try {
      await savePlan();
      setNote(t.saved);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="commission-plan" aria-label={t.title}>
      <h2>{t.title}</h2>
      <label className="form-row">
        <span>{t.choose}</span>
        <select
          className="field"
          value={planId ?? ''}
          onChange={(e) => {
            choosePlan(e.target.value || null);
          }}
        >
          <option value="">{plans.length ? t.newPlan : t.none}</option>
          {plans.map((p) => (
            <option key={p.id} value={p.id}>
              {p.plan.name}
            </option>
          ))}
        </select>
      </label>
      <TextField
        label={t.name}
        value={draft.name}
        error={err('name')}
        onValue={(name) => patch({ name })}
      />
      <label className="form-row">
        <span>{t.target}</span>
        <select
          className="field"
          value={draft.target.kind === 'esp' ? draft.target.chip : draft.target.board}
          onChange={(e) => {
            const v = e.target.value;
            patch({
              target: ['esp32', 'esp32s3', 'esp8266'].includes(v)
                ? { kind: 'esp', chip: v as 'esp32' }
                : { kind: 'avr', board: v as 'uno' },
              provisioning: ['esp32', 'esp32s3', 'esp8266'].includes(v) ? 'nvs' : 'serial',
            });
          }}
        >
          <option value="esp32">ESP32</option>
          <option value="esp32s3">ESP32-S3</option>
          <option value="esp8266">ESP8266</option>
          <option value="uno">Arduino Uno</option>
          <option value="nano">Arduino Nano</option>
          <option value="mega2560">Arduino Mega 2560</option>
        </select>
      </label>

      <fieldset className="plan-group">
        <legend>{t.firmware}</legend>
        <p className="muted small">{t.firmwareHint}</p>
        {firmware.map((img, i) => (
          <div className="check-list-row" key={i}>
            <TextField
              label={`${t.file} ${i + 1}`}
              hideLabel
              mono
              className="grow"
              value={img.file}
              error={err(`firmware.${i}.file`)}
              onValue={(file) =>
                patch({ firmware: firmware.map((x, j) => (j === i ? { ...x, file } : x)) })
              }
            />
            {draft.target.kind === 'esp' && (
              <TextField
                label={`${t.offset} ${i + 1}`}
                hideLabel
                mono
                className="offset"
                value={img.offset !== undefined ? `0x${img.offset.toString(16)}` : ''}
                error={err(`firmware.${i}.offset`)}
                onValue={(v) => {
                  const n = Number.parseInt(v, 16);
                  patch({
                    firmware: firmware.map((x, j) =>
                      j === i ? { ...x, offset: Number.isFinite(n) ? n : 0 } : x,
                    ),
                  });
                }}
              />
            )}
            <button
              type="button"
              className="btn btn-quiet"
              aria-label={t.removeImage(i + 1)}
              onClick={() => patch({ firmware: firmware.filter((_, j) => j !== i) })}
            >
              ✕
            </button>
          </div>
        ))}
        <button
          type="button"
          className="btn"
          onClick={() =>
            patch({
              firmware: [
                ...firmware,
                {
                  file: '',
                  ...(draft.target.kind === 'esp'
                    ? { offset: firmware.length ? 0x10000 : 0x1000 }
                    : {}),
                },
              ],
            })
          }
        >
          {t.addImage}
        </button>
      </fieldset>

      <fieldset className="plan-group">
        <legend>{t.identity}</legend>
        <TextField
          label={t.identity}
          hint={t.identityHint}
          mono
          value={identity.pattern}
          error={err('identity.pattern')}
          onValue={(pattern) => patch({ identity: { ...identity, pattern } })}
        />
        <p className="small" aria-live="polite">
          {t.next(previewIds(identity.pattern, identity.start ?? 1).join(', '))}
        </p>
        <div className="form-pair">
          <TextField
            label={t.start}
            type="number"
            min={0}
            value={identity.start ?? 1}
            error={err('identity.start')}
            onValue={(v) => patch({ identity: { ...identity, start: Number(v) } })}
          />
          <TextField
            label={t.user}
            value={identity.user ?? 'studio'}
            error={err('identity.user')}
            onValue={(user) => patch({ identity: { ...identity, user } })}
          />
        </div>
        <label className="form-row">
          <span>{t.onExisting}</span>
          <select
            className="field"
            value={identity.onExisting ?? 'refuse'}
            onChange={(e) =>
              patch({ identity: { ...identity, onExisting: e.target.value as 'refuse' | 'reuse' } })
            }
          >
            <option value="refuse">{t.refuse}</option>
            <option value="reuse">{t.reuse}</option>
          </select>
        </label>
      </fieldset>

      <fieldset className="plan-group">
        <legend>{t.broker}</legend>
        <div className="form-pair">
          <TextField
            label={t.brokerHost}
            mono
            value={host}
            error={err('broker.host')}
            onValue={(v) => patch({ broker: { ...broker, host: v } })}
          />
          <TextField
            label={t.brokerPort}
            type="number"
            value={broker.port ?? 25204}
            error={err('broker.port')}
            onValue={(v) => patch({ broker: { ...broker, port: Number(v) } })}
          />
        </div>
        {host === 'auto' && (
          <p className="muted small">{t.autoIs(`${resolvedHost}:${broker.port ?? 25204}`)}</p>
        )}
        {(resolvedHost === '127.0.0.1' || resolvedHost === 'localhost') && (
          <p className="notice-warn small" role="note">
            ▲ {t.loopbackWarning}
          </p>
        )}
      </fieldset>

      <fieldset className="plan-group">
        <legend>{t.wifi}</legend>
        <div className="form-pair">
          <TextField
            label={t.ssid}
            value={draft.wifi?.ssid ?? ''}
            error={err('wifi.ssid')}
            onValue={(ssid) =>
              patch({ wifi: ssid ? { ssid, psk: draft.wifi?.psk ?? '' } : null })
            }
          />
          <TextField
            label={t.psk}
            type="password"
            value={draft.wifi?.psk ?? ''}
            disabled={!draft.wifi}
            error={err('wifi.psk')}
            onValue={(psk) => draft.wifi && patch({ wifi: { ...draft.wifi, psk } })}
          />
        </div>
      </fieldset>

      <div className="form-pair">
        <SelectField
          label={t.provisioning}
          value={draft.provisioning}
          options={METHODS}
          error={err('provisioning')}
          onValue={(provisioning) => patch({ provisioning })}
        />
        <TextField
          label={t.joinTimeout}
          type="number"
          min={5}
          value={draft.joinTimeoutS ?? 60}
          error={err('joinTimeoutS')}
          onValue={(v) => patch({ joinTimeoutS: Number(v) })}
        />
      </div>

      <PlanChecks checks={checks} errors={errors} onChecks={patchChecks} />

      <div className="toolbar">
        <button
          type="button"
          className="btn btn-primary"
          disabled={errors.size > 0}
          aria-describedby={errors.size > 0 ? 'plan-fix-first' : undefined}
          onClick={() => void save()}
        >
          {t.save}
        </button>
        {errors.size > 0 && (
          <span id="plan-fix-first" className="notice-warn small">
            {t.fixFirst(errors.size)}
          </span>
        )}
        {note && (
          <span className="muted" role="status">
            {note}
          </span>
        )}
      </div>
      {error !== null && <ErrorNotice error={error} />}
    </section>
  );
}
