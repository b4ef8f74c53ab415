/**
 * The inspector's rows: the frames of the chosen devices (all when none is chosen), those passing
 * the filters, and the type chips' counts. With "only matching rows" off the text filter only
 * marks rows (Find), so it is left out here.
 */
import { useMemo } from 'react';
import { applyFilter, chipCounts } from '../../model/inspector/frameFilter';
import { useInspector } from '../../state/inspector';

export function useInspectorRows(selection: readonly string[], onlyMatching: boolean) {
  const frames = useInspector((s) => s.frames);
  const filter = useInspector((s) => s.filter);
  const chosen = useMemo(() => (selection.length ? new Set(selection) : null), [selection]);
  const inScope = useMemo(
    () => (chosen ? frames.filter((r) => chosen.has(r.device)) : frames),
    [frames, chosen],
  );
  const rowFilter = useMemo(
    () => (onlyMatching ? filter : { ...filter, text: '' }),
    [filter, onlyMatching],
  );
  const rows = useMemo(() => applyFilter(inScope, rowFilter, null), [inScope, rowFilter]);
  const counts = useMemo(() => chipCounts(inScope, rowFilter, null), [inScope, rowFilter]);
  return { filter, inScope, rows, counts };
}
