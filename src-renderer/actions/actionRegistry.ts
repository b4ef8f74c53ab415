/**
 * Every action currently offered, by id. App-wide actions (`registerActions` at start, from
 * `app/appActions.ts`) stay for the app's life; views register theirs while mounted
 * (`useRegisterActions`), and a mounted action replaces an app-wide one of the same id until it
 * unmounts. The palette, the shortcut sheet and the keyboard read `actions`, the merge of both.
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import type { Action } from './Action';

interface ActionRegistry {
  /** App-wide actions, then mounted ones over them. */
  actions: ReadonlyMap<string, Action>;
}

export const useActionRegistry = create<ActionRegistry>(() => ({ actions: new Map() }));

const appWide = new Map<string, Action>();
/** Mounted actions by id; a stack, so two mounts of one id unmount in any order. */
const mounted = new Map<string, Action[]>();

function publish(): void {
  const actions = new Map(appWide);
  for (const [id, stack] of mounted) {
    const top = stack[stack.length - 1];
    if (top) actions.set(id, top);
  }
  useActionRegistry.setState({ actions });
}

function add(list: readonly Action[], into: 'app' | 'mounted'): () => void {
  for (const a of list) {
    if (into === 'app') appWide.set(a.id, a);
    else mounted.set(a.id, [...(mounted.get(a.id) ?? []), a]);
  }
  publish();
  return () => {
    for (const a of list) {
      if (into === 'app') {
        if (appWide.get(a.id) === a) appWide.delete(a.id);
        continue;
      }
      const rest = (mounted.get(a.id) ?? []).filter((x) => x !== a);
      if (rest.length) mounted.set(a.id, rest);
      else mounted.delete(a.id);
    }
    publish();
  };
}

/** App-wide actions (module-level objects); the returned function removes them (tests). */
export const registerActions = (list: readonly Action[]): (() => void) => add(list, 'app');

/** Registers `list` while the component is mounted; pass a memoised list. */
export function useRegisterActions(list: readonly Action[]): void {
  useEffect(() => add(list, 'mounted'), [list]);
}
