import browser from "webextension-polyfill"

import { extensionConfig } from "../plasmo.config"

// The devtools page only registers the panel; everything else lives in tabs/panel.tsx.
void browser.devtools.panels.create(extensionConfig.panelTitle, "/assets/icon.png", "/tabs/panel.html")

export default function DevtoolsPage() {
  return null
}
