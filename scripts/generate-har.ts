/**
 * Generates a large, realistic, deterministic HAR for benchmarks and soak tests.
 *   tsx scripts/generate-har.ts --entries 100000 --out bench-out/capture.har [--seed 1] [--shape recorded]
 * A single-page app on https://app.example.test talks to six APIs, one per concurrency policy seen
 * in real servers (shared README): strict 412/428, nox 409 + `@odata.etag`, eve body `_etag`,
 * couch body `_rev` (If-Match ignored), lax (never checks), weak (W/ tags never match If-Match).
 * Clients read, write with the current, a stale or no tag, create and delete; the capture also has
 * noise: CORS preflights, 304 revalidations, images and scripts, failed requests.
 * Entries are written one by one, so the size is bounded by disk, not memory. ~1 KB per entry.
 */
import { createWriteStream } from "node:fs"
import { parseArgs } from "node:util"
import { harEntry, type CaptureShape, type EntryOptions } from "./generate-har/har-entry"
import {
  APIS,
  APP,
  WORDS,
  createRandom,
  writeStatus,
  STATUS_TEXT,
  type Api,
  type Header,
  type Note,
  type Policy,
  type Precondition
} from "./generate-har/policies"

/**
 * Yields the HAR text in pieces of about 1 MiB. The shape changes what each entry carries besides
 * the traffic, never the traffic: both shapes of one seed hold the same requests and answers.
 */
