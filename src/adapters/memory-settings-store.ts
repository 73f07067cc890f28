/** In-memory SettingsStore twin: same validation as the browser one, nothing persisted. */
import { readSettings, type PanelSettings, type SettingsStore } from "./settings-store"

export interface MemorySettingsStore extends SettingsStore {
  /** The raw value last saved (or seeded), as the browser store would hold it. */
  readonly stored: unknown
}

export function createMemorySettingsStore(defaults: PanelSettings, seeded?: unknown): MemorySettingsStore {
  let stored: unknown = seeded
  return {
    async load() {
      return readSettings(stored, defaults)
    },
    async save(settings: PanelSettings) {
      stored = structuredClone(settings)
    },
    get stored() {
      return stored
    }
  }
}
