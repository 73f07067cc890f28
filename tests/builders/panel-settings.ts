/** Panel settings for tests: the stored defaults' shape, with what a test cares about changed. */
import {
  DEFAULT_TRAFFIC_COLUMNS,
  DETAIL_PANE_SHARE,
  type PanelSettings
} from "../../src/adapters/settings-store"

export function panelSettings(changes: Partial<PanelSettings> = {}): PanelSettings {
  return {
    bodyTagFields: [],
    queryVersionParams: [],
    identityQueryParams: [],
    versionHeaders: [],
    nextVersionFields: [],
    maxExchanges: 1000,
    maxBodyBytes: 100_000,
    disabledRules: [],
    policyOverrides: {},
    theme: "auto",
    detailPaneShare: DETAIL_PANE_SHARE.initial,
    trafficColumns: DEFAULT_TRAFFIC_COLUMNS,
    ...changes
  }
}
