/**
 * A scenario as a Playwright test (`@playwright/test`, the `request` fixture: no browser needed).
 * Base URL from ETAG_LENS_BASE_URL or the config's `use.baseURL`; auth from ETAG_LENS_AUTHORIZATION
 * and ETAG_LENS_COOKIE; tags read from the server at run time. Each `expect` names its step.
 */
import type { Scenario } from "./scenario"
import { describeScenarioSteps, scenarioData, scenarioStepCount } from "./scenario"

/** The test body shared by every generated file; `scenario` is declared above it. No template literals. */
const PLAYWRIGHT_RUNTIME = String.raw`
type Tags = { header?: string; body: Record<string, string | number>; first: string }
type Json = Record<string, unknown>

function parseJson(text: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined
  } catch {
    return undefined
  }
}
// OData V2's verbose JSON wraps the entity in {"d": {…}}: its fields are inside.
function representationOf(text: string): Json | undefined {
  const json = parseJson(text)
  const inner = json && Object.keys(json).length === 1 ? json.d : undefined
  return inner !== null && typeof inner === "object" && !Array.isArray(inner) ? (inner as Json) : json
}
// A version field: its key, else a dotted path into nested objects (metadata.resourceVersion).
function readsAsPath(json: Json, field: string): boolean {
  const head = json[field.split(".")[0]]
  return field.includes(".") && !(field in json) && head !== null && typeof head === "object"
}
function getField(json: Json, field: string): unknown {
  if (!readsAsPath(json, field)) return json[field]
  let current: unknown = json
  for (const key of field.split(".")) {
    if (current === null || typeof current !== "object") return undefined
    current = (current as Json)[key]
  }
  return current
}
function withField(json: Json, field: string, value: unknown): Json {
  if (!readsAsPath(json, field)) return { ...json, [field]: value }
  const [head, ...rest] = field.split(".")
  const child = json[head] as Json
  return { ...json, [head]: rest.length === 1 ? { ...child, [rest[0]]: value } : withField(child, rest.join("."), value) }
}
const unquote = (tag: string): string => /^(?:W\/)?"(.*)"$/.exec(tag)?.[1] ?? tag
const quoted = (tag: string): string => (/^(?:W\/)?".*"$/.test(tag) ? tag : '"' + tag + '"')

function readTags(headers: Record<string, string>, text: string): Tags | undefined {
  const json = representationOf(text) ?? {}
  const header = scenario.tagFrom.header ? headers["etag"] : undefined
  // Playwright gives header names in lower case.
  const versioned = (scenario.tagFrom.versionHeaders ?? []).map((name) => headers[name.toLowerCase()]).find(Boolean)
  const body: Record<string, string | number> = {}
  for (const field of scenario.tagFrom.bodyFields) {
    const value = getField(json, field)
    // A JPA @Version or Rails lock_version is a number: it goes back as one.
    if (typeof value === "string" || typeof value === "number") body[field] = value
  }
  const first = header ?? versioned ?? Object.values(body).map(String)[0]
  return first === undefined ? undefined : { header, body, first }
}

// The version a write makes, where the API wants that one sent (Confluence): the one read plus one.
function nextVersion(read: string | number): string | number {
  return typeof read === "number" ? read + 1 : String(Number(read) + 1)
}
// The recorded write with marker in its marker field and the tag in carriers (none: no version at all).
function writeRequest(url: string, tags: Tags, marker: string, carriers = scenario.carriers) {
  const headers: Record<string, string> = { ...auth }
  if (scenario.write.contentType !== undefined) headers["Content-Type"] = scenario.write.contentType
  if (scenario.write.methodOverride !== undefined)
    headers[scenario.write.methodOverride.header] = scenario.write.methodOverride.method
  let json = scenario.write.body === undefined ? undefined : parseJson(scenario.write.body)
  if (json && scenario.markerField !== undefined) json[scenario.markerField] = marker
  // The body repeats the resource's id (FHIR): the id of the resource this test created.
  if (json && scenario.idField !== undefined)
    json[scenario.idField] = decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "")
  // A JSON Patch: the marker is the value its marker operation sets; a version, a test of its field.
  const operations = patchOperations()
  if (operations !== undefined && scenario.markerOperation !== undefined) operations[scenario.markerOperation].value = marker
  for (const carrier of carriers) {
    if (carrier.kind === "if-match") headers["If-Match"] = quoted(tags.header ?? tags.first)
    if (carrier.kind === "body-field") {
      const read = tags.body[carrier.field] ?? unquote(tags.first)
      const value = carrier.next ? nextVersion(read) : read
      if (operations !== undefined && scenario.versionOperation !== undefined) operations[scenario.versionOperation].value = value
      else if (operations !== undefined) operations.unshift({ op: "test", path: pointerOf(carrier.field), value })
      else json = withField(json ?? {}, carrier.field, value)
    }
    if (carrier.kind === "query-param") {
      url += (url.includes("?") ? "&" : "?") + encodeURIComponent(carrier.param) + "=" + encodeURIComponent(unquote(tags.first))
    }
    if (carrier.kind === "version-header") headers[carrier.name] = unquote(tags.first)
    if (carrier.kind === "if-unmodified-since") headers["If-Unmodified-Since"] = tags.first
  }
  // No version at all: the recorded test of the version field goes too.
  if (operations !== undefined && scenario.versionOperation !== undefined && !carriers.some((carrier) => carrier.kind === "body-field"))
    operations.splice(scenario.versionOperation, 1)
  if (json) headers["Content-Type"] ??= "application/json"
  const data = json ? JSON.stringify(json) : operations !== undefined ? JSON.stringify(operations) : scenario.write.body
  return { url, headers, data }
}
// The write's JSON Patch operations (RFC 6902), a fresh copy each time; undefined for any other body.
function patchOperations(): { op: string; path: string; value?: unknown }[] | undefined {
  const body = scenario.write.body
  return body !== undefined && scenario.write.jsonPatch === true ? JSON.parse(body) : undefined
}
// A dotted field as a JSON Pointer (RFC 6901): metadata.resourceVersion is /metadata/resourceVersion.
function pointerOf(field: string): string {
  return "/" + field.split(".").map((token) => token.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")
}

// The write at fault was a DELETE: the steps that must be refused send one, with no body.
function refusedRequest(url: string, tags: Tags, marker: string, carriers = scenario.carriers) {
  const request = writeRequest(url, tags, marker, carriers)
  if (scenario.refusedMethod === undefined) return request
  const headers = { ...request.headers }
  delete headers["Content-Type"]
  if (scenario.write.methodOverride !== undefined) delete headers[scenario.write.methodOverride.header]
  return { url: request.url, headers, data: undefined }
}
const refusedMethod = scenario.refusedMethod ?? scenario.write.method

const auth: Record<string, string> = {}
if (process.env.ETAG_LENS_AUTHORIZATION) auth.Authorization = process.env.ETAG_LENS_AUTHORIZATION
if (process.env.ETAG_LENS_COOKIE) auth.Cookie = process.env.ETAG_LENS_COOKIE

test(scenario.title, async ({ request, baseURL }) => {
  const base = (process.env.ETAG_LENS_BASE_URL ?? baseURL ?? "").replace(/\/+$/, "")
  expect(base, "set ETAG_LENS_BASE_URL or use.baseURL").not.toBe("")
  let stepNumber = 0
  const step = (name: string) => "step " + ++stepNumber + "/" + totalSteps + " " + name
  const runId = Date.now().toString(36)
  const noRedirects = { maxRedirects: 0, failOnStatusCode: false }

  let resourceUrl = base + scenario.resourcePath
  if (scenario.create) {
    const label = step("create")
    const created = await request.fetch(base + scenario.create.collectionPath, {
      method: "POST",
      headers: { ...auth, ...(scenario.create.contentType ? { "Content-Type": scenario.create.contentType } : {}) },
      data: scenario.create.body,
      ...noRedirects
    })
    const location = created.headers()["location"]
    expect(created.ok() && location !== undefined, label + ": POST expected 2xx with a Location, got " + created.status()).toBe(true)
    // A FHIR create's Location names the new version (…/_history/1): the resource is the URL before it.
    resourceUrl = new URL(location ?? "", base + scenario.create.collectionPath).href.replace(/\/_history\/[^/?#]*$/, "")
  }

  const readLabel = step("read")
  const first = await request.get(resourceUrl, { headers: auth, ...noRedirects })
  expect(first.status(), readLabel + ": GET " + resourceUrl).toBe(200)
  const tags = readTags(first.headers(), await first.text())
  expect(tags, readLabel + ": no tag in " + ["ETag", ...(scenario.tagFrom.versionHeaders ?? []), ...scenario.tagFrom.bodyFields].join(", ")).toBeDefined()
  if (tags === undefined) return
  // Last-Modified counts whole seconds: a write within the read's second would keep its date.
  if (scenario.pauseBeforeWriteMs !== undefined) await new Promise((resolve) => setTimeout(resolve, scenario.pauseBeforeWriteMs))

  const writerA = "ETag Lens writer A " + runId
  const concurrentLabel = step("concurrent write")
  const concurrent = writeRequest(resourceUrl, tags, writerA)
  const second = await request.fetch(concurrent.url, { method: scenario.write.method, headers: concurrent.headers, data: concurrent.data, ...noRedirects })
  expect(second.ok(), concurrentLabel + ": expected 2xx with the current tag, got " + second.status()).toBe(true)

  if (scenario.unversionedRefusedStatuses !== undefined) {
    const unversionedLabel = step("write with no version")
    const unversioned = refusedRequest(resourceUrl, tags, "ETag Lens writer C " + runId, [])
    const answer = await request.fetch(unversioned.url, { method: refusedMethod, headers: unversioned.headers, data: unversioned.data, ...noRedirects })
    const expected = unversionedLabel + ": expected " + scenario.unversionedRefusedStatusesText + ", got " + answer.status()
    expect(answer.ok(), expected + " — LOST UPDATE: the server accepted a " + (scenario.refusedMethod ?? "write") + " that named no version").toBe(false)
    expect(scenario.unversionedRefusedStatuses, expected).toContain(answer.status())
  }

  const staleLabel = step("stale write")
  const stale = refusedRequest(resourceUrl, tags, "ETag Lens writer B " + runId)
  const third = await request.fetch(stale.url, { method: refusedMethod, headers: stale.headers, data: stale.data, ...noRedirects })
  expect(third.ok(), staleLabel + ": expected " + scenario.refusedStatusesText + ", got " + third.status() + " — LOST UPDATE").toBe(false)
  expect(scenario.refusedStatuses, staleLabel + ": expected " + scenario.refusedStatusesText).toContain(third.status())

  const readBackLabel = step("read back")
  const last = await request.get(resourceUrl, { headers: auth, ...noRedirects })
  expect(last.status(), readBackLabel + ": GET").toBe(200)
  if (scenario.markerField !== undefined) {
    const body = representationOf(await last.text()) ?? {}
    expect(body[scenario.markerField], readBackLabel + ": the concurrent write must survive").toBe(writerA)
  }
})
`

