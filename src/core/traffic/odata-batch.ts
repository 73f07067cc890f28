/**
 * OData `$batch` requests (SAP UI5 and Fiori apps, Dataverse, CAP): one POST carries many
 * operations, each an HTTP request of its own with its own `If-Match`, answered by one response
 * carrying each operation's status, `ETag` and body. The operations, not the POST, are what
 * lineage and findings are about, so each becomes a HAR entry of its own here.
 *
 * Formats (OData 4.01 Part 1 §11.7.7–§11.7.8, and the same shape in OData V2):
 * - `multipart/mixed`: one `application/http` part per operation; a change set is a nested
 *   `multipart/mixed` part. A change set that fails is answered by one response for all of it
 *   (OData answers a failed change set as a whole), which each of its operations then carries.
 * - JSON (`application/json`, OData 4.01): `{"requests": [...]}` answered by `{"responses": [...]}`,
 *   matched by `id`.
 * An operation's URL is relative to the service root (the `$batch` URL without `$batch`), an
 * absolute path, or absolute; `$1` names the entity that the operation with Content-ID 1 created.
 */
import type { Header } from "../model"
import { headerValue } from "../http/headers"
import { isRecord } from "./json-body"
import { resolveReference } from "./uri"

/** One operation of a batch, as the outer entry's HAR fields need it. */
export interface BatchOperation {
  readonly method: string
  readonly url: string
  readonly headers: Header[]
  readonly body: string
  readonly contentId?: string
}

export interface BatchAnswer {
  readonly status: number
  readonly statusText: string
  readonly headers: Header[]
  readonly body: string
  readonly contentId?: string
}

/** `…/$batch` (or its percent-encoded `%24batch`), before any query. */
const BATCH_PATH = /\/(?:\$|%24)batch(?:[?#]|$)/i

/** Whether a POST to this URL with this content type is an OData batch request. */
export function isODataBatchRequest(url: string, contentType: string | undefined): boolean {
  if (!BATCH_PATH.test(url) || contentType === undefined) return false
  const type = contentType.toLowerCase()
  return type.startsWith("multipart/mixed") || type.startsWith("application/json")
}

/** The `boundary` parameter of a multipart content type (RFC 2046 §5.1.1), quotes removed. */
function boundaryOf(contentType: string | undefined): string | undefined {
  const match = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? "")
  return match ? (match[1] ?? match[2]) : undefined
}

/** The body parts between `--boundary` delimiter lines, up to the closing `--boundary--`. */
function multipartParts(text: string, boundary: string): string[] {
  const lines = text.split(/\r?\n/)
  const parts: string[] = []
  let current: string[] | undefined
  for (const line of lines) {
    const trimmed = line.trimEnd()
    const closing = trimmed === `--${boundary}--`
    if (closing || trimmed === `--${boundary}`) {
      if (current) parts.push(current.join("\r\n"))
      if (closing) break
      current = []
    } else if (current) current.push(line)
  }
  return parts
}

/**
 * Header lines up to the first empty line, and what follows. `skipBlank`: empty lines before the
 * headers are passed over (a part's MIME headers, after a delimiter some servers follow with one).
 */
function splitHead(text: string, skipBlank = false): { headers: Header[]; rest: string } {
  const lines = text.split(/\r?\n/)
  const headers: Header[] = []
  let at = 0
  if (skipBlank) while (at < lines.length && lines[at].trim() === "") at++
  for (; at < lines.length; at++) {
    const line = lines[at]
    if (line.trim() === "") {
      at++
      break
    }
    const colon = line.indexOf(":")
    if (colon > 0) headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() })
  }
  return { headers, rest: lines.slice(at).join("\r\n") }
}

/** An `application/http` part (its MIME headers, and what follows them): the embedded message's start line, headers, body. */
function embeddedMessage(
  mime: Header[],
  rest: string
): {
  mime: Header[]
  startLine: string
  headers: Header[]
  body: string
} {
  const lines = rest.split(/\r?\n/)
  let at = 0
  while (at < lines.length && lines[at].trim() === "") at++
  const startLine = (lines[at] ?? "").trim()
  const { headers, rest: body } = splitHead(lines.slice(at + 1).join("\r\n"))
  return { mime, startLine, headers, body: body.replace(/(?:\r?\n)+$/, "") }
}

type Nested<T> = T | T[]

/** The parts of a multipart body, change sets as nested lists; `read` turns a part into a value. */
function readMultipart<T>(
  text: string,
  contentType: string | undefined,
  read: (message: ReturnType<typeof embeddedMessage>) => T | undefined
): Nested<T>[] | undefined {
  const boundary = boundaryOf(contentType)
  if (boundary === undefined) return undefined
  const items: Nested<T>[] = []
  for (const part of multipartParts(text, boundary)) {
    const { headers: mime, rest } = splitHead(part, true)
    const partType = headerValue(mime, "content-type")
    if (partType?.toLowerCase().startsWith("multipart/mixed")) {
      // A change set holds operations only (OData: no change set inside a change set).
      const changeSet = readMultipart(rest, partType, read)
      if (changeSet) items.push(changeSet.filter((item): item is T => !Array.isArray(item)))
      continue
    }
    const value = read(embeddedMessage(mime, rest))
    if (value !== undefined) items.push(value)
  }
  return items
}

