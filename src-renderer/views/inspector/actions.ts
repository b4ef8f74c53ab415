/** The inspector's app-wide actions: export what it shows, clear it. */
import type { Action } from '../../actions/Action';
import { downloadText, fileStamp } from '../../format/download';
import { messages } from '../../messages';
import { hasShownFrames, shownFrames, useInspector } from '../../state/inspector';
import { framesToJsonLines } from '../../model/inspector/exportFrames';

const t = messages.inspector.actions;

/** No keys here: Mod+Shift+E exports whatever view is shown, so the view adds them. */
export const exportFrames: Action = {
  id: 'inspector.export',
  label: t.export,
  group: t.group,
  keywords: 'save download json frames',
  enabled: hasShownFrames,
  perform: () =>
    downloadText(
      messages.inspector.exportFile(fileStamp(new Date())),
      framesToJsonLines(shownFrames()),
      'application/x-ndjson',
    ),
};

export const clearFrames: Action = {
  id: 'inspector.clear',
  label: t.clear,
  group: t.group,
  enabled: () => useInspector.getState().frames.length > 0,
  perform: () => useInspector.getState().clear(),
};

export const inspectorActions: readonly Action[] = [exportFrames, clearFrames];
