/** The committed lab HAR fixtures still tell the story the lab tells today (and stay small). */
import { readFileSync, statSync } from "node:fs"
import { resolve } from "node:path"

import type { Har } from "har-format"
import { describe, expect, it } from "vitest"

import { EXPECTED_SCENARIO_STATUSES } from "../../scripts/record-fixtures-expectations"

const FIXTURES = resolve(import.meta.dirname, "../fixtures")
const MAX_FIXTURE_BYTES = 100_000

function apiCalls(name: string): { method: string; path: string; status: number; ifMatch?: string }[] {
  const path = resolve(FIXTURES, `${name}.har`)
  expect(statSync(path).size).toBeLessThan(MAX_FIXTURE_BYTES)
  const har = JSON.parse(readFileSync(path, "utf8")) as Har
  return har.log.entries
    .filter((entry) => new URL(entry.request.url).pathname.startsWith("/api/"))
    .map((entry) => ({
      method: entry.request.method,
      path: new URL(entry.request.url).pathname,
      status: entry.response.status,
      ifMatch: entry.request.headers.find((header) => header.name.toLowerCase() === "if-match")?.value
    }))
}

describe("recorded lab fixtures", () => {
  it.each(Object.entries(EXPECTED_SCENARIO_STATUSES))("lab-%s.har shows %s", (policy, statuses) => {
    const calls = apiCalls(`lab-${policy}`)
    // Azure DevOps-style updates are JSON Patches; a SCIM client reads by a query (POST .search).
    const write = policy === "azure-devops" ? "PATCH" : "PUT"
    const read = policy === "scim" ? "POST" : "GET"
    expect(calls.map((call) => call.method).join(" ")).toBe(`${read} ${write} ${write} ${write}`)
    const readPath = policy === "scim" ? "/api/scim/notes/.search" : `/api/${policy}/notes/1`
    expect(calls.map((call) => call.path)).toEqual([readPath, ...Array(3).fill(`/api/${policy}/notes/1`)])
    expect(calls.map((call) => call.status).join(" ")).toBe(statuses)
  })

  it("lab-lax-two-users.har: both users save with the same tag and both get 200", () => {
    const saves = apiCalls("lab-lax-two-users").filter((call) => call.method === "PUT")
    expect(saves.map((call) => call.status)).toEqual([200, 200])
    expect(saves[0]?.ifMatch).toMatch(/^"n1-v1-/)
    expect(saves[1]?.ifMatch).toBe(saves[0]?.ifMatch)
  })

  it("lab-lax-blind-two-users.har: both users save without If-Match and both get 200", () => {
    const saves = apiCalls("lab-lax-blind-two-users").filter((call) => call.method === "PUT")
    expect(saves.map((call) => [call.status, call.ifMatch])).toEqual([
      [200, undefined],
      [200, undefined]
    ])
  })

  it("lab-lax-json-patch-two-users.har: both users save a JSON Patch without If-Match and both get 200", () => {
    const saves = apiCalls("lab-lax-json-patch-two-users").filter((call) => call.method === "PATCH")
    expect(saves.map((call) => [call.status, call.ifMatch])).toEqual([
      [200, undefined],
      [200, undefined]
    ])
  })

  it("lab-strict-two-users.har: the stale save gets 412, the retry with the fresh tag 200", () => {
    const saves = apiCalls("lab-strict-two-users").filter((call) => call.method === "PUT")
    expect(saves.map((call) => call.status)).toEqual([200, 412, 200])
    expect(saves[1]?.ifMatch).toBe(saves[0]?.ifMatch)
    expect(saves[2]?.ifMatch).toMatch(/^"n1-v2-/)
  })
})
