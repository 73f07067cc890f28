/**
 * HAR bodies (`response.content`, `request.postData`) to BodyInfo: text kept up to the size
 * limit, base64 decoded only for textual types, binary and oversized bodies skipped with a reason.
 */
import type { BodyInfo } from "../model"
import { base64DecodedSize, decodeBase64, decodeUtf8, utf8ByteLength } from "./body-text"
import { numberField, stringField, type JsonRecord } from "./har-fields"

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

function tooLarge(bytes: number, limit: number): string {
  return `too large (${bytes} bytes > ${limit} bytes limit)`
}

/** Text that looks like bytes rather than characters (NUL or many replacement characters). */
function looksBinary(text: string, invalidSequences: number): boolean {
  return text.includes("\u0000") || invalidSequences > Math.max(2, text.length / 100)
}

/**
 * Read a HAR body holder (`content` or `postData`): `text`, optional `encoding`, `mimeType`, `size`.
 * Undefined when there is no body at all (no text and no positive size).
 */
export function readHarBody(
  holder: JsonRecord | undefined,
  fallbackMime: string | undefined,
  maxBodyBytes: number
): BodyInfo | undefined {
  if (!holder) return undefined
  const declaredMime = stringField(holder, "mimeType")
  const mimeType = declaredMime !== undefined && declaredMime !== "" ? declaredMime : fallbackMime
  const declaredSize = numberField(holder, "size")
  const text = stringField(holder, "text")
  const base = mimeType === undefined ? {} : { mimeType }
  if (text === undefined || text === "") {
    if (declaredSize === undefined || declaredSize <= 0) return undefined
    return { ...base, size: declaredSize, skipped: "not captured" }
  }
  const kind = classifyMime(mimeType)
  const encoding = stringField(holder, "encoding")?.toLowerCase()
  if (encoding === "base64") {
    const size = base64DecodedSize(text)
    if (kind === "binary") return { ...base, size, skipped: "binary" }
    if (size > maxBodyBytes) return { ...base, size, skipped: tooLarge(size, maxBodyBytes) }
    const bytes = decodeBase64(text)
    if (!bytes) return { ...base, size: declaredSize ?? -1, skipped: "invalid base64" }
    const decoded = decodeUtf8(bytes)
    if (kind === "unknown" && looksBinary(decoded.text, decoded.invalid)) {
      return { ...base, size: bytes.length, skipped: "binary" }
    }
    return { ...base, size: bytes.length, text: decoded.text }
  }
  if (encoding !== undefined && encoding !== "") {
    return {
      ...base,
      size: declaredSize ?? -1,
      skipped: `unsupported encoding ${JSON.stringify(encoding.slice(0, 20))}`
    }
  }
  if (kind === "binary") return { ...base, size: declaredSize ?? utf8ByteLength(text), skipped: "binary" }
  const size = utf8ByteLength(text)
  if (size > maxBodyBytes) return { ...base, size, skipped: tooLarge(size, maxBodyBytes) }
  return { ...base, size, text }
}
