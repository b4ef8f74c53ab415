/** The plan's firmware images: a file each and, for ESP targets, its flash offset in hex. */
import { TextField } from '../../../components/TextField';
import { messages } from '../../../messages';
import type { PlanPartProps } from './planFields';

const t = messages.commission.plan;

export function FirmwareImages({ draft, err, patch }: PlanPartProps) {
  const firmware = draft.firmware ?? [];
  const esp = draft.target.kind === 'esp';
  const setImage = (i: number, p: Partial<(typeof firmware)[number]>) =>
    patch({ firmware: firmware.map((x, j) => (j === i ? { ...x, ...p } : x)) });
  return (
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
            onValue={(file) => setImage(i, { file })}
          />
          {esp && (
            <TextField
              label={`${t.offset} ${i + 1}`}
              hideLabel
              mono
              className="offset"
              value={img.offset !== undefined ? `0x${img.offset.toString(16)}` : ''}
              error={err(`firmware.${i}.offset`)}
              onValue={(v) => {
                const n = Number.parseInt(v, 16);
                setImage(i, { offset: Number.isFinite(n) ? n : 0 });
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
              { file: '', ...(esp ? { offset: firmware.length ? 0x10000 : 0x1000 } : {}) },
            ],
          })
        }
      >
        {t.addImage}
      </button>
    </fieldset>
  );
}
