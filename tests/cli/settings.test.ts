import { describe, expect, it } from "vitest"
import type { AuditConfig } from "../../src/cli/config"
import { parseCommandLine, resolveSettings } from "../../src/cli/settings"

const KNOWN = new Set(["lost-update", "missing-if-match", "precondition-optional"])

const settingsOf = (argv: readonly string[], config: AuditConfig = {}) =>
  resolveSettings(parseCommandLine([...argv, "capture.har"]), config, KNOWN)

describe("etag-audit settings: command line over config file", () => {
  it("a rule --rules names runs even when the config's disabledRules lists it", () => {
    const settings = settingsOf(["--rules", "lost-update"], { disabledRules: ["lost-update"] })
    expect(settings.engineOptions.disabledRules).not.toContain("lost-update")
    expect(settings.engineOptions.disabledRules).toEqual(
      expect.arrayContaining(["missing-if-match", "precondition-optional"])
    )
  })

  it("the config's disabledRules still apply to the config's own rules, and --disable to --rules", () => {
    const fromConfig = settingsOf([], { rules: ["lost-update"], disabledRules: ["lost-update"] })
    expect(fromConfig.engineOptions.disabledRules).toContain("lost-update")
    const both = settingsOf(["--rules", "lost-update", "--disable", "lost-update"])
    expect(both.engineOptions.disabledRules).toContain("lost-update")
  })
})
