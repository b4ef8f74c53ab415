import type { Route } from '../../app/router';

/** The Charts tab of a device page (UI.md §3.3); `?resource=` opens a chart for that resource. */
export function ChartsTab(props: { user: string; device: string; route: Route }) {
  void props;
  return null;
}
