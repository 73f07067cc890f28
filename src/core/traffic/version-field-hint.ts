/**
 * Body fields that optimistic-locking frameworks send back on a write, which the engine reads as a
 * version only when configured (a field named `version` often means something else): JPA and
 * Hibernate `@Version`, Rails `lock_version`, EF Core `RowVersion`, ASP.NET Core Identity
 * `ConcurrencyStamp`, and the generic `etag` and `revision`.
 */
import type { BodyInfo } from "../model"
import { isRecord, readJsonBody } from "./json-body"

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
    const value = json[field]
    if (typeof value === "number" && Number.isFinite(value)) return { field, value: String(value) }
    if (
      typeof value === "string" &&
      value !== "" &&
      value.length <= MAX_VERSION_TEXT &&
      !RELEASE_NUMBER.test(value)
    )
      return { field, value }
  }
  return undefined
}
