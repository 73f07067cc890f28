// A restify app guarding its note with restify's own conditionalRequest() plugin, as restify's
// documentation shows: a handler sets the note's ETag first, then the plugin compares the request's
// If-Match / If-None-Match with it (412, or 304 for a read). Recorded by
// scripts/record-real-servers.ts; run as `node restify-notes.mjs <port> <scenario page>`, with the
// pinned restify installed in the folder it runs from.
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"

import restify from "restify"

const [port, page] = process.argv.slice(2)
const notes = new Map([["1", "version 1"]])
const tagOf = (text) => createHash("sha1").update(text).digest("hex").slice(0, 16)

const server = restify.createServer({ name: "notes" })
server.use(restify.plugins.bodyParser())

server.get("/restify-scenario.html", (request, response, next) => {
  response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" })
  response.end(readFileSync(page))
  next(false)
})

/** Sets the current note's ETag, as the plugin's documentation says to, before it runs. */
function loadNote(request, response, next) {
  const text = notes.get(request.params.id)
  if (text !== undefined) response.header("ETag", tagOf(text))
  next()
}

const guarded = [loadNote, ...restify.plugins.conditionalRequest()]

server.get("/notes/:id", ...guarded, (request, response, next) => {
  const text = notes.get(request.params.id)
  if (text === undefined) response.send(404, { message: "not found" })
  else response.send(200, { id: request.params.id, text })
  next()
})

function save(request, response, next) {
  const { id } = request.params
  const created = !notes.has(id)
  if (created && request.method === "PATCH") {
    response.send(404, { message: "not found" })
    return next()
  }
  const text = String(request.body?.text ?? "")
  notes.set(id, text)
  // Replaces the ETag loadNote set (restify's `header()` would add a second ETag line beside it).
  response.setHeader("ETag", tagOf(text))
  response.send(created ? 201 : 200, { id, text })
  return next()
}

server.put("/notes/:id", ...guarded, save)
server.patch("/notes/:id", ...guarded, save)
server.del("/notes/:id", ...guarded, (request, response, next) => {
  if (!notes.delete(request.params.id)) response.send(404, { message: "not found" })
  else response.send(204)
  next()
})

server.listen(Number(port), "127.0.0.1")
