/**
 * The lab's HTTP API: `/api/<policy>/notes[/<id>]`, `/api/_policies`, `/api/_reset`.
 * Plumbing only: the policy module decides tag placement and preconditions.
 */
import type { Context } from "hono"
import { Hono } from "hono"
import { bodyLimit } from "hono/body-limit"

import type { Note, NotesStore } from "./notes-store"
import { findPolicy, LAB_POLICIES } from "./policies"
import type { LabPolicy, WriteAttempt, WriteOutcome } from "./policies/types"
import { ifNoneMatchMatches } from "./policies/entity-tags"
import { loopbackCors } from "./cross-origin"
import { MAX_BODY_BYTES, patchedText, readJsonPatchBody, readNoteInput, sendsJsonPatch } from "./request-body"
import { answerBatch } from "./batch"
import { renewingSessions } from "./session-renewal"

const NOTE_ID = /^[A-Za-z0-9_-]{1,64}$/
/** Response header with the note's version number, so the demo page can spot lost updates. */
export const VERSION_HEADER = "X-Lab-Version"

type JsonBody = Readonly<Record<string, unknown>>

function answer(status: number, body: JsonBody | undefined, headers: Record<string, string> = {}): Response {
  const allHeaders: Record<string, string> = { "Cache-Control": "no-store", ...headers }
  if (body === undefined) return new Response(null, { status, headers: allHeaders })
  const isProblem = status >= 400 && body.type !== undefined
  allHeaders["Content-Type"] ??= isProblem ? "application/problem+json" : "application/json; charset=utf-8"
  return new Response(JSON.stringify(body), { status, headers: allHeaders })
}

function problemAnswer(status: number, detail: string): Response {
  // RFC 9457 §4.2.1: with type about:blank, the title is the status's phrase (RFC 9110 §15).
  const titles: Record<number, string> = {
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Content Too Large",
    422: "Unprocessable Content"
  }
  return answer(status, { type: "about:blank", title: titles[status] ?? "Error", status, detail })
}

function noteHeaders(policy: LabPolicy, note: Note): Record<string, string> {
  const tag = policy.headerTag(note)
  const headers: Record<string, string> = { [VERSION_HEADER]: String(note.version) }
  if (tag !== undefined) headers.ETag = tag
  if (policy.contentType !== undefined) headers["Content-Type"] = policy.contentType
  const lastModified = policy.lastModified?.(note)
  if (lastModified !== undefined) headers["Last-Modified"] = lastModified
  return headers
}

function writeAnswer(
  policy: LabPolicy,
  note: Note,
  outcome: WriteOutcome,
  extra: Record<string, string> = {}
) {
  const custom = policy.answerWrite?.(note, outcome)
  const status = custom?.status ?? (outcome === "created" ? 201 : outcome === "deleted" ? 204 : 200)
  const body = custom ? custom.body : outcome === "deleted" ? undefined : policy.represent(note)
  const headers =
    outcome === "deleted" ? { [VERSION_HEADER]: String(note.version + 1) } : noteHeaders(policy, note)
  return answer(status, body, { ...headers, ...extra })
}

/** A `$batch` carries several operations' bodies, each checked against MAX_BODY_BYTES again. */
const MAX_BATCH_BYTES = 16 * MAX_BODY_BYTES

/**
 * Refuses a body larger than `maxSize` with 413 (RFC 9110 §15.5.14) as soon as its Content-Length
 * or the bytes read so far say so: reading it whole first would let one request exhaust the lab's
 * memory (a body over V8's string limit even crashed the request with a bare 500).
 */
function limitBody(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => problemAnswer(413, `The body is larger than ${maxSize} bytes.`)
  })
}

/** Response header naming the server of a policy with `nodes` that answered. */
export const SERVED_BY_HEADER = "X-Served-By"

/**
 * What a route tells the middleware around it: the node that served the request, if any, and
 * whether its answer varies by user.
 */
type ApiEnv = { Variables: { servedBy?: string; varyByUser?: boolean } }

