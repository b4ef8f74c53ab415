/** The Resources tab of a device page (UI.md §3.2): panels generated from describe. */
export function ResourcesTab(props: { user: string; device: string }) {
  void props;
  return null;
}
