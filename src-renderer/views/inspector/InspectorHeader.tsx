/**
 * The inspector's header (UI.md §3.5): live or paused (then "Jump to live (N new)" here, off the
 * rows), and the toolbar's Pause/Resume, Find, Export and Clear, each the button of an action
 * (its label and keys on hover).
 */
import { isEnabled, type Action } from '../../actions/Action';
import { displayKeys, isMac } from '../../actions/keys';
import { StatusGlyph } from '../../components/StatusGlyph';
import { ViewHeader } from '../../components/ViewHeader';
import { messages } from '../../messages';
import type { InspectorActions } from './useInspectorActions';

const t = messages.inspector;

/** A toolbar button performing an action: short text, the action's label and keys on hover. */
function ActionButton({ action, text }: { action: Action; text: string }) {
  const keys = action.keys ? ` (${displayKeys(action.keys, isMac(navigator.platform))})` : '';
  return (
    <button
      type="button"
      className="btn"
      title={`${action.label}${keys}`}
      disabled={!isEnabled(action)}
      onClick={() => action.perform()}
    >
      {text}
    </button>
  );
}

export function InspectorHeader({
  actions,
  live,
  jump,
}: {
  actions: InspectorActions;
  live: boolean;
  /** Shown while paused. */
  jump: { text: string; onClick(): void } | null;
}) {
  return (
    <ViewHeader title={messages.shell.nav.inspector}>
      <span className="live-state" aria-live="polite">
        {live ? (
          <StatusGlyph status="online" word={false} />
        ) : (
          <span aria-hidden="true" className="paused-glyph">
            ❚❚
          </span>
        )}{' '}
        {live ? t.toolbar.live : t.toolbar.paused}
      </span>
      {jump && (
        <button type="button" className="btn btn-primary jump-live" onClick={jump.onClick}>
          {jump.text}
        </button>
      )}
      <ActionButton action={actions.pause} text={live ? t.toolbar.pause : t.toolbar.resume} />
      <ActionButton action={actions.find} text={t.toolbar.find} />
      <ActionButton action={actions.export} text={t.toolbar.export} />
      <ActionButton action={actions.clear} text={t.toolbar.clear} />
    </ViewHeader>
  );
}
