/** Renders <PanelApp/> over the real engine and an in-memory store, fed with HAR entries. */
import { render } from "@testing-library/react"

import type { PanelSettings } from "../../src/adapters/settings-store"
import { createEngine } from "../../src/core/engine"
import { allRules } from "../../src/core/findings"
import { createPanelStore } from "../../src/store/create-panel-store"
import type { PanelCapabilities } from "../../src/ui/panel-context"
import { PanelApp } from "../../src/ui/PanelApp"
import { laxScenario, NOTE } from "../builders/lax-scenario"
import { panelSettings } from "../builders/panel-settings"

export { laxScenario, NOTE }

export const settings: PanelSettings = panelSettings({
  bodyTagFields: ["@odata.etag", "_etag", "_rev", "metadata.resourceVersion"],
  queryVersionParams: ["rev"],
  maxExchanges: 100_000
})

export function renderPanel(entries: readonly unknown[] = [], capabilities: Partial<PanelCapabilities> = {}) {
  const store = createPanelStore({ engine: createEngine(), settings })
  store.getState().ingest(entries, "live")
  const rules = new Map(allRules.map((rule) => [rule.id, rule]))
  const view = render(<PanelApp store={store} capabilities={{ rules, ...capabilities }} theme="light" />)
  return { store, ...view }
}
