import { extensionConfig } from "../plasmo.config"
import { ToolbarPopup } from "./ui/ToolbarPopup"

import "./ui/toolbar-popup.css"

// The toolbar button's popup: where to find the panel.
export default function Popup() {
  const mac = /Macintosh|Mac OS X/.test(navigator.userAgent)
  return <ToolbarPopup panelTitle={extensionConfig.panelTitle} mac={mac} />
}
