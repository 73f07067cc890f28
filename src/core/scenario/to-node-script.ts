/**
 * A scenario as a standalone Node ≥ 20 ESM script: no dependencies, global `fetch`.
 * Base URL from argv[2] or ETAG_LENS_BASE_URL; auth from ETAG_LENS_AUTHORIZATION and
 * ETAG_LENS_COOKIE (never the recorded secrets); tags read from the server at run time.
 * Exit 0 when the server refused the stale write, 1 when not (or a step failed), 2 on usage.
 */
import type { Scenario } from "./scenario"
import { describeScenarioSteps, scenarioData, scenarioStepCount } from "./scenario"

/** The runtime every generated script shares; `scenario` is defined above it. Plain JS, no template literals. */
const NODE_RUNTIME = String.raw`
const baseUrl = (process.argv[2] || process.env.ETAG_LENS_BASE_URL || "").replace(/\/+$/, "")
if (!baseUrl) {
  console.error("usage: node " + process.argv[1] + " <base-url>   (or set ETAG_LENS_BASE_URL)")
  process.exit(2)
}
const auth = {}
if (process.env.ETAG_LENS_AUTHORIZATION) auth.Authorization = process.env.ETAG_LENS_AUTHORIZATION
if (process.env.ETAG_LENS_COOKIE) auth.Cookie = process.env.ETAG_LENS_COOKIE
const runId = Date.now().toString(36)
let stepNumber = 0

function step(name) {
  stepNumber += 1
  return "step " + stepNumber + "/" + totalSteps + " " + name
}
function pass(label, detail) {
  console.log(label + ": " + detail + " — ok")
}
function fail(label, detail) {
  console.log(label + ": " + detail)
  console.log("FAIL " + scenario.title)
  process.exit(1)
}
function parseJson(text) {
  try {
    const value = JSON.parse(text)
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : undefined
  } catch {
    return undefined
  }
}
// OData V2's verbose JSON wraps the entity in {"d": {…}}: its fields are inside.
function representationOf(text) {
  const json = parseJson(text)
  const inner = json && Object.keys(json).length === 1 ? json.d : undefined
  return inner !== null && typeof inner === "object" && !Array.isArray(inner) ? inner : json
}
async function send(method, url, headers, body) {
  try {
    const response = await fetch(url, { method, headers: { ...auth, ...headers }, body, redirect: "manual" })
    return { status: response.status, headers: response.headers, text: await response.text() }
  } catch (error) {
    return { status: 0, headers: new Headers(), text: String((error && error.cause) || error) }
  }
}
function got(response) {
  return response.status === 0 ? "no answer (" + response.text + ")" : String(response.status)
}
// A version field: its key, else a dotted path into nested objects (metadata.resourceVersion).
function readsAsPath(json, field) {
  const head = json[field.split(".")[0]]
  return field.includes(".") && !(field in json) && head !== null && typeof head === "object"
}
function getField(json, field) {
  if (!readsAsPath(json, field)) return json[field]
  let current = json
  for (const key of field.split(".")) {
    if (current === null || typeof current !== "object") return undefined
    current = current[key]
  }
  return current
}
function setField(json, field, value) {
  if (!readsAsPath(json, field)) {
    json[field] = value
    return
  }
  const path = field.split(".")
  let current = json
  for (const key of path.slice(0, -1)) {
    if (current[key] === null || typeof current[key] !== "object") current[key] = {}
    current = current[key]
  }
  current[path[path.length - 1]] = value
}
function unquote(tag) {
  const match = /^(?:W\/)?"(.*)"$/.exec(tag)
  return match ? match[1] : tag
}
function quoted(tag) {
  return /^(?:W\/)?".*"$/.test(tag) ? tag : '"' + tag + '"'
}
// The tag as each place needs it: the ETag header's, else the API's body field.
function readTags(response) {
  const json = representationOf(response.text) || {}
  const header = scenario.tagFrom.header ? response.headers.get("etag") || undefined : undefined
  const versioned = (scenario.tagFrom.versionHeaders || []).map((name) => response.headers.get(name)).find(Boolean)
  const body = {}
  for (const field of scenario.tagFrom.bodyFields) {
    const value = getField(json, field)
    // A JPA @Version or Rails lock_version is a number: it goes back as one.
    if (typeof value === "string" || typeof value === "number") body[field] = value
  }
  const first = header || versioned || Object.values(body).map(String)[0]
  return first === undefined ? undefined : { header, body, first, json }
}
// The version a write makes, where the API wants that one sent (Confluence): the one read plus one.
function nextVersion(read) {
  return typeof read === "number" ? read + 1 : String(Number(read) + 1)
}
// The recorded write with marker in its marker field and the tag in carriers (none: no version at all).
function writeRequest(url, tags, marker, carriers = scenario.carriers) {
  const headers = {}
  if (scenario.write.contentType) headers["Content-Type"] = scenario.write.contentType
  if (scenario.write.methodOverride) headers[scenario.write.methodOverride.header] = scenario.write.methodOverride.method
  let json = scenario.write.body === undefined ? undefined : parseJson(scenario.write.body)
  let body = scenario.write.body
  if (json && scenario.markerField) json[scenario.markerField] = marker
  // The body repeats the resource's id (FHIR): the id of the resource this test created.
  if (json && scenario.idField) json[scenario.idField] = decodeURIComponent(new URL(url).pathname.split("/").pop())
  // A JSON Patch: the marker is the value its marker operation sets; a version, a test of its field.
  const operations = scenario.write.jsonPatch ? JSON.parse(body) : undefined
  if (operations && scenario.markerOperation !== undefined) operations[scenario.markerOperation].value = marker
  for (const carrier of carriers) {
    if (carrier.kind === "if-match") headers["If-Match"] = quoted(tags.header || tags.first)
    if (carrier.kind === "body-field") {
      const read = tags.body[carrier.field] ?? unquote(tags.first)
      const value = carrier.next ? nextVersion(read) : read
      if (operations && scenario.versionOperation !== undefined) operations[scenario.versionOperation].value = value
      else if (operations) operations.unshift({ op: "test", path: pointerOf(carrier.field), value })
      else setField((json = json || {}), carrier.field, value)
    }
    if (carrier.kind === "query-param") {
      url += (url.includes("?") ? "&" : "?") + encodeURIComponent(carrier.param) + "=" + encodeURIComponent(unquote(tags.first))
    }
    if (carrier.kind === "version-header") headers[carrier.name] = unquote(tags.first)
    if (carrier.kind === "if-unmodified-since") headers["If-Unmodified-Since"] = tags.first
  }
  // No version at all: the recorded test of the version field goes too.
  if (operations && scenario.versionOperation !== undefined && !carriers.some((carrier) => carrier.kind === "body-field"))
    operations.splice(scenario.versionOperation, 1)
  if (operations) body = JSON.stringify(operations)
  if (json) {
    body = JSON.stringify(json)
    headers["Content-Type"] = headers["Content-Type"] || "application/json"
  }
  return { url, headers, body }
}
// A dotted field as a JSON Pointer (RFC 6901): metadata.resourceVersion is /metadata/resourceVersion.
function pointerOf(field) {
  return "/" + field.split(".").map((token) => token.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")
}
// The write at fault was a DELETE: the steps that must be refused send one, with no body.
function refusedRequest(url, tags, marker, carriers = scenario.carriers) {
  const request = writeRequest(url, tags, marker, carriers)
  if (!scenario.refusedMethod) return request
  const headers = { ...request.headers }
  delete headers["Content-Type"]
  if (scenario.write.methodOverride) delete headers[scenario.write.methodOverride.header]
  return { url: request.url, headers, body: undefined }
}
const refusedMethod = scenario.refusedMethod || scenario.write.method
const lostBy = scenario.refusedMethod === "DELETE" ? "deleted" : "overwrote"
function describeCarriers(tag) {
  const name = (c) =>
    c.kind === "if-match" ? "If-Match " : c.kind === "if-unmodified-since" ? "If-Unmodified-Since " : c.kind === "body-field" ? c.field + " " : c.kind === "version-header" ? c.name + ": " : "?" + c.param + "="
  return scenario.carriers.map((c) => name(c) + tag + (c.next ? " + 1" : "")).join(" and ")
}

let resourceUrl = baseUrl + scenario.resourcePath
if (scenario.create) {
  const label = step("create")
  const headers = scenario.create.contentType ? { "Content-Type": scenario.create.contentType } : {}
  const created = await send("POST", baseUrl + scenario.create.collectionPath, headers, scenario.create.body)
  const location = created.headers.get("location")
  if (created.status < 200 || created.status > 299 || !location) {
    fail(label, "POST " + scenario.create.collectionPath + " expected 2xx with a Location, got " + got(created) + (location ? "" : " without Location"))
  }
  // A FHIR create's Location names the new version (…/_history/1): the resource is the URL before it.
  resourceUrl = new URL(location, baseUrl + scenario.create.collectionPath).href.replace(/\/_history\/[^/?#]*$/, "")
  pass(label, "POST " + scenario.create.collectionPath + " → " + created.status + ", Location " + location)
}

const readLabel = step("read")
const first = await send("GET", resourceUrl, {})
const firstTags = first.status === 200 ? readTags(first) : undefined
if (first.status !== 200) fail(readLabel, "GET " + resourceUrl + " expected 200, got " + got(first))
if (!firstTags) fail(readLabel, "GET " + resourceUrl + " returned no tag (looked in " + ["ETag", ...(scenario.tagFrom.versionHeaders || []), ...scenario.tagFrom.bodyFields].join(", ") + ")")
pass(readLabel, "GET → 200, tag " + firstTags.first)
// Last-Modified counts whole seconds: a write within the read's second would keep its date.
if (scenario.pauseBeforeWriteMs) await new Promise((resolve) => setTimeout(resolve, scenario.pauseBeforeWriteMs))

const writerA = "ETag Lens writer A " + runId
const concurrentLabel = step("concurrent write")
const concurrent = writeRequest(resourceUrl, firstTags, writerA)
const second = await send(scenario.write.method, concurrent.url, concurrent.headers, concurrent.body)
if (second.status < 200 || second.status > 299) {
  fail(concurrentLabel, scenario.writeText + " with " + describeCarriers(firstTags.first) + " (current) expected 2xx, got " + got(second) + ": the server refused a current tag")
}
pass(concurrentLabel, scenario.writeText + " with the current tag → " + second.status)

if (scenario.unversionedRefusedStatuses) {
  const unversionedLabel = step("write with no version")
  const unversioned = refusedRequest(resourceUrl, firstTags, "ETag Lens writer C " + runId, [])
  const answer = await send(refusedMethod, unversioned.url, unversioned.headers, unversioned.body)
  const expectedRefusal = "expected " + scenario.unversionedRefusedStatusesText + ", got " + got(answer)
  if (answer.status >= 200 && answer.status <= 299) fail(unversionedLabel, expectedRefusal + " — LOST UPDATE: the server accepted a " + (scenario.refusedMethod || "write") + " that named no version over the concurrent write")
  if (!scenario.unversionedRefusedStatuses.includes(answer.status)) fail(unversionedLabel, expectedRefusal + " — not a precondition refusal")
  pass(unversionedLabel, scenario.refusedText + " with no version → " + answer.status)
}

const staleLabel = step("stale write")
const stale = refusedRequest(resourceUrl, firstTags, "ETag Lens writer B " + runId)
const third = await send(refusedMethod, stale.url, stale.headers, stale.body)
const expected = "expected " + scenario.refusedStatusesText + ", got " + got(third)
if (third.status >= 200 && third.status <= 299) fail(staleLabel, expected + " — LOST UPDATE: the server " + lostBy + " the concurrent write")
if (!scenario.refusedStatuses.includes(third.status)) fail(staleLabel, expected + " — not a precondition refusal")
pass(staleLabel, scenario.refusedText + " with the tag from step " + (scenario.create ? 2 : 1) + " → " + third.status)

const readBackLabel = step("read back")
const last = await send("GET", resourceUrl, {})
if (last.status !== 200) fail(readBackLabel, "GET expected 200, got " + got(last))
if (scenario.markerField) {
  const value = (representationOf(last.text) || {})[scenario.markerField]
  if (value !== writerA) fail(readBackLabel, scenario.markerField + " expected the concurrent write's value, got " + JSON.stringify(value))
}
pass(readBackLabel, "the concurrent write survived")
console.log("PASS " + scenario.title)
`

export function toNodeScript(scenario: Scenario): string {
  const data = scenarioData(scenario)
  const header = [
    "#!/usr/bin/env node",
    `// ETag Lens regression test: ${scenario.title} (rule ${scenario.ruleId}).`,
    `// Re-creates the capture's scenario (exchanges ${scenario.evidence.map((id) => `#${id}`).join(", ")} of ${scenario.recordedOrigin}):`,
    `// ${describeScenarioSteps(scenario)}`,
    "// Usage: node this-file.mjs <base-url>   (or ETAG_LENS_BASE_URL=<base-url>); Node >= 20, no dependencies.",
    "// Auth: set ETAG_LENS_AUTHORIZATION (an Authorization header value) and/or ETAG_LENS_COOKIE.",
    "// Recorded secrets and tags are not in this file: tags are read from the server at run time.",
    `const scenario = ${JSON.stringify(data, null, 2)}`,
    `const totalSteps = ${scenarioStepCount(scenario)}`
  ]
  return `${header.join("\n")}\n${NODE_RUNTIME.trimStart()}`
}
