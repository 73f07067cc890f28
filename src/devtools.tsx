import browser from "webextension-polyfill"

import { extensionConfig } from "../plasmo.config"
import { relayPanelSearch, type SearchablePanel } from "./adapters/devtools-search"

// The devtools page only registers the panel; everything else lives in tabs/panel.tsx.
// Plasmo renames icons with a content hash (icon32.plasmo.<hash>.png), so take the path from the
// built manifest. Chrome ignores a panel icon; Firefox shows it in the DevTools tab strip.
const icons = browser.runtime.getManifest().icons ?? {}
const iconPath = icons["32"] ?? icons["16"] ?? Object.values(icons)[0] ?? ""
// Firefox's getManifest() gives icons as absolute moz-extension:// URLs, Chrome as relative paths.
const iconUrlPath = iconPath ? new URL(iconPath, browser.runtime.getURL("/")).pathname : ""
void browser.devtools.panels
  .create(extensionConfig.panelTitle, iconUrlPath, "/tabs/panel.html")
  // Chrome's DevTools search bar (Ctrl+F) on the panel drives its filter box.
  .then((panel) => relayPanelSearch(panel as unknown as SearchablePanel, location.origin))

export default function DevtoolsPage() {
  return null
}
