/**
 * A panel's footer (UI.md §3.2 "Panel anatomy"): the last result's time and duration (and the
 * device's code when it failed with one), and Copy as cURL.
 */
import { CopyButton } from '../../components/CopyButton';
import { messages } from '../../messages';
import type { Fn, Outcome } from '../../state/resources';
import { outcomeText } from './outcomeText';
import type { PanelError } from './panelErrors';
import type { PanelActions } from './panelActionTypes';

const t = messages.device.panel;

export function PanelFoot({
  fn,
  last,
  failure,
  actions,
}: {
  fn: Fn;
  last: Outcome | null;
  failure: PanelError | null;
  actions: PanelActions;
}) {
  return (
    <footer className="rp-foot">
      <span className="rp-foot-result muted">
        {/* A Run panel says its result in its body. */}
        {last && fn !== 1 ? (
          <>
            {last.ok ? null : <span aria-hidden="true">✕ </span>}
            {outcomeText(last)}
            {failure?.deviceCode ? ` · ${t.returnCode(failure.deviceCode)}` : ''}
          </>
        ) : null}
      </span>
      <CopyButton
        text={actions.curlText}
        label={actions.copyCurl.label}
        className="btn btn-quiet rp-curl"
      />
    </footer>
  );
}