export function toPlaywrightTest(scenario: Scenario): string {
  const data = scenarioData(scenario)
  const header = [
    `// ETag Lens regression test: ${scenario.title} (rule ${scenario.ruleId}).`,
    `// Re-creates the capture's scenario (exchanges ${scenario.evidence.map((id) => `#${id}`).join(", ")} of ${scenario.recordedOrigin}):`,
    `// ${describeScenarioSteps(scenario)}`,
    "// Run: ETAG_LENS_BASE_URL=<base-url> npx playwright test <this file>   (or set use.baseURL in the config).",
    "// Auth: set ETAG_LENS_AUTHORIZATION (an Authorization header value) and/or ETAG_LENS_COOKIE.",
    "// Recorded secrets and tags are not in this file: tags are read from the server at run time.",
    'import { expect, test } from "@playwright/test"',
    "",
    `const scenario: {
  title: string
  ruleId: string
  recordedOrigin: string
  resourcePath: string
  create?: { collectionPath: string; contentType?: string; body?: string }
  tagFrom: { header: boolean; versionHeaders?: string[]; bodyFields: string[] }
  carriers: (
    | { kind: "if-match" }
    | { kind: "body-field"; field: string; next?: true }
    | { kind: "query-param"; param: string }
    | { kind: "version-header"; name: string }
    | { kind: "if-unmodified-since" }
  )[]
  pauseBeforeWriteMs?: number
  write: {
    method: string
    methodOverride?: { header: string; method: string }
    contentType?: string
    body?: string
    jsonPatch?: true
  }
  writeText: string
  refusedText: string
  refusedMethod?: "DELETE"
  markerField?: string
  idField?: string
  markerOperation?: number
  versionOperation?: number
  refusedStatuses: number[]
  refusedStatusesText: string
  unversionedRefusedStatuses?: number[]
  unversionedRefusedStatusesText?: string
  evidence: number[]
} = ${JSON.stringify(data, null, 2)}`,
    `const totalSteps = ${scenarioStepCount(scenario)}`
  ]
  return `${header.join("\n")}\n${PLAYWRIGHT_RUNTIME}`
}