const REQUEST_LINE = /^([A-Za-z]+)\s+(\S+)(?:\s+HTTP\/\d(?:\.\d)?)?$/
const STATUS_LINE = /^HTTP\/\d(?:\.\d)?\s+(\d{3})(?:\s+(.*))?$/

function operationOf(message: ReturnType<typeof embeddedMessage>): BatchOperation | undefined {
  const match = REQUEST_LINE.exec(message.startLine)
  if (!match) return undefined
  return {
    method: match[1].toUpperCase(),
    url: match[2],
    headers: message.headers,
    body: message.body,
    contentId: headerValue(message.mime, "content-id") ?? headerValue(message.headers, "content-id")
  }
}

function answerOf(message: ReturnType<typeof embeddedMessage>): BatchAnswer | undefined {
  const match = STATUS_LINE.exec(message.startLine)
  if (!match) return undefined
  return {
    status: Number(match[1]),
    statusText: match[2] ?? "",
    headers: message.headers,
    body: message.body,
    contentId: headerValue(message.mime, "content-id") ?? headerValue(message.headers, "content-id")
  }
}

/**
 * Each operation with its answer, in order. A change set is answered part by part, or as a
 * whole by one answer (it failed), which each of its operations then carries.
 */
function pairMultipart(
  operations: Nested<BatchOperation>[],
  answers: Nested<BatchAnswer>[]
): [BatchOperation, BatchAnswer | undefined][] {
  const pairs: [BatchOperation, BatchAnswer | undefined][] = []
  operations.forEach((operation, index) => {
    const answer = answers[index]
    if (!Array.isArray(operation)) {
      pairs.push([operation, Array.isArray(answer) ? answer[0] : answer])
      return
    }
    operation.forEach((inner, position) =>
      pairs.push([inner, Array.isArray(answer) ? answer[position] : answer])
    )
  })
  return pairs
}

/** OData JSON batch headers (`{"if-match": "…"}`) as a header list. */
function headerListOf(value: unknown): Header[] {
  if (!isRecord(value)) return []
  return Object.entries(value)
    .filter(
      (pair): pair is [string, string | number] => typeof pair[1] === "string" || typeof pair[1] === "number"
    )
    .map(([name, text]) => ({ name, value: String(text) }))
}

function bodyTextOf(value: unknown): string {
  if (value === undefined || value === null) return ""
  return typeof value === "string" ? value : JSON.stringify(value)
}

function pairJson(
  requestText: string,
  responseText: string
): [BatchOperation, BatchAnswer | undefined][] | undefined {
  const requests = (JSON.parse(requestText) as { requests?: unknown }).requests
  if (!Array.isArray(requests)) return undefined
  let responses: unknown[] = []
  try {
    const parsed = (JSON.parse(responseText) as { responses?: unknown }).responses
    if (Array.isArray(parsed)) responses = parsed
  } catch {
    // No readable answer: the operations are kept without one.
  }
  const byId = new Map<string, BatchAnswer>()
  for (const response of responses) {
    if (!isRecord(response) || typeof response.status !== "number") continue
    byId.set(String(response.id), {
      status: response.status,
      statusText: "",
      headers: headerListOf(response.headers),
      body: bodyTextOf(response.body)
    })
  }
  const pairs: [BatchOperation, BatchAnswer | undefined][] = []
  for (const request of requests) {
    if (!isRecord(request) || typeof request.method !== "string" || typeof request.url !== "string") continue
    const id = String(request.id)
    pairs.push([
      {
        method: request.method.toUpperCase(),
        url: request.url,
        headers: headerListOf(request.headers),
        body: bodyTextOf(request.body),
        contentId: id
      },
      byId.get(id)
    ])
  }
  return pairs
}

/** Headers of the outer request an operation is sent with (credentials, CSRF token), not its framing. */
const OUTER_ONLY = new Set(["content-type", "content-length", "accept", "odata-version", "odata-maxversion"])

/** What the outer entry gives every operation: its HAR fields, as far as they are about the request. */
export interface BatchEnvelope {
  readonly url: string
  readonly startedDateTime: unknown
  readonly time: unknown
  readonly resourceType: unknown
  readonly requestHeaders: readonly Header[]
  readonly requestContentType: string | undefined
  readonly requestText: string
  readonly responseContentType: string | undefined
  readonly responseText: string
}

/**
 * The batch's operations as HAR entries of their own, in order, each with its answer (status 0
 * when the batch's answer names none: read as failed). Undefined when the body cannot be read as
 * a batch; never throws.
 */
