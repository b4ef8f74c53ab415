/** A frame row's height in px: the density setting's row height (tokens.css `--row-h`). */
import { usePreferences } from '../../state/preferences';

export const useFrameRowHeight = (): number =>
  usePreferences((s) => (s.density === 'compact' ? 28 : 32));
