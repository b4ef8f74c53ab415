/** Erase…'s choice: the whole flash, or a region typed as offset + length, with what is wrong with it. */
import { messages } from '../../../messages';

export interface EraseDraft {
  whole: boolean;
  offset: string;
  length: string;
}

export function EraseFields({
  draft,
  onChange,
  problem,
  boardOn,
}: {
  draft: EraseDraft;
  onChange: (patch: Partial<EraseDraft>) => void;
  problem: string | null;
  boardOn: string;
}) {
  const t = messages.espTools;
  const field = (key: 'offset' | 'length') => (
    <label>
      {t[key]}{' '}
      <input
        className="field mono"
        value={draft[key]}
        aria-invalid={problem !== null}
        aria-describedby="esp-region-problem"
        onChange={(e) => onChange({ [key]: e.target.value })}
      />
    </label>
  );
  return (
    <fieldset className="esp-erase-choice">
      <legend className="visually-hidden">{t.titles.erase(boardOn)}</legend>
      <label>
        <input
          type="radio"
          name="esp-erase"
          checked={draft.whole}
          onChange={() => onChange({ whole: true })}
        />{' '}
        {t.eraseAll} <span className="muted">· {t.eraseAllHint}</span>
      </label>
      <label>
        <input
          type="radio"
          name="esp-erase"
          checked={!draft.whole}
          onChange={() => onChange({ whole: false })}
        />{' '}
        {t.eraseRegion} <span className="muted">· {t.eraseRegionHint}</span>
      </label>
      {!draft.whole && (
        <div className="esp-region">
          {field('offset')}
          {field('length')}
        </div>
      )}
      <p id="esp-region-problem" className="esp-backup-why" aria-live="polite">
        {problem ?? ''}
      </p>
    </fieldset>
  );
}
