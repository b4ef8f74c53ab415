/** Settings → Appearance: theme, density and font size, kept in this browser (preferences slice). */
import { useId } from 'react';
import { messages } from '../../messages';
import { FONT_SIZES, usePreferences, type Density, type Theme } from '../../state/preferences';
import { Segmented } from './Segmented';

const THEMES: readonly Theme[] = ['system', 'dark', 'light'];
const DENSITIES: readonly Density[] = ['comfortable', 'compact'];

export function AppearanceSection() {
  const t = messages.settings.appearance;
  const theme = usePreferences((s) => s.theme);
  const density = usePreferences((s) => s.density);
  const fontSize = usePreferences((s) => s.fontSize);
  const set = usePreferences((s) => s.set);
  const fontId = useId();
  return (
    <div className="settings-grid">
      <Segmented
        legend={t.theme}
        name="theme"
        value={theme}
        options={THEMES.map((value) => ({ value, label: t.themes[value] }))}
        onChange={(value) => set({ theme: value })}
      />
      <Segmented
        legend={t.density}
        name="density"
        value={density}
        options={DENSITIES.map((value) => ({ value, label: t.densities[value] }))}
        onChange={(value) => set({ density: value })}
      />
      <div className="text-field">
        <label htmlFor={fontId}>{t.fontSize}</label>
        <select
          id={fontId}
          className="field"
          value={fontSize}
          onChange={(e) => set({ fontSize: Number(e.target.value) })}
        >
          {FONT_SIZES.map((n) => (
            <option key={n} value={n}>
              {t.px(n)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
