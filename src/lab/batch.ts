/**
 * `POST /api/<policy>/$batch`: OData's multipart batch (OData 4.01 Part 1 §11.7.7), as SAP UI5
 * apps send it, over the lab's notes. Each `application/http` part is one request, relative to
 * the service root `/api/<policy>/` (routes.ts refuses one that lands outside it with a 400 in
 * its part); a nested `multipart/mixed` part is a change set. Every operation goes through the
 * lab's own routes, so each policy judges its preconditions as usual.
 * A change set stops at its first refused operation and is answered by that one response, as
 * OData answers a failed change set (the lab does not roll back the operations before it).
 * Written apart from the extension's reader (src/core/traffic/odata-batch.ts) on purpose: the
 * lab plays a real server, so a mistake in one is not mirrored in the other.
 */

import { STATUS_CODES } from "node:http"

interface Operation {
  readonly method: string
  readonly target: string
  readonly headers: Headers
  readonly body: string
  readonly contentId?: string
}

type BatchItem = Operation | { readonly changeSet: Operation[] }

const CRLF = "\r\n"

function boundaryOf(contentType: string | null): string | undefined {
  return /boundary="?([^";]+)"?/i.exec(contentType ?? "")?.[1]
}

/** Splits `text` at a line that is exactly `--boundary`, up to `--boundary--`. */
function bodyParts(text: string, boundary: string): string[] {
  const parts: string[] = []
  let current: string[] | undefined
  for (const line of text.split(/\r?\n/)) {
    if (line === `--${boundary}--`) break
    if (line === `--${boundary}`) {
      if (current) parts.push(current.join(CRLF))
      current = []
    } else current?.push(line)
  }
  if (current) parts.push(current.join(CRLF))
  return parts
}

/**
 * Header lines up to an empty line; what follows. Undefined when a line is not a header field
 * (a name that is not a token, RFC 9110 §5.1): the batch is malformed, a 400, not a crash.
 */
function headersThenRest(text: string): { headers: Headers; rest: string } | undefined {
  const lines = text.split(/\r?\n/)
  const headers = new Headers()
  let at = 0
  for (; at < lines.length && lines[at] !== ""; at++) {
    const colon = lines[at].indexOf(":")
    if (colon <= 0) continue
    try {
      headers.append(lines[at].slice(0, colon).trim(), lines[at].slice(colon + 1).trim())
    } catch {
      return undefined
    }
  }
  return { headers, rest: lines.slice(at + 1).join(CRLF) }
}

function readOperation(part: string): Operation | undefined {
  const outer = headersThenRest(part)
  if (outer === undefined) return undefined
  const [requestLine = "", ...afterLine] = outer.rest.split(/\r?\n/)
  const match = /^([A-Z]+) (\S+)(?: HTTP\/1\.1)?$/.exec(requestLine.trim())
  // A target that is no URL reference (`http://[bad/`) cannot be sent anywhere: a malformed batch.
  if (!match || !URL.canParse(match[2], "http://lab.invalid/")) return undefined
  const inner = headersThenRest(afterLine.join(CRLF))
  if (inner === undefined) return undefined
  const { headers, rest: body } = inner
  const mime = outer.headers
  return {
    method: match[1],
    target: match[2],
    headers,
    body: body.replace(/(\r?\n)+$/, ""),
    contentId: mime.get("Content-ID") ?? undefined
  }
}

function readBatch(text: string, boundary: string): BatchItem[] | undefined {
  const items: BatchItem[] = []
  for (const part of bodyParts(text, boundary)) {
    const read = headersThenRest(part)
    if (read === undefined) return undefined
    const { headers, rest } = read
    const type = headers.get("Content-Type") ?? ""
    if (type.startsWith("multipart/mixed")) {
      const inner = boundaryOf(type)
      if (inner === undefined) return undefined
      const changeSet = bodyParts(rest, inner).map(readOperation)
      if (changeSet.some((operation) => operation === undefined)) return undefined
      items.push({ changeSet: changeSet as Operation[] })
    } else {
      const operation = readOperation(part)
      if (operation === undefined) return undefined
      items.push(operation)
    }
  }
  return items
}

