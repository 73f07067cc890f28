/**
 * docs/lab.md's table of `*` preconditions on a missing note (and `If-None-Match: *` on an existing
 * one) against the running lab: every cell's status is what that policy answers.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"

import { describe, expect, it } from "vitest"

import { LAB_POLICIES } from "../../src/lab/policies"
import { useLab } from "./lab-harness"

/** One column of the table: the request it stands for. */
interface Case {
  readonly header: string
  readonly method: "PUT" | "DELETE"
  readonly id: string
  readonly headers: Record<string, string>
}

const CASES: readonly Case[] = [
  { header: "PUT, missing id, `If-Match: *`", method: "PUT", id: "x9", headers: { "If-Match": "*" } },
  {
    header: 'PUT, missing id, `If-Match: "…"`',
    method: "PUT",
    id: "x9",
    headers: { "If-Match": '"n9-v1-0"' }
  },
  { header: "DELETE, missing id, `If-Match: *`", method: "DELETE", id: "x9", headers: { "If-Match": "*" } },
  { header: "PUT, note 1, `If-None-Match: *`", method: "PUT", id: "1", headers: { "If-None-Match": "*" } },
  {
    header: "PUT, missing id, `If-None-Match: *`",
    method: "PUT",
    id: "x9",
    headers: { "If-None-Match": "*" }
  },
  { header: "PUT, missing id, no precondition", method: "PUT", id: "x9", headers: {} }
]

const docs = readFileSync(join(import.meta.dirname, "../../docs/lab.md"), "utf8")
const lines = docs.split("\n").map((line) => line.trim())
const headerAt = lines.findIndex((line) => line.startsWith("| policy") && line.includes(CASES[0].header))
/** The table's rows after its header and rule line, each as trimmed cells. */
const rows: string[][] = []
for (let at = headerAt + 2; headerAt >= 0 && lines[at]?.startsWith("|"); at += 1) {
  rows.push(
    lines[at]
      .split("|")
      .slice(1, -1)
      .map((cell) => cell.trim())
  )
}

describe("docs/lab.md: preconditions on a missing note, per policy", () => {
  const lab = useLab()

  it("has a row for every policy, with a column per case", () => {
    expect(headerAt).toBeGreaterThanOrEqual(0)
    const header = lines[headerAt]
      .split("|")
      .slice(2, -1)
      .map((cell) => cell.trim())
    expect(header).toEqual(CASES.map(({ header: name }) => name))
    expect(rows.map(([policy]) => policy)).toEqual(LAB_POLICIES.map(({ name }) => `\`${name}\``))
  })

  it.each(LAB_POLICIES.map(({ name }) => name))("%s answers as its row says", async (policy) => {
    const row = rows.find(([name]) => name === `\`${policy}\``)
    expect(row).toBeDefined()
    const documented = (row ?? []).slice(1).map((cell) => /\d{3}/.exec(cell)?.[0])
    const answered: string[] = []
    for (const { method, id, headers } of CASES) {
      await fetch(`${lab.url()}/api/_reset`, { method: "POST" })
      const json = method === "PUT" ? { text: "created or replaced" } : undefined
      answered.push(String((await lab.send(method, `/api/${policy}/notes/${id}`, { headers, json })).status))
    }
    expect(answered).toEqual(documented)
  })
})
