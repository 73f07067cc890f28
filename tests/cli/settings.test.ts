import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { ConfigError, validateConfig, type AuditConfig } from "../../src/cli/config"
import {
  configPathOf,
  HELP_TEXT,
  parseCommandLine,
  resolveSettings,
  UsageError
} from "../../src/cli/settings"

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

describe("etag-audit settings: an empty list is a usage error, not 'nothing'", () => {
  it("--fail-on with no item (an unset CI variable) does not silently turn the gate off", () => {
    expect(() => settingsOf(["--fail-on", ""])).toThrow(UsageError)
    expect(() => settingsOf(["--fail-on", " , "])).toThrow(/--fail-on: no severity or rule id given/)
    expect(settingsOf(["--fail-on", "none"]).isFailing({ ruleId: "lost-update", severity: "error" })).toBe(
      false
    )
  })

  it("--rules with no item does not switch every rule off", () => {
    expect(() => settingsOf(["--rules", ""])).toThrow(/--rules: no rule id given/)
  })

  it("--config with no file (an unset CI variable) is refused, not read as 'search the default files'", () => {
    for (const argv of [["--config", ""], ["--config="], ["-c", " "]])
      expect(() => configPathOf(parseCommandLine([...argv, "capture.har"]))).toThrow(
        /^--config: no file given$/
      )
    expect(configPathOf(parseCommandLine(["--config", "audit.json", "capture.har"]))).toBe("audit.json")
    expect(configPathOf(parseCommandLine(["capture.har"]))).toBeUndefined()
  })

  it("the config's failOn and rules must not be empty either", () => {
    expect(() => validateConfig({ failOn: [] }, "c.json")).toThrow(ConfigError)
    expect(() => validateConfig({ rules: [] }, "c.json")).toThrow(/"rules" must be a non-empty array/)
    expect(validateConfig({ failOn: ["none"], rules: ["lost-update"] }, "c.json")).toEqual({
      failOn: ["none"],
      rules: ["lost-update"]
    })
  })
})

describe("etag-audit settings: errors name where the bad value came from", () => {
  it("the config's rules and failOn are named as config keys, not as command-line options", () => {
    expect(() => settingsOf([], { rules: ["lost-updates"] })).toThrow(
      /^"rules": unknown rule id lost-updates/
    )
    expect(() => settingsOf([], { disabledRules: ["x"] })).toThrow(/^"disabledRules": unknown rule id x/)
    expect(() => settingsOf([], { failOn: ["errors"] })).toThrow(/^"failOn": 'errors' is neither/)
    expect(() => settingsOf(["--rules", "lost-updates"])).toThrow(/^--rules: unknown rule id/)
    expect(() => settingsOf(["--fail-on", "errors"])).toThrow(/^--fail-on: 'errors' is neither/)
  })
})

describe("etag-audit settings: a --fail-on rule that does not run", () => {
  it("is a warning naming the rule and what switched it off, not an error", () => {
    expect(settingsOf(["--disable", "lost-update", "--fail-on", "lost-update,warning"]).warnings).toEqual([
      "--fail-on names lost-update, which can never fail the run: the rule is switched off by --disable"
    ])
    expect(settingsOf(["--rules", "missing-if-match", "--fail-on", "lost-update"]).warnings).toEqual([
      "--fail-on names lost-update, which can never fail the run: the rule is left out by --rules"
    ])
    expect(settingsOf([], { failOn: ["lost-update"], disabledRules: ["lost-update"] }).warnings).toEqual([
      `the config's "failOn" names lost-update, which can never fail the run: the rule is switched off by the config's "disabledRules"`
    ])
    expect(settingsOf(["--fail-on", "lost-update"], { rules: ["missing-if-match"] }).warnings).toEqual([
      `--fail-on names lost-update, which can never fail the run: the rule is left out by the config's "rules"`
    ])
  })

  it("says nothing when the rule runs, or when only severities are named", () => {
    expect(settingsOf(["--fail-on", "lost-update"]).warnings).toEqual([])
    // --rules wins over the config's disabledRules: the rule runs.
    const named = settingsOf(["--rules", "lost-update", "--fail-on", "lost-update"], {
      disabledRules: ["lost-update"]
    })
    expect(named.warnings).toEqual([])
    expect(settingsOf(["--disable", "lost-update", "--fail-on", "warning"]).warnings).toEqual([])
  })
})

describe("etag-audit config: identityQueryParams", () => {
  it('a list with "*" means "all", as --identity-query-param \'*\' does', () => {
    expect(validateConfig({ identityQueryParams: ["*"] }, "c.json")).toEqual({ identityQueryParams: "all" })
    expect(validateConfig({ identityQueryParams: ["id", "*"] }, "c.json")).toEqual({
      identityQueryParams: "all"
    })
    expect(validateConfig({ identityQueryParams: ["id"] }, "c.json")).toEqual({ identityQueryParams: ["id"] })
    const config = validateConfig({ identityQueryParams: ["*"] }, "c.json")
    expect(settingsOf(["--identity-query-param", "tenant"], config).engineOptions.identityQueryParams).toBe(
      "all"
    )
  })
})

describe("etag-audit --api", () => {
  it("adds a known API's places to the options above, as --help and docs/cli.md say", () => {
    const { engineOptions } = settingsOf([
      "--api",
      "contentful",
      "--body-tag-field",
      "meta.v",
      "--version-header",
      "X-Rev"
    ])
    expect(engineOptions.bodyTagFields).toEqual(expect.arrayContaining(["sys.version", "meta.v", "_etag"]))
    expect(engineOptions.versionHeaders).toEqual(["X-Rev", "X-Contentful-Version"])
    const apiLine = (text: string): string | undefined =>
      text.split("\n").find((line) => line.includes("--api <id>"))
    expect(apiLine(HELP_TEXT)).toContain("added to the options above")
    expect(apiLine(HELP_TEXT)).not.toContain("instead of")
    expect(apiLine(readFileSync(new URL("../../docs/cli.md", import.meta.url), "utf8"))).toContain(
      "added to the options above"
    )
  })
})

describe("etag-audit --fail-on none", () => {
  it("alone never fails; with anything else it is a usage error naming the other items", () => {
    expect(
      settingsOf(["--fail-on", "none,none"]).isFailing({ ruleId: "lost-update", severity: "error" })
    ).toBe(false)
    expect(() => settingsOf(["--fail-on", "none,error"])).toThrow(UsageError)
    expect(() => settingsOf(["--fail-on", "none", "--fail-on", "lost-update"])).toThrow(
      /^--fail-on: 'none' never fails, so it cannot be combined with lost-update/
    )
    expect(() => settingsOf([], { failOn: ["none", "error"] })).toThrow(
      /^"failOn": 'none' never fails, so it cannot be combined with error/
    )
    // The command line replaces the config's list: no contradiction.
    expect(settingsOf(["--fail-on", "error"], { failOn: ["none"] }).failOn).toEqual(["error"])
  })
})
