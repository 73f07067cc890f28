/** The panel's layout bounds, for the UI (which never imports adapters): the settings store owns them. */
export { DETAIL_PANE_SHARE } from "../adapters/settings-store"
