/**
 * The resources slice (UI.md §3.2, §3.4), in a store and a model (issue 14 §4): what is kept per
 * resource and the pure rules (resources/model), the store (resources/store), describe-one with
 * its per-device bound (resources/details), runs (resources/runs), arm → confirm
 * (resources/arming) and the persisted drafts and history (resources/drafts).
 */
import { resetArming } from './resources/arming';
import { resetDetails } from './resources/details';
import { resetRuns } from './resources/runs';
import { initialResourcesData, useResources } from './resources/store';

export * from './resources/model';
export * from './resources/store';
export * from './resources/details';
export * from './resources/runs';
export * from './resources/arming';
export * from './resources/drafts';

/** Back to the first state (tests). */
export function resetResources(): void {
  resetArming();
  resetDetails();
  resetRuns();
  useResources.setState(initialResourcesData());
}
