/**
 * The plan editor (UI.md §3.11 "Plan"): product, target, firmware images with offsets, identity
 * pattern with a live preview, broker address (auto = this laptop's LAN address, a warning on
 * 127.0.0.1), Wi-Fi, provisioning method, checks. Saved, duplicated, exported and imported.
 */
import { useState } from 'react';
import type { CommissionPlanInput } from '@contract/commissionSchemas';
import { ErrorNotice } from '../../components/ErrorNotice';
import { messages } from '../../messages';
import { previewIds } from '../../model/commissionPlan';
import { useCommission } from '../../state/commission';

const t = messages.commission.plan;

type Checks = NonNullable<CommissionPlanInput['checks']>;

export function PlanEditor() {
  const plans = useCommission((s) => s.plans);
  const planId = useCommission((s) => s.planId);
  const draft = useCommission((s) => s.draft);
  const defaults = useCommission((s) => s.defaults);
  const { choosePlan, setDraft, savePlan } = useCommission.getState();
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const [advanced, setAdvanced] = useState(() => advancedText(draft.checks));
  const [advancedError, setAdvancedError] = useState<string | null>(null);

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
            setAdvanced(advancedText(useCommission.getState().draft.checks));
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
      <label className="form-row">
        <span>{t.name}</span>
        <input
          className="field"
          value={draft.name}
          onChange={(e) => patch({ name: e.target.value })}
        />
      </label>
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
          <div className="image-row" key={i}>
            <input
              className="field mono"
              aria-label={`${t.file} ${i + 1}`}
              value={img.file}
              onChange={(e) =>
                patch({
                  firmware: firmware.map((x, j) => (j === i ? { ...x, file: e.target.value } : x)),
                })
              }
            />
            {draft.target.kind === 'esp' && (
              <input
                className="field mono offset"
                aria-label={`${t.offset} ${i + 1}`}
                value={img.offset !== undefined ? `0x${img.offset.toString(16)}` : ''}
                onChange={(e) => {
                  const n = Number.parseInt(e.target.value, 16);
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
        <label className="form-row">
          <span>{t.identity}</span>
          <input
            className="field mono"
            value={identity.pattern}
            onChange={(e) => patch({ identity: { ...identity, pattern: e.target.value } })}
          />
        </label>
        <p className="muted small">{t.identityHint}</p>
        <p className="small" aria-live="polite">
          {t.next(previewIds(identity.pattern, identity.start ?? 1).join(', '))}
        </p>
        <div className="form-pair">
          <label className="form-row">
            <span>{t.start}</span>
            <input
              className="field"
              type="number"
              min={0}
              value={identity.start ?? 1}
              onChange={(e) => patch({ identity: { ...identity, start: Number(e.target.value) } })}
            />
          </label>
          <label className="form-row">
            <span>{t.user}</span>
            <input
              className="field"
              value={identity.user ?? 'studio'}
              onChange={(e) => patch({ identity: { ...identity, user: e.target.value } })}
            />
          </label>
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
          <label className="form-row">
            <span>{t.brokerHost}</span>
            <input
              className="field mono"
              value={host}
              onChange={(e) => patch({ broker: { ...broker, host: e.target.value } })}
            />
          </label>
          <label className="form-row">
            <span>{t.brokerPort}</span>
            <input
              className="field"
              type="number"
              value={broker.port ?? 25204}
              onChange={(e) => patch({ broker: { ...broker, port: Number(e.target.value) } })}
            />
          </label>
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
          <label className="form-row">
            <span>{t.ssid}</span>
            <input
              className="field"
              value={draft.wifi?.ssid ?? ''}
              onChange={(e) =>
                patch({
                  wifi: e.target.value
                    ? { ssid: e.target.value, psk: draft.wifi?.psk ?? '' }
                    : null,
                })
              }
            />
          </label>
          <label className="form-row">
            <span>{t.psk}</span>
            <input
              className="field"
              type="password"
              value={draft.wifi?.psk ?? ''}
              disabled={!draft.wifi}
              onChange={(e) =>
                draft.wifi && patch({ wifi: { ...draft.wifi, psk: e.target.value } })
              }
            />
          </label>
        </div>
      </fieldset>

      <div className="form-pair">
        <label className="form-row">
          <span>{t.provisioning}</span>
          <select
            className="field"
            value={draft.provisioning}
            onChange={(e) =>
              patch({ provisioning: e.target.value as CommissionPlanInput['provisioning'] })
            }
          >
            {(Object.keys(t.methods) as (keyof typeof t.methods)[]).map((m) => (
              <option key={m} value={m}>
                {t.methods[m]}
              </option>
            ))}
          </select>
        </label>
        <label className="form-row">
          <span>{t.joinTimeout}</span>
          <input
            className="field"
            type="number"
            min={5}
            value={draft.joinTimeoutS ?? 60}
            onChange={(e) => patch({ joinTimeoutS: Number(e.target.value) })}
          />
        </label>
      </div>

      <fieldset className="plan-group">
        <legend>{t.checks}</legend>
        <label className="check-row">
          <input
            type="checkbox"
            checked={checks.outputs ?? true}
            onChange={(e) => patchChecks({ outputs: e.target.checked })}
          />
          {t.outputs}
        </label>
        <label className="check-row">
          <input
            type="checkbox"
            checked={checks.inputs ?? true}
            onChange={(e) => patchChecks({ inputs: e.target.checked })}
          />
          {t.inputs}
        </label>
        <label className="form-row">
          <span>{t.maxRtt}</span>
          <input
            className="field"
            type="number"
            value={checks.maxRttMs ?? 1000}
            onChange={(e) => patchChecks({ maxRttMs: Number(e.target.value) })}
          />
        </label>
        <h3 className="small">{t.ranges}</h3>
        {(checks.ranges ?? []).map((r, i) => (
          <div className="range-row" key={i}>
            {(['resource', 'field', 'min', 'max'] as const).map((k) => (
              <input
                key={k}
                className="field"
                aria-label={`${t[k]} ${i + 1}`}
                placeholder={t[k]}
                value={r[k] ?? ''}
                onChange={(e) => {
                  const v = e.target.value;
                  const next = {
                    ...r,
                    [k]:
                      k === 'min' || k === 'max'
                        ? v === ''
                          ? undefined
                          : Number(v)
                        : v || undefined,
                  };
                  patchChecks({
                    ranges: (checks.ranges ?? []).map((x, j) => (j === i ? (next as typeof r) : x)),
                  });
                }}
              />
            ))}
          </div>
        ))}
        <button
          type="button"
          className="btn"
          onClick={() =>
            patchChecks({ ranges: [...(checks.ranges ?? []), { resource: '', min: 0, max: 100 }] })
          }
        >
          {t.addRange}
        </button>
        <h3 className="small">{t.manual}</h3>
        {(checks.manual ?? []).map((m, i) => (
          <input
            key={i}
            className="field"
            aria-label={`${t.prompt} ${i + 1}`}
            value={m.prompt}
            onChange={(e) =>
              patchChecks({
                manual: (checks.manual ?? []).map((x, j) =>
                  j === i ? { ...x, prompt: e.target.value } : x,
                ),
              })
            }
          />
        ))}
        <button
          type="button"
          className="btn"
          onClick={() =>
            patchChecks({
              manual: [
                ...(checks.manual ?? []),
                { id: `manual-${(checks.manual ?? []).length + 1}`, prompt: '' },
              ],
            })
          }
        >
          {t.addManual}
        </button>
        <label className="form-row">
          <span>{t.advanced}</span>
          <textarea
            className="field mono"
            rows={4}
            value={advanced}
            aria-invalid={advancedError !== null}
            onChange={(e) => {
              setAdvanced(e.target.value);
              try {
                const v = JSON.parse(e.target.value || '{}') as Partial<Checks>;
                setAdvancedError(null);
                patchChecks({
                  types: v.types ?? {},
                  roundTrips: v.roundTrips ?? [],
                  streams: v.streams ?? [],
                  skip: v.skip ?? [],
                });
              } catch (err) {
                setAdvancedError((err as Error).message);
              }
            }}
          />
        </label>
        {advancedError && <p className="notice-warn small">{advancedError}</p>}
      </fieldset>

      <div className="toolbar">
        <button type="button" className="btn btn-primary" onClick={() => void save()}>
          {t.save}
        </button>
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

function advancedText(checks: CommissionPlanInput['checks']): string {
  const c = checks ?? {};
  return JSON.stringify(
    {
      types: c.types ?? {},
      roundTrips: c.roundTrips ?? [],
      streams: c.streams ?? [],
      skip: c.skip ?? [],
    },
    null,
    1,
  );
}
