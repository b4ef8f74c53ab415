/**
 * Where commissioned boards connect: host (auto = this laptop's LAN address) and port, with a
 * warning when that is the loopback address a board cannot reach.
 */
import { TextField } from '../../../components/TextField';
import { messages } from '../../../messages';
import { useCommission } from '../../../state/commission';
import type { PlanPartProps } from './planFields';

const t = messages.commission.plan;

export function BrokerFields({ draft, err, patch }: PlanPartProps) {
  const defaults = useCommission((s) => s.defaults);
  const broker = draft.broker ?? { host: 'auto', port: 25204 };
  const host = broker.host ?? 'auto';
  const resolvedHost = host === 'auto' ? (defaults?.lanAddress ?? '127.0.0.1') : host;
  return (
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
  );
}
