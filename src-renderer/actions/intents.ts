/**
 * How an app-wide action reaches a view that may not be on screen yet: it navigates to the view
 * and posts an intent (`admin.add`); the view consumes it when it mounts, or at once when it is
 * already shown. Pending intents are one per id (asking twice opens one dialog).
 */
import { useEffect, useRef } from 'react';
import { create } from 'zustand';

const useIntents = create<{ pending: Readonly<Record<string, number>> }>(() => ({ pending: {} }));
let seq = 0;

export function postIntent(id: string): void {
  useIntents.setState((s) => ({ pending: { ...s.pending, [id]: ++seq } }));
}

function take(id: string): boolean {
  if (useIntents.getState().pending[id] === undefined) return false;
  useIntents.setState((s) => {
    const rest = { ...s.pending };
    delete rest[id];
    return { pending: rest };
  });
  return true;
}

/** Runs `handle` for each intent `id` posted, including one posted before this view mounted. */
export function useIntent(id: string, handle: () => void): void {
  const handler = useRef(handle);
  useEffect(() => {
    handler.current = handle;
  });
  const posted = useIntents((s) => s.pending[id]);
  useEffect(() => {
    if (posted !== undefined && take(id)) handler.current();
  }, [id, posted]);
}
