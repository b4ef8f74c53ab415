/**
 * Search in one monitor's output (UI.md §3.9): the rows matching the query in the buffer shown
 * (text or hex), the current match, and stepping through them. Only an open search re-reads the
 * buffer on every batch; otherwise the toolbar stays still.
 */
import { useMemo, useRef, useState } from 'react';
import { feedOf, useSerial } from '../../state/serial';
import { findRows } from './serialText';

export function useMonitorSearch(
  port: string,
  rowsView: 'text' | 'hex',
  buffer: () => ReturnType<typeof feedOf>['lines'],
) {
  const [searching, setSearching] = useState(false);
  const [query, setQueryText] = useState('');
  const [match, setMatch] = useState(0);
  const searchInput = useRef<HTMLInputElement>(null);
  const version = useSerial((s) => (searching ? (s.monitors[port]?.version ?? 0) : 0));
  const matches = useMemo(() => {
    const b = buffer();
    return searching ? findRows(b.all(), b.dropped, query, rowsView) : [];
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` says the buffer changed
  }, [searching, query, rowsView, version, port]);
  const current = matches[Math.min(match, matches.length - 1)] ?? null;
  const step = (delta: number): void =>
    setMatch((m) =>
      matches.length
        ? (Math.min(m, matches.length - 1) + delta + matches.length) % matches.length
        : 0,
    );

  return {
    searching,
    setSearching,
    query,
    setQuery: (q: string): void => {
      setQueryText(q);
      setMatch(0);
    },
    close: (): void => {
      setSearching(false);
      setQueryText('');
    },
    current,
    at: current === null ? 0 : Math.min(match, matches.length - 1) + 1,
    total: matches.length,
    step,
    searchInput,
  };
}
