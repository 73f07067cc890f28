/** Writes (or removes) a chosen version into a request draft at the given carriers. */
import type { Header } from "../model"
import { withHeader, withoutHeader } from "./headers"
import type { VersionCarrier } from "./types"
import { readTagLeniently } from "./tag-text"
import { withQueryParam, withoutQueryParam } from "./url-text"
import { fieldValue, withField, withoutField, withPathParents } from "../traffic/json-field"
import { parseJsonObject } from "../traffic/json-body"
import { patchOperationsOf, pointerOf, testsField } from "../traffic/json-patch"

export interface RequestDraft {
  readonly url: string
  readonly headers: readonly Header[]
  readonly body?: string
}

/** The version text in each form: for the header (`"x"`) and for a body field or query value (as the API wrote it). */
export interface VersionText {
  readonly header: string
  readonly value: string
}

/**
 * How an API writes its version in a JSON field: quoted like a header (`@odata.etag: "W/\"x\""`), bare
 * (CouchDB `_rev: "1-abc"`, Eve `_etag: "abc"`), or a JSON number (a JPA `@Version`, Rails
 * `lock_version`: a server that binds it to an integer refuses the string "3"). Taken from the
 * recorded body (parsed) when it had the field.
 */
function bodyFieldStyle(
  recordedJson: Record<string, unknown> | undefined,
  field: string
): "quoted" | "bare" | "number" {
  const recorded = recordedJson === undefined ? undefined : fieldValue(recordedJson, field)
  if (typeof recorded === "number") return "number"
  if (typeof recorded === "string") return /^(W\/)?"/i.test(recorded.trim()) ? "quoted" : "bare"
  return field.includes("odata") ? "quoted" : "bare"
}

/**
 * Whether a weak tag `W/"x"` can be sent at any of the carriers: in If-Match, or in a body field
 * the API writes quoted like a header (`@odata.etag`). A bare field, a query parameter or a
 * version header holds the opaque version alone, so its weak form would go out as the strong one.
 */
export function takesWeakForm(
  carriers: readonly VersionCarrier[],
  recordedBody: string | undefined,
  samples: readonly (string | undefined)[]
): boolean {
  return carriers.some(
    (carrier) =>
      carrier.kind === "if-match" ||
      (carrier.kind === "body-field" &&
        patchOperationsOf(recordedBody) === undefined &&
        bodyFieldStyle(fieldModel(carrier.field, [recordedBody, ...samples]), carrier.field) === "quoted")
  )
}

/** The version as the field's JSON value, in the style the API wrote it. */
function fieldValueOf(style: ReturnType<typeof bodyFieldStyle>, text: VersionText): string | number {
  if (style === "quoted") return text.value
  const opaque = bare(text.value)
  return style === "number" && /^-?\d+(\.\d+)?$/.test(opaque) ? Number(opaque) : opaque
}

/** The recorded body (parsed) had the field as a path into a nested object, not as a key of that name. */
function nestedIn(recorded: Record<string, unknown> | undefined, field: string): boolean {
  return recorded !== undefined && !(field in recorded) && fieldValue(recorded, field) !== undefined
}

/** The version after a whole-number one, in the same JSON type; anything else as it is. */
function nextVersionOf(version: string | number): string | number {
  if (typeof version === "number") return Number.isSafeInteger(version) ? version + 1 : version
  return /^\d+$/.test(version) && Number.isSafeInteger(Number(version))
    ? String(Number(version) + 1)
    : version
}

function bare(text: string): string {
  return readTagLeniently(text).opaque
}

/**
 * A JSON Patch (RFC 6902) whose test of the field expects the version (one put first when it had
 * none): the server applies it only if the field still holds that value (§4.6). The value has the
 * JSON type the recorded test gave it; without one, a whole number is sent as a number, as a
 * revision counter is (Azure DevOps' `rev`): the test compares JSON values, so "3" would not match 3.
 */
