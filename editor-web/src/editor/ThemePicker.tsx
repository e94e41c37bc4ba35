import { useEffect, useState } from 'react';

export type Theme = 'system' | 'light' | 'dark';
const THEME_KEY = 'callytics.editor.theme';

function stored(): Theme {
  try {
    const t = localStorage.getItem(THEME_KEY);
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
}

/** The page's theme: the system's unless the admin picks one (kept in this browser). */
export function useTheme(): [Theme, (t: Theme) => void] {
  const [theme, setTheme] = useState<Theme>(stored);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
    try {
      if (theme === 'system') localStorage.removeItem(THEME_KEY);
      else localStorage.setItem(THEME_KEY, theme);
    } catch {
      // A full storage only means the choice is not remembered.
    }
  }, [theme]);
  return [theme, setTheme];
}

export function ThemePicker({ theme, onChange }: { theme: Theme; onChange: (t: Theme) => void }) {
  return (
    <select className="theme-picker" aria-label="Theme" title="Theme: the system's, light or dark" data-testid="theme" value={theme} onChange={(e) => onChange(e.target.value as Theme)}>
      <option value="system">System</option>
      <option value="light">Light</option>
      <option value="dark">Dark</option>
    </select>
  );
}
