/**
 * The body of a Run resource's panel (fn 1, UI.md §3.2): Run (Cancel while it runs), its armed
 * question, and the last result, or what the device answered when it failed.
 */
import { ErrorNotice } from '../../components/ErrorNotice';
import { messages } from '../../messages';
import type { ResourceEntry } from '../../state/resources';
import { ChangeStatus } from './ActuatorFrame';
import type { PanelTarget } from './commands';
import { outcomeText } from './outcomeText';
import { panelErrorAsNotice } from './panelErrors';
import { PendingButton } from './PendingButton';
import type { PanelActions } from './panelActionTypes';

const t = messages.device.panel;

export function RunBody({
  target,
  entry,
  actions,
  failed,
}: {
  target: PanelTarget;
  entry: ResourceEntry;
  actions: PanelActions;
  /** The last call's error, unless it was the user's own Cancel. */
  failed: unknown;
}) {
  const last = entry.last;
  return (
    <div className="rp-run">
      <PendingButton
        action={actions.primary}
        cancel={actions.cancel}
        pending={entry.pending}
        pendingLabel={t.running}
      />
      <ChangeStatus target={target} entry={entry} armedHere origin="panel" />
      {last && !failed ? (
        <p className={last.ok ? 'rp-result' : 'rp-result muted'}>{outcomeText(last)}</p>
      ) : null}
      {failed ? <ErrorNotice error={panelErrorAsNotice(failed)} /> : null}
    </div>
  );
}
