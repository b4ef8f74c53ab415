/** The Wi-Fi network written to ESP boards; the password field waits for a network name. */
import { TextField } from '../../../components/TextField';
import { messages } from '../../../messages';
import type { PlanPartProps } from './planFields';

const t = messages.commission.plan;

export function WifiFields({ draft, err, patch }: PlanPartProps) {
  return (
    <fieldset className="plan-group">
      <legend>{t.wifi}</legend>
      <div className="form-pair">
        <TextField
          label={t.ssid}
          value={draft.wifi?.ssid ?? ''}
          error={err('wifi.ssid')}
          onValue={(ssid) => patch({ wifi: ssid ? { ssid, psk: draft.wifi?.psk ?? '' } : null })}
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
  );
}
