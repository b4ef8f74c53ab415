/** The board the plan is for; choosing it also picks the provisioning that board type takes. */
import { messages } from '../../../messages';
import type { PlanPartProps } from './planFields';

const t = messages.commission.plan;

const ESP_CHIPS = ['esp32', 'esp32s3', 'esp8266'];

export function TargetSelect({ draft, patch }: Omit<PlanPartProps, 'err'>) {
  return (
    <label className="form-row">
      <span>{t.target}</span>
      <select
        className="field"
        value={draft.target.kind === 'esp' ? draft.target.chip : draft.target.board}
        onChange={(e) => {
          const v = e.target.value;
          patch({
            target: ESP_CHIPS.includes(v)
              ? { kind: 'esp', chip: v as 'esp32' }
              : { kind: 'avr', board: v as 'uno' },
            provisioning: ESP_CHIPS.includes(v) ? 'nvs' : 'serial',
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
  );
}
