/** Reads and checks a note's JSON request body; bad input becomes a clear 400/413, never a crash. */
import {
  applyJsonPatch,
  looksLikeJsonPatch,
  parseJsonPatch,
  type JsonPatchOperation
} from "../core/traffic/json-patch"
import { mediaTypeOf } from "../core/http/headers"
import { isRecord } from "../core/traffic/json-body"
import { MAX_TEXT_LENGTH } from "./notes-store"

export const MAX_BODY_BYTES = 16_384

export interface NoteInput {
  readonly text?: string
  /** CouchDB-style version carried in the body. */
  readonly rev?: string
  /** Kubernetes-style version carried in the body's `metadata`. */
  readonly resourceVersion?: string
  /** JPA-style `version` number carried in the body (Spring Data's `@Version`). */
  readonly version?: number
  /** Confluence-style `version: {"number": …}`: the version the write makes. */
  readonly versionNumber?: number
}

export type BodyReading =
  | { readonly ok: true; readonly input: NoteInput }
  | { readonly ok: false; readonly status: 400 | 413; readonly detail: string }

/** Parses `raw` as a JSON object with an optional string `text` (and `_rev`). */
export function readNoteInput(raw: string): BodyReading {
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) {
    return { ok: false, status: 413, detail: `The body is larger than ${MAX_BODY_BYTES} bytes.` }
  }
  if (raw.trim() === "") return { ok: true, input: {} }
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return { ok: false, status: 400, detail: "The body is not valid JSON." }
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { ok: false, status: 400, detail: 'The body must be a JSON object like {"text": "…"}.' }
  }
  const fields = parsed as Record<string, unknown>
  const text = fields.text
  if (text !== undefined && typeof text !== "string") {
    return { ok: false, status: 400, detail: "The field text must be a string." }
  }
  if (typeof text === "string" && text.length > MAX_TEXT_LENGTH) {
    return { ok: false, status: 400, detail: `The text is longer than ${MAX_TEXT_LENGTH} characters.` }
  }
  const rev = fields._rev
  if (rev !== undefined && typeof rev !== "string") {
    return { ok: false, status: 400, detail: "The field _rev must be a string." }
  }
  const metadata = fields.metadata
  const resourceVersion =
    typeof metadata === "object" && metadata !== null && !Array.isArray(metadata)
      ? (metadata as Record<string, unknown>).resourceVersion
      : undefined
  if (resourceVersion !== undefined && typeof resourceVersion !== "string") {
    return { ok: false, status: 400, detail: "The field metadata.resourceVersion must be a string." }
  }
  const version = fields.version
  // Confluence nests it: `"version": {"number": 5}`.
  const nested = typeof version === "object" && version !== null && !Array.isArray(version)
  const versionNumber = nested ? (version as Record<string, unknown>).number : undefined
  if (versionNumber !== undefined && !Number.isInteger(versionNumber)) {
    return { ok: false, status: 400, detail: "The field version.number must be an integer." }
  }
  if (version !== undefined && !nested && !Number.isInteger(version)) {
    return { ok: false, status: 400, detail: "The field version must be an integer." }
  }
  return {
    ok: true,
    input: {
      text,
      rev,
      resourceVersion,
      version: nested ? undefined : (version as number | undefined),
      versionNumber: versionNumber as number | undefined
    }
  }
}

/**
 * Whether a PATCH sends a JSON Patch (RFC 6902): its media type, or a JSON array where the note's
 * object would be (clients that label every body `application/json`).
 */
export function sendsJsonPatch(contentType: string | undefined, raw: string): boolean {
  const type = mediaTypeOf(contentType)
  return type === "application/json-patch+json" || (type === "application/json" && looksLikeJsonPatch(raw))
}

export type PatchReading =
  | { readonly ok: true; readonly operations: readonly JsonPatchOperation[] }
  | { readonly ok: false; readonly status: 400 | 413 | 422; readonly detail: string }

/**
 * How deep a patch's values may nest. Applying a patch copies its values recursively, and some
 * 5,000 nested arrays (within the body limit) overflow the stack; a note holds only its text.
 */
const MAX_VALUE_DEPTH = 64

/** Whether `value` nests arrays or objects more than `limit` levels deep (read without recursion). */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: { readonly value: unknown; readonly depth: number }[] = [{ value, depth: 0 }]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== "object" || next.value === null) continue
    if (next.depth >= limit) return true
    for (const member of Object.values(next.value)) pending.push({ value: member, depth: next.depth + 1 })
  }
  return false
}

/** Parses a JSON Patch document; checked before any precondition, as a malformed request is a 400. */
export function readJsonPatchBody(raw: string): PatchReading {
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) {
    return { ok: false, status: 413, detail: `The body is larger than ${MAX_BODY_BYTES} bytes.` }
  }
  const operations = parseJsonPatch(raw)
  if (operations === undefined)
    return {
      ok: false,
      status: 400,
      detail: 'The body is not a JSON Patch document like [{"op": "replace", "path": "/text", "value": "…"}].'
    }
  // RFC 5789 §2.2: a valid patch the server cannot process is 422.
  if (
    operations.some((operation) => "value" in operation && nestsDeeperThan(operation.value, MAX_VALUE_DEPTH))
  )
    return { ok: false, status: 422, detail: `A value nests deeper than ${MAX_VALUE_DEPTH} levels.` }
  return { ok: true, operations }
}

export type PatchedText =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly status: 409 | 422; readonly detail: string }

/**
 * The note's text once the operations are applied to its representation, as the client read it.
 * A patch that does not apply to the note as it is now (a failed `test`, a missing member) is 409:
 * RFC 5789 §2.2's "conflicting state". One that leaves no usable text is 422.
 */
export function patchedText(
  representation: Record<string, unknown>,
  operations: readonly JsonPatchOperation[]
): PatchedText {
  const after = applyJsonPatch(representation, operations)
  if (after === undefined)
    return { ok: false, status: 409, detail: "The patch does not apply to the note as it is now." }
  const text = isRecord(after) ? after.text : undefined
  if (typeof text !== "string")
    return {
      ok: false,
      status: 422,
      detail: "After the patch the note has no text: it needs a string at /text."
    }
  if (text.length > MAX_TEXT_LENGTH)
    return { ok: false, status: 422, detail: `The text is longer than ${MAX_TEXT_LENGTH} characters.` }
  return { ok: true, text }
}
