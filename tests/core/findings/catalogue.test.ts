import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"

import { describe, expect, it } from "vitest"

import { allRules } from "../../../src/core/findings/index"

const root = join(import.meta.dirname, "../../..")
const ruleFiles = readdirSync(join(root, "src/core/findings/rules")).filter((name) => name.endsWith(".ts"))
const catalogue = readFileSync(join(root, "docs/findings.md"), "utf8")
/** Table rows of docs/findings.md as trimmed cells: id (without backticks), severity, scope, fires when, RFC. */
const rows = catalogue
  .split("\n")
  .filter((line) => line.startsWith("| `"))
  .map((line) =>
    line
      .split("|")
      .slice(1, -1)
      .map((cell) => cell.trim().replace(/`/g, ""))
  )

/** The ids DESIGN.md proposed; they are stable once shipped. */
const DESIGN_IDS = [
  "missing-if-match",
  "lost-update",
  "precondition-not-enforced",
  "precondition-optional",
  "if-match-header-ignored",
  "weak-tag-in-if-match",
  "server-matches-weak-tag",
  "conflict-as-409",
  "precondition-required",
  "tag-unchanged-after-write",
  "no-tag-on-write-response",
  "if-match-star-rejected",
  "header-and-body-tags-differ",
  "unknown-tag-sent"
]

describe("findings catalogue", () => {
  it("registers every rule file, one rule per file named after its id", () => {
    expect(ruleFiles.map((name) => name.replace(/\.ts$/, "")).sort()).toEqual(
      allRules.map((rule) => rule.id).sort()
    )
  })

  it("has unique kebab-case ids and covers the DESIGN.md catalogue", () => {
    const ids = allRules.map((rule) => rule.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
    expect(ids).toEqual(expect.arrayContaining(DESIGN_IDS))
  })

  it.each(allRules.map((rule) => [rule.id, rule] as const))(
    "%s has tests, a docs row and complete texts",
    (id, rule) => {
      const testFile = join(root, "tests/core/findings", `${id}.test.ts`)
      expect(existsSync(testFile)).toBe(true)
      const tests = readFileSync(testFile, "utf8")
      expect(tests).toContain(`${id} fires when`)
      expect(tests).toContain(`${id} must not fire when`)
      const row = rows.find((cells) => cells[0] === id)
      expect(row?.[1]).toMatch(new RegExp(`^${rule.severity}`))
      expect(row?.[4]).toContain(rule.rfc.url)
      expect(rule.rfc.url).toMatch(/^https:\/\/www\.rfc-editor\.org\/rfc\/rfc(9110|6585)#section-[\d.]+$/)
      for (const text of [rule.title, rule.explanation, rule.fix.client, rule.fix.server])
        expect(text.length).toBeGreaterThan(10)
    }
  )
})