function withVersionTest(
  operations: Record<string, unknown>[],
  field: string,
  text: VersionText,
  recordedBody: string | undefined
): string {
  const recordedTest = patchOperationsOf(recordedBody)?.find((operation) => testsField(operation, field))
  const opaque = bare(text.value)
  const value = typeof recordedTest?.value === "string" || !/^\d+$/.test(opaque) ? opaque : Number(opaque)
  const at = operations.findIndex((operation) => testsField(operation, field))
  if (at >= 0) operations[at] = { ...operations[at], value }
  else operations.unshift({ op: "test", path: pointerOf(field), value })
  return JSON.stringify(operations)
}

/**
 * The JSON object that shows how the API writes the field: the first of the bodies (the recorded
 * request's, then bodies the API sent) that has it. A write that sent no version gets it nested
 * and typed as the API's own representation has it (Kubernetes' `metadata.resourceVersion`
 * string, a JPA `version` number), not as one dotted string key.
 */
function fieldModel(
  field: string,
  bodies: readonly (string | undefined)[]
): Record<string, unknown> | undefined {
  const parsed = bodies.map(parseJsonObject)
  return parsed.find((json) => json !== undefined && fieldValue(json, field) !== undefined) ?? parsed[0]
}

/**
 * Writes the version at each carrier. `recordedBody` and then `samples` (bodies the API sent for
 * the resource) show how a body field is written.
 */
export function writeVersion(
  draft: RequestDraft,
  carriers: readonly VersionCarrier[],
  text: VersionText,
  recordedBody?: string,
  samples: readonly (string | undefined)[] = []
): RequestDraft {
  return carriers.reduce<RequestDraft>((current, carrier) => {
    if (carrier.kind === "if-match")
      return { ...current, headers: withHeader(current.headers, "If-Match", text.header) }
    if (carrier.kind === "if-unmodified-since")
      return { ...current, headers: withHeader(current.headers, "If-Unmodified-Since", text.header) }
    // Version headers carry the bare version (Contentful's `X-Contentful-Version: 3`).
    if (carrier.kind === "version-header")
      return { ...current, headers: withHeader(current.headers, carrier.name, bare(text.value)) }
    if (carrier.kind === "body-field") {
      const operations = patchOperationsOf(current.body)
      if (operations !== undefined)
        return { ...current, body: withVersionTest(operations, carrier.field, text, recordedBody) }
      const parsed = parseJsonObject(current.body)
      if (!parsed) return current
      const recorded = fieldModel(carrier.field, [recordedBody, ...samples])
      // A nested field (Confluence's version.number) goes back where the recorded body (else the
      // API's) had it, its parent made again if stripping the version removed it.
      const json = nestedIn(recorded, carrier.field) ? withPathParents(parsed, carrier.field) : parsed
      const chosen = fieldValueOf(bodyFieldStyle(recorded, carrier.field), text)
      const value = carrier.next === true ? nextVersionOf(chosen) : chosen
      return { ...current, body: JSON.stringify(withField(json, carrier.field, value)) }
    }
    return { ...current, url: withQueryParam(current.url, carrier.param, bare(text.value)) }
  }, draft)
}

export function removeVersion(draft: RequestDraft, carriers: readonly VersionCarrier[]): RequestDraft {
  return carriers.reduce<RequestDraft>((current, carrier) => {
    if (carrier.kind === "if-match")
      return { ...current, headers: withoutHeader(current.headers, "If-Match") }
    if (carrier.kind === "if-unmodified-since")
      return { ...current, headers: withoutHeader(current.headers, "If-Unmodified-Since") }
    if (carrier.kind === "version-header")
      return { ...current, headers: withoutHeader(current.headers, carrier.name) }
    if (carrier.kind === "body-field") {
      const operations = patchOperationsOf(current.body)
      if (operations !== undefined) {
        const kept = operations.filter((operation) => !testsField(operation, carrier.field))
        return kept.length === operations.length ? current : { ...current, body: JSON.stringify(kept) }
      }
      const json = parseJsonObject(current.body)
      if (!json || fieldValue(json, carrier.field) === undefined) return current
      return { ...current, body: JSON.stringify(withoutField(json, carrier.field)) }
    }
    return { ...current, url: withoutQueryParam(current.url, carrier.param) }
  }, draft)
}
