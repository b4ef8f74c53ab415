/**
 * The Charts tab's actions on its active chart (the focused one, or the last one used): pause
 * (Space), clear, export CSV (Mod+Shift+E) and JSON, reset zoom, close. Plain objects, so the
 * palette lists them and tests can run them without React.
 */
import type { Action } from '../../actions/Action';
import { messages } from '../../messages';
import { clearChart, closeChart, exportChart, setZoom, togglePaused } from '../../state/streams';

const t = messages.charts;

/** Focused controls where the space bar already means "press": Space leaves them alone. */
const SPACE_PRESSES =
  'button, a[href], select, summary, input[type=checkbox], input[type=radio], [role=button], [role=switch], [role=checkbox], [role=tab], [role=menuitem]';

const spaceIsFree = (): boolean => !document.activeElement?.matches(SPACE_PRESSES);

export function chartActions(activeChart: string | undefined, zoomed: boolean): Action[] {
  if (!activeChart) return [];
  return [
    {
      id: 'charts.pause',
      label: t.actions.pause,
      group: t.group,
      keys: 'Space',
      // The focused chart (or the last one used); never steals Space from a focused button.
      enabled: spaceIsFree,
      perform: () => togglePaused(activeChart),
    },
    {
      id: 'charts.clear',
      label: t.actions.clear,
      group: t.group,
      perform: () => clearChart(activeChart),
    },
    {
      id: 'charts.exportCsv',
      label: t.actions.exportCsv,
      group: t.group,
      keys: 'Mod+Shift+E',
      perform: () => void exportChart(activeChart, 'csv'),
    },
    {
      id: 'charts.exportJson',
      label: t.actions.exportJson,
      group: t.group,
      perform: () => void exportChart(activeChart, 'json'),
    },
    {
      id: 'charts.resetZoom',
      label: t.actions.resetZoom,
      group: t.group,
      enabled: () => zoomed,
      perform: () => setZoom(activeChart, null),
    },
    {
      id: 'charts.close',
      label: t.actions.close,
      group: t.group,
      perform: () => closeChart(activeChart),
    },
  ];
}