export function* generateHar(
  entryCount: number,
  seed: number,
  shape: CaptureShape = "lean"
): Generator<string> {
  let parts: string[] = []
  let partsLength = 0
  const write = (text: string): void => {
    parts.push(text)
    partsLength += text.length
  }
  const random = createRandom(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]
  const hex = (length: number): string => {
    let text = ""
    while (text.length < length)
      text += Math.floor(random() * 0xffffffff)
        .toString(16)
        .padStart(8, "0")
    return text.slice(0, length)
  }
  const words = (count: number): string => Array.from({ length: count }, () => pick(WORDS)).join(" ")
  // One signed-in user's capture: the requests that carry credentials all carry the same token (the
  // engine tells two users apart by it, lineage/conflict-refusal.ts).
  const userToken = `Bearer ${hex(24)}`
  const notes = new Map<Policy, Note[]>(APIS.map((api) => [api.policy, []]))
  let clock = Date.parse("2026-01-05T09:00:00.000Z")
  let written = 0

  const newTag = (api: Api, note: Note): string => {
    if (api.policy === "couch") return `${note.revision}-${hex(32)}`
    if (api.policy === "eve") return hex(40)
    if (api.policy === "weak" || api.policy === "lax")
      return `W/"${(200 + note.revision).toString(16)}-${hex(12)}"`
    return `"${hex(16)}"`
  }
  const create = (api: Api): Note => {
    const list = notes.get(api.policy) as Note[]
    const note: Note = { id: list.length + 1, revision: 1, tags: [], deleted: false }
    note.tags.push(newTag(api, note))
    list.push(note)
    return note
  }
  for (const api of APIS) for (let i = 0; i < 40; i++) create(api)

  const itemUrl = (api: Api, note: Note): string =>
    api.policy === "strict" ? `${api.origin}${api.base}(${note.id})` : `${api.origin}${api.base}/${note.id}`
  const current = (note: Note): string => note.tags[note.tags.length - 1]
  const bodyOf = (api: Api, note: Note): Record<string, unknown> => {
    const document: Record<string, unknown> = {
      id: note.id,
      title: words(4),
      text: words(3 + Math.floor(random() * 16)),
      owner: `user${1 + (note.id % 7)}`,
      updatedAt: new Date(clock).toISOString()
    }
    if (api.policy === "nox" || api.policy === "strict") document["@odata.etag"] = current(note)
    if (api.policy === "eve") document._etag = current(note)
    if (api.policy === "couch") document._rev = current(note)
    return document
  }
  /** The header the server sends for the note, if its policy sends one. */
  const etagHeader = (api: Api, note: Note): Header[] =>
    api.policy === "eve"
      ? []
      : api.policy === "couch"
        ? [{ name: "ETag", value: `W/"${hex(8)}"` }]
        : [{ name: "ETag", value: current(note) }]

  const requestHeaders = (method: string, extra: Header[]): Header[] => [
    { name: "Accept", value: "application/json" },
    { name: "Origin", value: APP },
    { name: "User-Agent", value: "Mozilla/5.0 (X11; Linux x86_64) Chrome/142.0 Safari/537.36" },
    ...(method === "GET" ? [] : [{ name: "Content-Type", value: "application/json" }]),
    ...(random() < 0.3 ? [{ name: "Authorization", value: userToken }] : []),
    ...extra
  ]
  const responseHeaders = (size: number, extra: Header[]): Header[] => [
    { name: "Content-Type", value: "application/json; charset=utf-8" },
    { name: "Content-Length", value: String(size) },
    { name: "Date", value: new Date(clock).toUTCString() },
    { name: "Access-Control-Allow-Origin", value: APP },
    { name: "X-Request-Id", value: hex(16) },
    ...extra
  ]

  const emit = (options: EntryOptions): void => {
    clock += 3 + Math.floor(random() * 120)
    const wait = 5 + Math.floor(random() * 60)
    const entry = harEntry(options, clock, wait, shape)
    write((written === 0 ? "\n    " : ",\n    ") + JSON.stringify(entry))
    written++
  }

  const read = (api: Api, note: Note): void => {
    const revalidate = random() < 0.12
    if (revalidate) {
      const headers = requestHeaders("GET", [{ name: "If-None-Match", value: current(note) }])
      emit({
        method: "GET",
        url: itemUrl(api, note),
        status: 304,
        requestHeaders: headers,
        responseHeaders: responseHeaders(0, etagHeader(api, note)),
        resourceType: "fetch"
      })
      return
    }
    const body = JSON.stringify(bodyOf(api, note))
    emit({
      method: "GET",
      url: itemUrl(api, note),
      status: 200,
      requestHeaders: requestHeaders("GET", []),
      responseHeaders: responseHeaders(body.length, etagHeader(api, note)),
      responseBody: body,
      resourceType: "fetch"
    })
  }

  const write_ = (api: Api, note: Note, wanted: Precondition): void => {
    // A note with one version has no stale tag to send: its only tag is current.
    const precondition = wanted === "stale" && note.tags.length < 2 ? "none" : wanted
    const method = api.policy === "couch" || random() < 0.7 ? "PUT" : "PATCH"
    const url = itemUrl(api, note)
    const sentTag =
      precondition === "current"
        ? current(note)
        : precondition === "stale"
          ? note.tags[Math.max(0, note.tags.length - 2 - Math.floor(random() * 2))]
          : undefined
    const document = bodyOf(api, note)
    const extra: Header[] = []
    if (api.policy === "couch") {
      if (sentTag) document._rev = sentTag
      else delete document._rev
      if (random() < 0.3) extra.push({ name: "If-Match", value: `"${hex(8)}"` }) // ignored by the server
    } else if (sentTag) {
      extra.push({ name: "If-Match", value: api.policy === "eve" ? `"${sentTag}"` : sentTag })
    }
    emit({
      method: "OPTIONS",
      url,
      status: 204,
      requestHeaders: [
        { name: "Access-Control-Request-Method", value: method },
        { name: "Origin", value: APP }
      ],
      responseHeaders: [
        { name: "Access-Control-Allow-Methods", value: "GET, PUT, PATCH, DELETE" },
        { name: "Access-Control-Allow-Headers", value: "If-Match, Content-Type, Authorization" }
      ],
      resourceType: "preflight"
    })
    const status = writeStatus(api.policy, precondition)
    if (status >= 200 && status < 300) {
      note.revision++
      note.tags.push(newTag(api, note))
    }
    const responseBody =
      status >= 400
        ? JSON.stringify({ error: { code: status, message: STATUS_TEXT[status] } })
        : api.policy === "couch"
          ? JSON.stringify({ ok: true, id: String(note.id), rev: current(note) })
          : JSON.stringify(bodyOf(api, note))
    const tagHeaders =
      status < 300 && api.policy !== "couch" && api.policy !== "eve"
        ? [{ name: "ETag", value: current(note) }]
        : []
    emit({
      method,
      url,
      status,
      requestHeaders: requestHeaders(method, extra),
      requestBody: JSON.stringify(document),
      responseHeaders: responseHeaders(responseBody.length, tagHeaders),
      responseBody,
      resourceType: "fetch"
    })
  }

  const remove = (api: Api, note: Note): void => {
    const url = itemUrl(api, note)
    const status = api.policy === "weak" ? 412 : 204
    const precondition =
      api.policy === "couch"
        ? []
        : [{ name: "If-Match", value: api.policy === "eve" ? `"${current(note)}"` : current(note) }]
    const query = api.policy === "couch" ? `?rev=${current(note)}` : ""
    note.deleted = status === 204
    emit({
      method: "DELETE",
      url: url + query,
      status,
      requestHeaders: requestHeaders("DELETE", precondition),
      responseHeaders: responseHeaders(0, []),
      resourceType: "fetch"
    })
  }

  const noise = (): void => {
    const roll = random()
    if (roll < 0.6) {
      const url = `${APP}/static/img/${hex(10)}.png`
      emit({
        method: "GET",
        url,
        status: 200,
        requestHeaders: [{ name: "Accept", value: "image/avif,image/webp,*/*" }],
        responseHeaders: [
          { name: "Content-Type", value: "image/png" },
          { name: "Cache-Control", value: "max-age=31536000" }
        ],
        mimeType: "image/png",
        resourceType: "image"
      })
    } else if (roll < 0.85) {
      emit({
        method: "GET",
        url: `${APP}/assets/app.${hex(8)}.js`,
        status: 304,
        requestHeaders: [{ name: "If-None-Match", value: `"${hex(12)}"` }],
        responseHeaders: [{ name: "ETag", value: `"${hex(12)}"` }],
        mimeType: "text/javascript",
        resourceType: "script"
      })
    } else {
      const api = pick(APIS)
      emit({
        method: "GET",
        url: `${api.origin}${api.base}/${1 + Math.floor(random() * 40)}`,
        status: 0,
        requestHeaders: requestHeaders("GET", []),
        responseHeaders: [],
        resourceType: "fetch"
      })
    }
  }

  write(
    `{\n  "log": {\n    "version": "1.2",\n    "creator": { "name": "etag-lens generate-har", "version": "1" },\n    "pages": [],\n    "entries": [`
  )
  while (written < entryCount) {
    const roll = random()
    const api = pick(APIS)
    const live = (notes.get(api.policy) as Note[]).filter((note) => !note.deleted)
    const note = live.length > 0 ? pick(live) : create(api)
    if (roll < 0.45) read(api, note)
    else if (roll < 0.6) write_(api, note, "current")
    else if (roll < 0.64) write_(api, note, "stale")
    else if (roll < 0.68) write_(api, note, "none")
    else if (roll < 0.7) {
      const made = create(api)
      const body = JSON.stringify(bodyOf(api, made))
      emit({
        method: "POST",
        url: `${api.origin}${api.base}`,
        status: 201,
        requestHeaders: requestHeaders("POST", []),
        requestBody: body,
        responseHeaders: responseHeaders(body.length, [
          { name: "Location", value: itemUrl(api, made) },
          ...etagHeader(api, made)
        ]),
        responseBody: body,
        resourceType: "fetch"
      })
    } else if (roll < 0.705) {
      remove(api, note)
    } else noise()
    if (partsLength > 1 << 20) {
      yield parts.join("")
      parts = []
      partsLength = 0
    }
  }
  write(`\n    ]\n  }\n}\n`)
  yield parts.join("")
}

function isCaptureShape(text: string): text is CaptureShape {
  return text === "lean" || text === "recorded"
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      entries: { type: "string" },
      out: { type: "string" },
      seed: { type: "string" },
      shape: { type: "string" }
    }
  })
  const entries = Number(values.entries ?? "100000")
  const seed = Number(values.seed ?? "1")
  const shape = values.shape ?? "lean"
  if (!Number.isInteger(entries) || entries < 0 || !Number.isInteger(seed) || !isCaptureShape(shape))
    throw new Error("usage: generate-har.ts --entries N --out file [--seed S] [--shape lean|recorded]")
  const out = values.out ? createWriteStream(values.out) : process.stdout
  for (const piece of generateHar(entries, seed, shape)) {
    if (!out.write(piece)) await new Promise<void>((resolve) => out.once("drain", () => resolve()))
  }
  if (out !== process.stdout) await new Promise<void>((resolve) => out.end(() => resolve()))
}

if (process.argv[1]?.endsWith("generate-har.ts")) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`)
    process.exitCode = 1
  })
}
