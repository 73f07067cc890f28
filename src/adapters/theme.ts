/**
 * DevTools theme → panel theme. Chrome reports "default" or "dark", Firefox "light" or "dark";
 * anything else is read as light.
 */
export type PanelTheme = "light" | "dark"

export function themeFromDevtools(themeName: string | undefined): PanelTheme {
  return themeName === "dark" ? "dark" : "light"
}

interface PanelsApi {
  readonly themeName?: string
  readonly onThemeChanged?: { addListener(listener: (themeName: string) => void): void }
}

/** Reads the current DevTools theme and reports changes where the browser supports it (Firefox). */
export function watchDevtoolsTheme(panels: PanelsApi, onChange: (theme: PanelTheme) => void): PanelTheme {
  panels.onThemeChanged?.addListener((name) => onChange(themeFromDevtools(name)))
  return themeFromDevtools(panels.themeName)
}
