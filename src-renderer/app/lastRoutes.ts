/**
 * The last route shown in each view, so leaving a view and coming back (through the navigation
 * or `g d`) returns to where the user was: the selected device, the serial tab, the Flash step
 * (issue 16 "leaving Devices keeps the selected device").
 */
import { create } from 'zustand';

export const useLastRoutes = create<{ byView: Readonly<Record<string, string>> }>(() => ({
  byView: {},
}));

export function rememberRoute(viewId: string, hash: string): void {
  if (useLastRoutes.getState().byView[viewId] === hash) return;
  useLastRoutes.setState((s) => ({ byView: { ...s.byView, [viewId]: hash } }));
}

/** Where the navigation entry of `viewId` leads: its last route, else `fallback`. */
export const lastRouteOf = (viewId: string, fallback: string): string =>
  useLastRoutes.getState().byView[viewId] ?? fallback;
