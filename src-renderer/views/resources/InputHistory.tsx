/** Beside Send: the last values sent to this resource; picking one makes it the draft. */
import { summaryText, type Value } from '../../model/pson';
import { messages } from '../../messages';
import { editDraft, useResources } from '../../state/resources';
import type { PanelTarget } from './commands';

export function InputHistory({
  target,
  dkey,
  reported,
}: {
  target: PanelTarget;
  dkey: string;
  reported: Value | undefined;
}) {
  const history = useResources((s) => s.history[dkey]);
  if (!history?.length) return null;
  return (
    <label className="rp-history">
      <select
        className="field"
        aria-label={messages.device.form.historyLabel(target.resource)}
        value=""
        onChange={(e) => {
          const v = history[Number(e.target.value)];
          if (v !== undefined) editDraft(dkey, { value: v }, reported);
        }}
      >
        <option value="" disabled>
          {messages.device.form.history}
        </option>
        {history.map((v, i) => (
          <option key={i} value={i}>
            {summaryText(v, 48)}
          </option>
        ))}
      </select>
    </label>
  );
}
