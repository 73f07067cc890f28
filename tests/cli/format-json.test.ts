/**
 * `--json` against the schema docs/cli.md documents (a public contract: "Keys appear in this order"):
 * every object's keys, in the documented order, none undocumented, none required missing.
 */
import { readFileSync } from "node:fs"
import { mkdtemp, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { bundleCli, fixture, PROJECT_ROOT, removeBundle, runCli } from "./run-cli"

beforeAll(bundleCli)
afterAll(removeBundle)

interface DocumentedKey {
  readonly name: string
  readonly optional: boolean
}

/** The schema block's keys per object path (`policies.protection`), comments and string literals left out. */
function documentedKeys(): Map<string, DocumentedKey[]> {
  const doc = readFileSync(`${PROJECT_ROOT}docs/cli.md`, "utf8")
  const block = /## JSON schema[\s\S]*?```ts\n([\s\S]*?)```/.exec(doc)?.[1]
  if (block === undefined) throw new Error("no schema block in docs/cli.md")
  const text = block.replace(/\/\/.*$/gm, "").replace(/"[^"]*"/g, '""')
  const keys = new Map<string, DocumentedKey[]>()
  const path: string[] = []
  let lastKey = ""
  for (let at = 0; at < text.length; at++) {
    const key = /^([A-Za-z]+)(\??):/.exec(text.slice(at))
    if (key && !/[A-Za-z]/.test(text[at - 1] ?? "")) {
      const here = path.slice(1).join(".")
      keys.set(here, [...(keys.get(here) ?? []), { name: key[1], optional: key[2] === "?" }])
      lastKey = key[1]
      at += key[0].length - 1
    } else if (text[at] === "{") path.push(lastKey)
    else if (text[at] === "}") path.pop()
  }
  return keys
}

/** The report's keys per object path, in order; array elements merged (optional keys appear in some). */
function actualKeys(value: unknown, path: string, into: Map<string, string[][]>): void {
  if (Array.isArray(value)) for (const item of value) actualKeys(item, path, into)
  else if (typeof value === "object" && value !== null) {
    into.set(path, [...(into.get(path) ?? []), Object.keys(value)])
    for (const [key, child] of Object.entries(value))
      actualKeys(child, path === "" ? key : `${path}.${key}`, into)
  }
}

describe("etag-audit --json against the documented schema", () => {
  it("has the documented keys, in the documented order, at every level", async () => {
    const directory = await mkdtemp(`${tmpdir()}/etag-audit-`)
    const baseline = `${directory}/baseline.json`
    const config = `${directory}/config.json`
    // Optional fields too: otherTags (a farm's two servers), overriddenBy, a problem's entryIndex, a baseline.
    await writeFile(config, JSON.stringify({ policyOverrides: { "http://127.0.0.1:44241/api/lax": "lax" } }))
    await writeFile(
      baseline,
      JSON.stringify({
        etagAuditBaseline: 1,
        entries: [{ ruleId: "lost-update", endpoint: "http://x/{id}" }]
      })
    )
    const run = runCli([
      "--json",
      "--config",
      config,
      "--baseline",
      baseline,
      fixture("bad-entries.har"),
      "tests/fixtures/lab-farm-two-users.har"
    ])
    const actual = new Map<string, string[][]>()
    actualKeys(JSON.parse(run.stdout), "", actual)
    const documented = documentedKeys()
    for (const [path, objects] of actual) {
      if (path === "policies.traits.evidence") continue
      const spec = documented.get(path)
      expect(spec, `keys of ${path || "the report"} are documented`).toBeDefined()
      for (const keys of objects) {
        const names = spec?.map((key) => key.name) ?? []
        expect(
          keys.filter((key) => !names.includes(key)),
          `undocumented keys in ${path}`
        ).toEqual([])
        const required = spec?.filter((key) => !key.optional).map((key) => key.name) ?? []
        expect(
          required.filter((key) => !keys.includes(key)),
          `missing keys in ${path}`
        ).toEqual([])
        expect(keys, `key order in ${path}`).toEqual(names.filter((name) => keys.includes(name)))
      }
    }
    // Each optional field showed up at least once, so this run checked it.
    for (const [path, objects] of actual)
      for (const key of documented.get(path)?.filter((key) => key.optional) ?? [])
        expect(
          objects.some((keys) => keys.includes(key.name)),
          `${path}.${key.name} seen`
        ).toBe(true)
  })
})
