/**
 * Every action currently offered, by id. Views register theirs while mounted
 * (`useRegisterActions`), the shell registers the global ones; the palette, the shortcut sheet
 * and the keyboard read from here.
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import type { Action } from './Action';

interface ActionRegistry {
  actions: ReadonlyMap<string, Action>;
}

export const useActionRegistry = create<ActionRegistry>(() => ({ actions: new Map() }));

export function registerActions(list: readonly Action[]): () => void {
  useActionRegistry.setState((s) => {
    const next = new Map(s.actions);
    for (const a of list) next.set(a.id, a);
    return { actions: next };
  });
  return () =>
    useActionRegistry.setState((s) => {
      const next = new Map(s.actions);
      for (const a of list) if (next.get(a.id) === a) next.delete(a.id);
      return { actions: next };
    });
}

/** Registers `list` while the component is mounted; pass a memoised list. */
export function useRegisterActions(list: readonly Action[]): void {
  useEffect(() => registerActions(list), [list]);
}

export function performAction(id: string): boolean {
  const action = useActionRegistry.getState().actions.get(id);
  if (!action || (action.enabled && !action.enabled())) return false;
  action.perform();
  return true;
}
