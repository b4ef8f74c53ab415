/**
 * Appearance preferences (UI.md §3.10): theme, density and font size, kept in this browser's
 * local storage and applied as attributes on <html>, which the colour tokens read.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export type Theme = 'system' | 'dark' | 'light';
export type Density = 'comfortable' | 'compact';

export interface PreferencesSlice {
  theme: Theme;
  density: Density;
  fontSize: number;
  navCollapsed: boolean;
  set(patch: Partial<Omit<PreferencesSlice, 'set'>>): void;
}

export const FONT_SIZES = [12, 13, 14, 15, 16, 18] as const;

export const usePreferences = create<PreferencesSlice>()(
  persist(
    (set) => ({
      theme: 'system',
      density: 'comfortable',
      fontSize: 14,
      navCollapsed: false,
      set: (patch) => set(patch),
    }),
    { name: 'iotmp-studio.preferences', version: 1 },
  ),
);

/** Mirrors the preferences onto <html> (data-theme, data-density, font size). */
export function applyPreferences(root: HTMLElement): () => void {
  const apply = (p: PreferencesSlice): void => {
    if (p.theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = p.theme;
    root.dataset.density = p.density;
    root.style.fontSize = `${p.fontSize}px`;
  };
  apply(usePreferences.getState());
  return usePreferences.subscribe(apply);
}
