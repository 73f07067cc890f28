/**
 * HAR bodies (`response.content`, `request.postData`) to BodyInfo: text kept up to the size
 * limit, base64 decoded only for textual types, binary and oversized bodies skipped with a reason.
 */
import type { BodyInfo } from "../model"
import { base64DecodedSize, decodeBase64, decodeUtf8, utf8ByteLength } from "./body-text"
import { asNumber, asText, isRecord, type JsonRecord } from "./har-fields"

const TEXTUAL_MIME =
  /json|^text\/|xml|javascript|ecmascript|x-www-form-urlencoded|graphql|yaml|csv|multipart\/form-data/i
const BINARY_MIME = /^(?:image|audio|video|font)\/|octet-stream|protobuf|zip|gzip|pdf|wasm|msgpack|cbor/i

export type BodyKind = "textual" | "binary" | "unknown"

export function classifyMime(mimeType: string | undefined): BodyKind {
  if (mimeType === undefined || mimeType.trim() === "") return "unknown"
  if (mimeType.startsWith("application/json")) return "textual"
  if (BINARY_MIME.test(mimeType)) return "binary"
  return TEXTUAL_MIME.test(mimeType) ? "textual" : "unknown"
}

// Built directly (no object spread): one allocation per body, same key order as the spread form.
function skippedBody(mimeType: string | undefined, size: number, skipped: string): BodyInfo {
  return mimeType === undefined ? { size, skipped } : { mimeType, size, skipped }
}

function textBody(mimeType: string | undefined, size: number, text: string): BodyInfo {
  return mimeType === undefined ? { size, text } : { mimeType, size, text }
}

function tooLarge(bytes: number, limit: number): string {
  return `too large (${bytes} bytes > ${limit} bytes limit)`
}

/** Text that looks like bytes rather than characters (NUL or many replacement characters). */
function looksBinary(text: string, invalidSequences: number): boolean {
  return text.includes("\u0000") || invalidSequences > Math.max(2, text.length / 100)
}

/**
 * Size in bytes of a body's text. A declared size equal to the text's length can only be right
 * for ASCII text (UTF-8 needs more bytes for anything else): taken as is, which saves a scan of
 * every such body, when even three bytes a character would stay within the limit.
 */
function textSize(text: string, declaredSize: number | undefined, maxBodyBytes: number): number {
  if (declaredSize === text.length && text.length * 3 <= maxBodyBytes) return declaredSize
  return utf8ByteLength(text)
}

/**
 * A body Playwright's `recordHar` kept in a file of its own beside the HAR (`content: "attach"`,
 * and a capture recorded to a `.zip`, unpacked), named by `_file`, with no text in the entry:
 * said so, instead of reading as no body at all (a write's `_rev` in it then went unseen).
 */
function attachedBody(
  mimeType: string | undefined,
  declaredSize: number | undefined,
  file: string,
  maxBodyBytes: number
): BodyInfo {
  const size = declaredSize ?? -1
  if (classifyMime(mimeType) === "binary") return skippedBody(mimeType, size, "binary")
  if (size > maxBodyBytes) return skippedBody(mimeType, size, tooLarge(size, maxBodyBytes))
  return skippedBody(mimeType, size, `in a file of its own (${JSON.stringify(file.slice(0, 80))}), not read`)
}

const FORM_MIME = /^\s*application\/x-www-form-urlencoded\s*(?:;|$)/i

/** A form's name or value as a browser sends it (application/x-www-form-urlencoded: space as `+`). */
function encodeFormComponent(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, "+")
}

/**
 * The text of a form body a capture wrote as `postData.params` alone (HAR 1.2 makes `text` and
 * `params` mutually exclusive), rebuilt as `name=value&…`; undefined when it is no such form (a
 * multipart one with files, or items that are not `{name, value}`).
 */
function formTextOf(params: unknown, mimeType: string | undefined): string | undefined {
  if (!Array.isArray(params) || params.length === 0) return undefined
  if (mimeType !== undefined && mimeType !== "" && !FORM_MIME.test(mimeType)) return undefined
  const pairs: string[] = []
  for (const param of params) {
    if (!isRecord(param) || typeof param.name !== "string" || param.fileName !== undefined) return undefined
    const value = param.value === undefined ? "" : param.value
    if (typeof value !== "string") return undefined
    pairs.push(`${encodeFormComponent(param.name)}=${encodeFormComponent(value)}`)
  }
  return pairs.join("&")
}

/**
 * Read a HAR body holder (`content` or `postData`): `text` (else a form's `params`), optional
 * `encoding`, `mimeType`, `size`.
 * Undefined when there is no body at all (no text, no `_file` and no positive size).
 */
export function readHarBody(
  holder: JsonRecord | undefined,
  fallbackMime: string | undefined,
  maxBodyBytes: number
): BodyInfo | undefined {
  if (!holder) return undefined
  const declaredMime = asText(holder.mimeType)
  const mimeType = declaredMime !== undefined && declaredMime !== "" ? declaredMime : fallbackMime
  const declaredSize = asNumber(holder.size)
  const text = asText(holder.text) || formTextOf(holder.params, mimeType)
  if (text === undefined || text === "") {
    const attached = asText(holder._file)
    // An empty body gets a file too (Playwright names it by the hash of no bytes).
    if (attached !== undefined && attached !== "" && declaredSize !== 0)
      return attachedBody(mimeType, declaredSize, attached, maxBodyBytes)
    if (declaredSize === undefined || declaredSize <= 0) return undefined
    return skippedBody(mimeType, declaredSize, "not captured")
  }
  const kind = classifyMime(mimeType)
  const encoding = asText(holder.encoding)?.toLowerCase()
  if (encoding === "base64") {
    const size = base64DecodedSize(text)
    if (kind === "binary") return skippedBody(mimeType, size, "binary")
    if (size > maxBodyBytes) return skippedBody(mimeType, size, tooLarge(size, maxBodyBytes))
    const bytes = decodeBase64(text)
    if (!bytes) return skippedBody(mimeType, declaredSize ?? -1, "invalid base64")
    const decoded = decodeUtf8(bytes)
    if (kind === "unknown" && looksBinary(decoded.text, decoded.invalid)) {
      return skippedBody(mimeType, bytes.length, "binary")
    }
    return textBody(mimeType, bytes.length, decoded.text)
  }
  if (encoding !== undefined && encoding !== "") {
    return skippedBody(
      mimeType,
      declaredSize ?? -1,
      `unsupported encoding ${JSON.stringify(encoding.slice(0, 20))}`
    )
  }
  if (kind === "binary") return skippedBody(mimeType, declaredSize ?? utf8ByteLength(text), "binary")
  const size = textSize(text, declaredSize, maxBodyBytes)
  if (size > maxBodyBytes) return skippedBody(mimeType, size, tooLarge(size, maxBodyBytes))
  return textBody(mimeType, size, text)
}
