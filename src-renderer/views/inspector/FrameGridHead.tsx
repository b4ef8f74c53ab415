/** The frame list's column headers (the grid's first row). */
import { messages } from '../../messages';

const t = messages.inspector;

export function FrameGridHead() {
  return (
    <div role="rowgroup" className="frame-grid-head">
      <div role="row" aria-rowindex={1} className="frame-row">
        <div role="columnheader">{t.columns.time}</div>
        <div role="columnheader" title={t.deltaTitle}>
          {t.columns.delta}
        </div>
        <div role="columnheader">{t.columns.direction}</div>
        <div role="columnheader">{t.columns.device}</div>
        <div role="columnheader">{t.columns.type}</div>
        <div role="columnheader" className="num">
          {t.columns.stream}
        </div>
        <div role="columnheader">{t.columns.resource}</div>
        <div role="columnheader" className="num">
          {t.columns.size}
        </div>
        <div role="columnheader">{t.columns.summary}</div>
      </div>
    </div>
  );
}