export function createApiRoutes(store: NotesStore): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>()
  api.use("*", loopbackCors())
  const limitNoteBody = limitBody(MAX_BODY_BYTES)
  const limitBatchBody = limitBody(MAX_BATCH_BYTES)
  api.use("*", (c, next) => (c.req.path.endsWith("/$batch") ? limitBatchBody : limitNoteBody)(c, next))
  api.use("*", renewingSessions())
  // Routes answer with their own Response objects: the serving node's name is added to them here.
  api.use("*", async (c, next) => {
    await next()
    const servedBy = c.get("servedBy")
    if (servedBy !== undefined) c.res.headers.set(SERVED_BY_HEADER, servedBy)
    // RFC 9110 §12.5.5: the answer was selected by the request's credentials.
    if (c.get("varyByUser") === true) c.res.headers.append("Vary", "Authorization")
  })
  /** Requests each policy with `nodes` has served since the last reset: the next node in turn. */
  const served = new Map<string, number>()

  /**
   * The policy as it answers this request: as the user its `Authorization` names sees it (a policy
   * with `forViewer`, whose answers then vary by it), or as the node it lands on decides it (round
   * robin), and that node's name.
   */
  function serve(policy: LabPolicy, c: Context<ApiEnv>): LabPolicy {
    if (policy.forViewer !== undefined) {
      c.set("varyByUser", true)
      return { ...policy, ...policy.forViewer(c.req.header("Authorization")) }
    }
    const { nodes } = policy
    if (nodes === undefined || nodes.length === 0) return policy
    const count = served.get(policy.name) ?? 0
    served.set(policy.name, count + 1)
    const node = nodes[count % nodes.length]
    c.set("servedBy", node.name)
    return { ...policy, headerTag: node.headerTag, checkWrite: node.checkWrite }
  }

  function listAnswer(policy: LabPolicy): Response {
    const notes = store.list(policy.name)
    const list = policy.representList?.(notes) ?? { notes: notes.map((note) => policy.represent(note)) }
    return answer(200, list, policy.contentType === undefined ? {} : { "Content-Type": policy.contentType })
  }

  api.get("/_policies", () =>
    answer(200, { policies: LAB_POLICIES.map(({ name, description }) => ({ name, description })) })
  )
  api.post("/_reset", () => {
    store.reset()
    served.clear()
    return answer(200, { ok: true, detail: "Every policy is back to note 1, version 1." })
  })

  api.get("/:policy/notes", (c) => {
    const found = findPolicy(c.req.param("policy"))
    if (!found) return unknownPolicy(c)
    return listAnswer(serve(found, c))
  })

  // A query by POST (SCIM's `.search`, RFC 7644 §3.4.3): the list, as the GET above answers it.
  api.post("/:policy/notes/.search", (c) => {
    const found = findPolicy(c.req.param("policy"))
    if (!found) return unknownPolicy(c)
    return listAnswer(serve(found, c))
  })

  api.post("/:policy/notes", async (c) => {
    const found = findPolicy(c.req.param("policy"))
    if (!found) return unknownPolicy(c)
    const policy = serve(found, c)
    const reading = readNoteInput(await c.req.text())
    if (!reading.ok) return problemAnswer(reading.status, reading.detail)
    if (store.isFull(policy.name))
      return problemAnswer(400, "Too many notes: POST /api/_reset to start over.")
    const note = store.create(policy.name, reading.input.text ?? "")
    return writeAnswer(policy, note, "created", { Location: `/api/${policy.name}/notes/${note.id}` })
  })

  api.get("/:policy/notes/:id", (c) => {
    const target = findTarget(c)
    if (target instanceof Response) return target
    const { policy, current } = target
    if (!current) return problemAnswer(404, `There is no note ${c.req.param("id")}.`)
    const headers = noteHeaders(policy, current)
    // RFC 9110 §13.1.2: If-None-Match uses the weak comparison; a match on GET is 304.
    const ifNoneMatch = c.req.header("If-None-Match")
    if (ifNoneMatch !== undefined && ifNoneMatchMatches(ifNoneMatch, headers.ETag)) {
      // RFC 9110 §15.4.5: a 304 has no content, so no Content-Type (fhir's and scim's neither).
      const { "Content-Type": _noContent, ...notModified } = headers
      return answer(304, undefined, notModified)
    }
    return answer(200, policy.represent(current), headers)
  })

  async function writeNote(c: Context<ApiEnv>, method: WriteAttempt["method"]): Promise<Response> {
    const target = findTarget(c)
    if (target instanceof Response) return target
    const { policy, current, id } = target
    const raw = method === "DELETE" ? "" : await c.req.text()
    const patch =
      method === "PATCH" && sendsJsonPatch(c.req.header("Content-Type"), raw)
        ? readJsonPatchBody(raw)
        : undefined
    if (patch?.ok === false) return problemAnswer(patch.status, patch.detail)
    // A JSON Patch carries no body version: its operations are applied after the preconditions.
    const reading = patch === undefined ? readNoteInput(raw) : readNoteInput("")
    if (!reading.ok) return problemAnswer(reading.status, reading.detail)
    const attempt: WriteAttempt = {
      method,
      ifMatch: c.req.header("If-Match"),
      ifNoneMatch: c.req.header("If-None-Match"),
      bodyRev: reading.input.rev,
      bodyResourceVersion: reading.input.resourceVersion,
      bodyVersion: reading.input.version,
      bodyVersionNumber: reading.input.versionNumber,
      queryRev: c.req.query("rev"),
      ifUnmodifiedSince: c.req.header("If-Unmodified-Since"),
      versionHeader: c.req.header("X-Contentful-Version")
    }
    const rejection = policy.checkWrite(current, attempt)
    if (rejection) return answer(rejection.status, rejection.body, rejection.headers)
    if (method === "DELETE") {
      if (!current) return problemAnswer(404, `There is no note ${id}.`)
      store.remove(policy.name, id)
      return writeAnswer(policy, current, "deleted")
    }
    if (!current && method === "PATCH") return problemAnswer(404, `There is no note ${id}.`)
    if (!current && store.isFull(policy.name)) return problemAnswer(400, "Too many notes: reset the lab.")
    let text = reading.input.text ?? (method === "PATCH" ? current?.text : undefined)
    if (patch !== undefined && current) {
      // RFC 6902 on the note as this policy represents it, so a `test` may name any member it shows.
      const patched = patchedText(policy.represent(current), patch.operations)
      if (!patched.ok) return problemAnswer(patched.status, patched.detail)
      text = patched.text
    }
    if (text === undefined) return problemAnswer(400, 'PUT needs the whole note: {"text": "…"}.')
    const note = store.save(policy.name, id, text)
    return writeAnswer(policy, note, current ? "updated" : "created")
  }

  const writeMethods = ["PUT", "PATCH", "DELETE"] as const
  for (const method of writeMethods) api.on(method, "/:policy/notes/:id", (c) => writeNote(c, method))
  // A POST standing for another method (X-HTTP-Method-Override, or X-HTTP-Method as SharePoint
  // reads it): how clients behind proxies that pass only GET and POST write, SAP UI5's OData V2
  // model among them (its MERGE is a PATCH).
  api.post("/:policy/notes/:id", (c) => {
    const named = (c.req.header("X-HTTP-Method-Override") ?? c.req.header("X-HTTP-Method") ?? "")
      .trim()
      .toUpperCase()
    const method = writeMethods.find((write) => write === (named === "MERGE" ? "PATCH" : named))
    if (method !== undefined) return writeNote(c, method)
    return problemAnswer(
      405,
      "POST a note only naming PUT, PATCH, MERGE or DELETE in X-HTTP-Method-Override."
    )
  })

  // OData's $batch over a policy's notes (batch.ts): each operation goes through the routes above.
  api.post("/:policy/:resource", async (c) => {
    if (c.req.param("resource") !== "$batch")
      return problemAnswer(404, `No lab API route for POST ${c.req.path}.`)
    const policy = findPolicy(c.req.param("policy"))
    if (!policy) return unknownPolicy(c)
    const serviceRoot = new URL(`/api/${policy.name}/`, c.req.url)
    return answerBatch(c.req.raw, serviceRoot, async (operation) => {
      const url = new URL(operation.url)
      // Targets resolve against the batch's service root (OData 4.01 §11.7.7); one that lands
      // outside it (another policy's notes, /api/_reset, another host) is refused in its own part.
      if (url.origin !== serviceRoot.origin || !url.pathname.startsWith(serviceRoot.pathname))
        return problemAnswer(
          400,
          `A batch to ${serviceRoot.pathname}$batch works on ${serviceRoot.pathname} only, ` +
            `not on ${url.origin === serviceRoot.origin ? url.pathname : url.href}.`
        )
      // OData nests change sets in a batch, never a batch in a batch.
      if (url.pathname.endsWith("/$batch"))
        return problemAnswer(400, "A batch operation cannot be another $batch.")
      const body = operation.method === "GET" ? undefined : await operation.text()
      // The batch is sent, and authenticated, as one request: an operation without credentials of
      // its own acts as the batch's user (per-user tags each user's representation).
      const headers = new Headers(operation.headers)
      const user = c.req.header("Authorization")
      if (user !== undefined && !headers.has("Authorization")) headers.set("Authorization", user)
      // This app is mounted at /api: its routes see the path below it.
      return api.request(`${url.pathname.slice("/api".length)}${url.search}`, {
        method: operation.method,
        headers,
        body: body === "" ? undefined : body
      })
    })
  })

  api.all("*", (c) => problemAnswer(404, `No lab API route for ${c.req.method} ${c.req.path}.`))
  return api

  function findTarget(c: Context<ApiEnv>) {
    const policy = findPolicy(c.req.param("policy") ?? "")
    if (!policy) return unknownPolicy(c)
    const id = c.req.param("id") ?? ""
    if (!NOTE_ID.test(id)) return problemAnswer(400, "A note id is 1 to 64 letters, digits, - or _.")
    return { policy: serve(policy, c), id, current: store.get(policy.name, id) }
  }
}

function unknownPolicy(c: Context): Response {
  const known = LAB_POLICIES.map((policy) => policy.name).join(", ")
  return problemAnswer(404, `Unknown policy "${c.req.param("policy")}"; the lab has ${known}.`)
}
