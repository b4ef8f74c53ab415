/**
 * The frame list's virtualiser: only the rows in view (and a few either side) are in the DOM, each
 * keyed by its frame so a trimmed buffer does not re-key the rows that stay.
 */
import { at } from '@contract/present';
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import type { RefObject } from 'react';
import type { FrameRow } from '../../model/inspector/frameRow';

/** Before the list is measured, or when it measures nothing (jsdom): a typical list's size. */
const INITIAL_RECT = { width: 1000, height: 480 };
const OVERSCAN = 12;

export function useFrameVirtualizer(
  rows: readonly FrameRow[],
  scroller: RefObject<HTMLDivElement | null>,
  rowHeight: number,
) {
  // eslint-disable-next-line react-hooks/incompatible-library -- no compiler memoises this component; the virtualizer is read afresh each render
  return useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: OVERSCAN,
    initialRect: INITIAL_RECT,
    observeElementRect: (instance, cb) =>
      observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : INITIAL_RECT)),
    getItemKey: (i) => at(rows, i, 'frame row').id,
  });
}
