/** Under an input: "The device now reports 40 · Use it" / "The device reports 40, not 42 · Use it". */
import { summaryText, type Value } from '../../model/pson';
import { messages } from '../../messages';
import { discardDraft, divergence, type SavedDraft } from '../../state/resources';

const t = messages.device.panel;

export function Divergence({
  saved,
  reported,
  dkey,
}: {
  saved: SavedDraft | undefined;
  reported: Value | undefined;
  dkey: string;
}) {
  const kind = divergence(saved, reported);
  if (!kind || !saved) return null;
  const text =
    kind === 'changed'
      ? t.nowReports(summaryText(reported))
      : t.reportsNot(summaryText(reported), summaryText(saved.value));
  return (
    <p className="rp-divergence">
      <span aria-hidden="true">▲ </span>
      {text} ·{' '}
      <button type="button" className="btn btn-quiet rp-link" onClick={() => discardDraft(dkey)}>
        {t.useIt}
      </button>
    </p>
  );
}
