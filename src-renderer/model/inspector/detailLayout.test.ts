import { describe, expect, it } from 'vitest';
import { DETAIL_HEIGHT, detailHeight, LIST_ROWS_KEPT } from './detailLayout';

/** Rows of the list wholly on screen beside a detail pane of the height given. */
const rowsShown = (room: number, detail: number, rowHeight: number): number =>
  Math.floor((room - 31 - 7 - detail) / rowHeight);

describe('the inspector detail pane height', () => {
  // 1280×720: 720 − status bar 33 − header 57 − filter line 53 = 577 px for list and detail.
  it('keeps 12 rows of the list on screen at 1280×720 (comfortable and compact rows)', () => {
    for (const rowHeight of [32, 28]) {
      const h = detailHeight({ chosen: null, room: 577, rowHeight });
      expect(h).toBeGreaterThanOrEqual(DETAIL_HEIGHT.min);
      expect(rowsShown(577, h, rowHeight)).toBeGreaterThanOrEqual(LIST_ROWS_KEPT);
    }
  });

  it('gives a tall window its usual pane, and a tiny one at least the minimum', () => {
    expect(detailHeight({ chosen: null, room: 900, rowHeight: 32 })).toBe(DETAIL_HEIGHT.initial);
    expect(detailHeight({ chosen: null, room: 0, rowHeight: 32 })).toBe(DETAIL_HEIGHT.min);
  });

  it('keeps the height the user dragged to', () => {
    expect(detailHeight({ chosen: 400, room: 577, rowHeight: 32 })).toBe(400);
  });
});
