/**
 * The inspector slice (UI.md §3.5), in parts (issue 14 §4): the frames of the devices being
 * followed, in one bounded buffer, appended in batches at most 10 times a second however fast
 * frames arrive (inspector/buffer); the filters (persisted) and live or paused, with the selected
 * frame (inspector/store, inspector/slice); history read from `inspector.frames` after a lost link
 * or when the view opens again (inspector/history); live frames from `inspector.follow`
 * (inspector/follow). The controller's working state is one resettable object
 * (inspector/controller). Which devices exist, and whether they are online, comes from the
 * devices slice.
 */
export {
  DETAIL_HEIGHT,
  INSPECTOR_BUFFER_FRAMES,
  INSPECTOR_FLUSH_MS,
  INSPECTOR_MAX_FOLLOWED,
} from './inspector/slice';
export { hasShownFrames, pvOfDevice, shownFrames, useInspector } from './inspector/store';
export { loadHistory } from './inspector/history';
export { resetInspector, setSelection, startInspector } from './inspector/follow';
