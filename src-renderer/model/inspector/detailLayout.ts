/**
 * How tall the inspector's detail pane is (issue 16: usable at 1280×720). Until the user drags
 * the splitter, the pane takes what is left once the frame list keeps LIST_ROWS_KEPT rows (and
 * half a row more, so the last one is whole), between DETAIL_HEIGHT.min and .initial; a height
 * the user chose is kept as chosen.
 */

/** The detail pane's bounds in px: room for a field tree and a 1 KiB hex dump's first rows. */
export const DETAIL_HEIGHT = { initial: 280, min: 140, max: 900 } as const;

/** Rows the frame list keeps on screen while a frame's detail is open, when there is room. */
export const LIST_ROWS_KEPT = 12;

/** The grid's column head and the splitter, above and below the rows. */
const LIST_CHROME_PX = 31 + 7;

export function detailHeight({
  chosen,
  room,
  rowHeight,
}: {
  /** The height the user dragged to, or null (automatic). */
  chosen: number | null;
  /** Height of the list and the detail together, in px (0 before it is measured). */
  room: number;
  rowHeight: number;
}): number {
  if (chosen !== null) return chosen;
  const left = room - LIST_CHROME_PX - (LIST_ROWS_KEPT + 0.5) * rowHeight;
  return Math.round(Math.min(DETAIL_HEIGHT.initial, Math.max(DETAIL_HEIGHT.min, left)));
}
