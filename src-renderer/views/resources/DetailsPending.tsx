/** A panel side while describe-one is out: a skeleton (after 150 ms), or its error with Retry. */
import { useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { requestDetails, type ResourceEntry } from '../../state/resources';
import type { PanelTarget } from './commands';
import { useElapsed } from './hooks';
import { panelErrorAsNotice } from './panelErrors';

/** UI.md §1: skeletons only after 150 ms, to avoid flicker. */
const SKELETON_AFTER_MS = 150;

export function DetailsPending({ target, entry }: { target: PanelTarget; entry: ResourceEntry }) {
  const [since] = useState(() => Date.now());
  const show = useElapsed(since, SKELETON_AFTER_MS);
  if (entry.detailsState === 'error')
    return (
      <ErrorNotice
        error={panelErrorAsNotice(entry.detailsError)}
        onRetry={() =>
          requestDetails(target.user, target.device, target.resource, {
            refresh: true,
            force: true,
          })
        }
      />
    );
  return show ? <div className="rp-skeleton" aria-hidden="true" /> : null;
}