export function batchOperationEntries(envelope: BatchEnvelope): unknown[] | undefined {
  try {
    const type = envelope.requestContentType?.toLowerCase() ?? ""
    const pairs = type.startsWith("application/json")
      ? pairJson(envelope.requestText, envelope.responseText)
      : multipartPairs(envelope)
    if (pairs === undefined || pairs.length === 0) return undefined
    return operationEntries(envelope, pairs, envelope.url.replace(/(?:\$|%24)batch(?:[?#].*)?$/i, ""))
  } catch {
    return undefined
  }
}

function multipartPairs(envelope: BatchEnvelope): [BatchOperation, BatchAnswer | undefined][] | undefined {
  const operations = readMultipart(envelope.requestText, envelope.requestContentType, operationOf)
  if (operations === undefined) return undefined
  const answers = readMultipart(envelope.responseText, envelope.responseContentType, answerOf) ?? []
  return pairMultipart(operations, answers)
}

/**
 * The answer a batch refused as one gives each of its operations: its own status and body, when it
 * carries no answers of the operations (`answered` false) and is a 4xx or 5xx. Undefined otherwise.
 */
export function refusedAsOne(
  answered: boolean,
  status: number,
  contentType: string,
  text: string
): BatchAnswer | undefined {
  if (answered || status < 400) return undefined
  return { status, statusText: "", headers: [{ name: "Content-Type", value: contentType }], body: text }
}

/**
 * Each operation and its answer as a HAR entry, its URL resolved against `serviceRoot` (the URL
 * the batch's relative operation URLs are relative to). Shared by OData and FHIR batches.
 */
export function operationEntries(
  envelope: BatchEnvelope,
  pairs: readonly [BatchOperation, BatchAnswer | undefined][],
  serviceRoot: string
): unknown[] {
  // HTTP/2 pseudo-headers (`:path`, `:method`) are the batch's own request line, not the operation's.
  const inherited = envelope.requestHeaders.filter(
    (header) => !header.name.startsWith(":") && !OUTER_ONLY.has(header.name.toLowerCase())
  )
  /** Content-ID → the URL of what that operation addressed or created (`$1` in a later URL). */
  const located = new Map<string, string>()
  return pairs.map(([operation, answer]) => {
    const url = resolveOperationUrl(operation.url, serviceRoot, located)
    const created = answer === undefined ? undefined : headerValue(answer.headers, "location")
    if (operation.contentId !== undefined)
      located.set(operation.contentId, (created && resolveReference(created, url)) || url)
    const own = new Set(operation.headers.map((header) => header.name.toLowerCase()))
    const requestType = headerValue(operation.headers, "content-type")
    const responseType = answer === undefined ? undefined : headerValue(answer.headers, "content-type")
    return {
      startedDateTime: envelope.startedDateTime,
      time: envelope.time,
      _resourceType: envelope.resourceType,
      request: {
        method: operation.method,
        url,
        httpVersion: "HTTP/1.1",
        headers: [...inherited.filter((header) => !own.has(header.name.toLowerCase())), ...operation.headers],
        queryString: [],
        cookies: [],
        headersSize: -1,
        bodySize: operation.body.length,
        ...(operation.body === ""
          ? {}
          : { postData: { mimeType: requestType ?? "application/octet-stream", text: operation.body } })
      },
      response: {
        status: answer?.status ?? 0,
        statusText: answer?.statusText ?? "",
        httpVersion: "HTTP/1.1",
        headers: answer?.headers ?? [],
        cookies: [],
        content: { size: answer?.body.length ?? 0, mimeType: responseType ?? "", text: answer?.body ?? "" },
        redirectURL: "",
        headersSize: -1,
        bodySize: answer?.body.length ?? 0,
        ...(answer === undefined ? { _error: "no answer for this operation in the batch's response" } : {})
      },
      cache: {},
      timings: { send: 0, wait: 0, receive: 0 }
    }
  })
}

/**
 * `$1/Items` → the URL Content-ID 1 addressed; a relative URL → against the service root. An
 * absolute path outside the service root's path is taken below the root: Microsoft Graph's JSON
 * batches write `/me/events/1` for `https://graph.microsoft.com/v1.0/me/events/1`.
 */
function resolveOperationUrl(url: string, serviceRoot: string, located: ReadonlyMap<string, string>): string {
  const reference = /^\$([^/?#]+)(.*)$/.exec(url)
  if (reference) {
    const base = located.get(reference[1])
    if (base !== undefined) return `${base}${reference[2]}`
  }
  const rootPath = /^[a-z][a-z0-9+.-]*:\/\/[^/]+(\/.*)$/i.exec(serviceRoot)?.[1] ?? "/"
  if (url.startsWith("/") && !url.startsWith("//") && !url.startsWith(rootPath))
    return resolveReference(url.slice(1), serviceRoot) ?? url
  return resolveReference(url, serviceRoot) ?? url
}
