/** SettingsStore over `browser.storage.local` (kept across browser restarts). */
import type { Storage } from "webextension-polyfill"

import { readSettings, SETTINGS_KEY, type PanelSettings, type SettingsStore } from "./settings-store"

export function createBrowserSettingsStore(
  area: Storage.StorageArea,
  defaults: PanelSettings
): SettingsStore {
  return {
    async load() {
      try {
        const stored = await area.get(SETTINGS_KEY)
        return readSettings(stored[SETTINGS_KEY], defaults)
      } catch {
        return defaults
      }
    },
    async save(settings) {
      await area.set({ [SETTINGS_KEY]: settings })
    }
  }
}