/** A Vary value less its `Origin` (RFC 9110 §12.5.5: a list of field names). */
function withoutOrigin(vary: string): string {
  return vary
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "" && name.toLowerCase() !== "origin")
    .join(", ")
}

/** One operation's answer as an `application/http` part. */
async function answerPart(response: Response, contentId: string | undefined): Promise<string> {
  const head = ["Content-Type: application/http", "Content-Transfer-Encoding: binary"]
  if (contentId !== undefined) head.push(`Content-ID: ${contentId}`)
  // The headers first: @hono/node-server's light Response rebuilds itself from its first headers
  // once statusText or the body is read, losing those the middleware added (Vary, X-Served-By).
  const fields: string[] = []
  response.headers.forEach((value, name) => {
    // Framing and the CORS headers the outer response carries are not the operation's; nor is
    // `Vary: Origin`, which is CORS's too. Its other Vary (per-user's Authorization) is.
    if (/^(content-length|access-control-)/i.test(name)) return
    const kept = /^vary$/i.test(name) ? withoutOrigin(value) : value
    if (kept !== "") fields.push(`${name}: ${kept}`)
  })
  const statusLine = `HTTP/1.1 ${response.status} ${response.statusText || (STATUS_CODES[response.status] ?? "")}`
  const body = await response.text()
  return [...head, "", statusLine, ...fields, "", body].join(CRLF)
}

/**
 * Answers a batch request: `dispatch` sends one operation through the lab's routes. A body that
 * is not a multipart batch is a 400.
 */
export async function answerBatch(
  request: Request,
  serviceRoot: URL,
  dispatch: (operation: Request) => Promise<Response>
): Promise<Response> {
  const boundary = boundaryOf(request.headers.get("Content-Type"))
  const items = boundary === undefined ? undefined : readBatch(await request.text(), boundary)
  if (items === undefined || items.length === 0) {
    return new Response(JSON.stringify({ error: { code: "400", message: "Not a multipart/mixed batch" } }), {
      status: 400,
      headers: { "Content-Type": "application/json" }
    })
  }
  const send = (operation: Operation) =>
    dispatch(
      new Request(new URL(operation.target, serviceRoot), {
        method: operation.method,
        headers: operation.headers,
        body: operation.method === "GET" || operation.body === "" ? undefined : operation.body
      })
    )
  const answerBoundary = `batchresponse_${crypto.randomUUID()}`
  const parts: string[] = []
  for (const item of items) {
    if (!("changeSet" in item)) {
      parts.push(await answerPart(await send(item), item.contentId))
      continue
    }
    const answers: string[] = []
    let refused: string | undefined
    for (const operation of item.changeSet) {
      const response = await send(operation)
      if (response.status >= 400) {
        refused = await answerPart(response, operation.contentId)
        break
      }
      answers.push(await answerPart(response, operation.contentId))
    }
    if (refused !== undefined) parts.push(refused)
    else {
      const changeSetBoundary = `changesetresponse_${crypto.randomUUID()}`
      const inner = answers.map((answer) => `--${changeSetBoundary}${CRLF}${answer}`).join(CRLF)
      parts.push(
        [
          `Content-Type: multipart/mixed; boundary=${changeSetBoundary}`,
          "",
          inner,
          `--${changeSetBoundary}--`
        ].join(CRLF)
      )
    }
  }
  const body =
    parts.map((part) => `--${answerBoundary}${CRLF}${part}`).join(CRLF) +
    `${CRLF}--${answerBoundary}--${CRLF}`
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": `multipart/mixed; boundary=${answerBoundary}`,
      "Cache-Control": "no-store",
      "OData-Version": "4.0"
    }
  })
}
