import { extensionConfig } from "../plasmo.config"
import { onMac } from "./ui/shortcuts"
import { ToolbarPopup } from "./ui/ToolbarPopup"

import "./ui/toolbar-popup.css"

// The page plasmo generates names no language; the popup's words are English (screen readers).
document.documentElement.lang = "en"

// The toolbar button's popup: where to find the panel.
export default function Popup() {
  return <ToolbarPopup panelTitle={extensionConfig.panelTitle} mac={onMac()} />
}
