/**
 * Body fields that optimistic-locking frameworks send back on a write, which the engine reads as a
 * version only when configured (a field named `version` often means something else): JPA and
 * Hibernate `@Version`, Rails `lock_version`, EF Core `RowVersion`, ASP.NET Core Identity
 * `ConcurrencyStamp`, and the generic `etag` and `revision`.
 */
import type { BodyInfo, HeaderList } from "../model"
import { isRecord, readJsonBody } from "./json-body"
import { fieldValue } from "./json-field"
import { patchOperationsOf, testedPointer } from "./json-patch"

const VERSION_LIKE_FIELDS = [
  "version",
  "_version",
  "lock_version",
  "lockVersion",
  "rowVersion",
  "RowVersion",
  "row_version",
  "concurrencyStamp",
  "ConcurrencyStamp",
  "etag",
  "eTag",
  "revision"
]

/** One scan of the body text for any of them as a key (most write bodies have none: no parse then). */
const ANY_VERSION_LIKE_KEY = new RegExp(`"(?:${VERSION_LIKE_FIELDS.join("|")})"\\s*:`)

/** `"1.4.2"`, `"v2.0"`: a release of the software or the API, not a row's version. */
const RELEASE_NUMBER = /^v?\d+\.\d+/

/** Longer values are not version tokens (an EF Core RowVersion is 12 characters of base64). */
const MAX_VERSION_TEXT = 100

/** A top-level field of a JSON request body that looks like an optimistic-locking version. */
export function versionLikeBodyField(
  body: BodyInfo | undefined
): { readonly field: string; readonly value: string } | undefined {
  if (typeof body?.text !== "string" || !ANY_VERSION_LIKE_KEY.test(body.text)) return undefined
  const json = readJsonBody(body)
  if (!isRecord(json)) return undefined
  for (const field of VERSION_LIKE_FIELDS) {
    const value = versionText(json[field])
    if (value !== undefined) return { field, value }
  }
  return undefined
}

/**
 * The member a JSON Patch (RFC 6902) tests first when it is named like a version (`rev`, Azure DevOps;
 * `version`, …) and holds a counter or a token: `{"op": "test", "path": "/rev", "value": 4}`, the
 * patch's own precondition (§4.6). As a dotted field (`/metadata/resourceVersion` is
 * `metadata.resourceVersion`).
 */
export function versionTestedInPatch(
  body: BodyInfo | undefined
): { readonly field: string; readonly value: string } | undefined {
  if (typeof body?.text !== "string" || !body.text.includes('"test"')) return undefined
  for (const operation of patchOperationsOf(body.text) ?? []) {
    const tokens = testedPointer(operation)
    if (tokens === undefined || !PATCH_VERSION_NAMES.has(tokens[tokens.length - 1] ?? "")) continue
    const value = versionText(operation.value)
    if (value !== undefined) return { field: tokens.join("."), value }
  }
  return undefined
}

/** Names a patch's test of a version goes by: the frameworks' fields, and Azure DevOps' `rev`. */
const PATCH_VERSION_NAMES: ReadonlySet<string> = new Set([...VERSION_LIKE_FIELDS, "rev", "resourceVersion"])

/** A counter or a short token, as a version's text; a release number or anything else, none. */
function versionText(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value)
  return typeof value === "string" &&
    value !== "" &&
    value.length <= MAX_VERSION_TEXT &&
    !RELEASE_NUMBER.test(value)
    ? value
    : undefined
}

/**
 * Confluence's shape, `"version": {"number": 5}`: a write that sends the version it will make. Told
 * apart from a JPA `version` by the nesting.
 */
export function nextVersionLikeBodyField(
  body: BodyInfo | undefined
): { readonly field: string; readonly value: string } | undefined {
  if (typeof body?.text !== "string" || !body.text.includes('"number"')) return undefined
  const json = readJsonBody(body)
  const number = isRecord(json) && isRecord(json.version) ? json.version.number : undefined
  return Number.isSafeInteger(number) ? { field: "version.number", value: String(number) } : undefined
}

/**
 * Request headers named like a resource's version (`X-Contentful-Version`, `X-Resource-Version`):
 * a `-version` suffix. Headers that name the version of the API, the client or the browser
 * (`X-API-Version`, `Accept-Version`, `X-Client-Version`, `Sec-CH-UA-Full-Version`) are left out.
 */
const VERSION_LIKE_HEADER = /^[a-z0-9-]+-version$/i
const NOT_A_RESOURCE_VERSION = /api|accept|client|app|sdk|sec-ch|protocol|schema|agent|browser|build/i

/** A resource version sent in a header is a counter; a date or `1.4` names a release instead. */
const COUNTER = /^\d{1,18}$/

/** Answer fields that show the version such a header names (Contentful's `sys.version`). */
const ANSWER_VERSION_FIELDS = ["sys.version", "version", "_version", "meta.version", "metadata.version"]

/**
 * A request header of a write that looks like the version it is based on, which the engine reads
 * only when configured (a configured one makes the write guarded, so it never gets here); with the
 * answer's body field that shows the version, when it has one.
 */
export function versionLikeHeader(
  headers: HeaderList,
  answer: BodyInfo | undefined
): { readonly header: string; readonly value: string; readonly answerField?: string } | undefined {
  for (let position = 0; position < headers.length; position++) {
    const { name, value } = headers[position]
    if (!VERSION_LIKE_HEADER.test(name) || NOT_A_RESOURCE_VERSION.test(name)) continue
    if (!COUNTER.test(value.trim())) continue
    const json = readJsonBody(answer)
    const answerField = isRecord(json)
      ? ANSWER_VERSION_FIELDS.find((field) => typeof fieldValue(json, field) === "number")
      : undefined
    return answerField === undefined
      ? { header: name, value: value.trim() }
      : { header: name, value: value.trim(), answerField }
  }
  return undefined
}
