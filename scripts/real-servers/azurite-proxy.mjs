// Azure Storage as a web app's backend sees it: Azurite (Microsoft's Azure Storage emulator), its
// Table or Blob service, behind a same-origin proxy that signs each request with the emulator's
// well-known development key, as a backend-for-frontend would. The page and the API then share one
// origin, and the capture holds no credentials. Used by scripts/record-real-servers.ts.
// Run: node azurite-proxy.mjs <port> <Azurite's port> <azurite folder> <table|blob> <page> <work folder>
import { spawn } from "node:child_process"
import { createHmac } from "node:crypto"
import { readFileSync } from "node:fs"
import { createServer, request } from "node:http"
import { connect } from "node:net"
import { basename, join } from "node:path"

const [port, azuritePort, azuriteFolder, service, page, workFolder] = process.argv.slice(2)
const ACCOUNT = "devstoreaccount1"
// Azurite's documented development key: public, and accepted only by the emulator.
const DEV_KEY = Buffer.from(
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
  "base64"
)
/** What the page may send on; the proxy adds the date, version and signature. */
const FORWARDED_REQUEST_HEADERS = [
  "accept",
  "content-length",
  "content-type",
  "if-match",
  "if-none-match",
  "prefer"
]
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding"])

const azurite = spawn(
  process.execPath,
  [
    join(azuriteFolder, "dist", "src", service, "main.js"),
    `--${service}Host`,
    "127.0.0.1",
    `--${service}Port`,
    azuritePort,
    "--inMemoryPersistence",
    "--disableTelemetry",
    "--silent"
  ],
  // Its debug and extent files, if any, stay in the recording's temporary folder.
  { cwd: workFolder, stdio: "inherit" }
)
// Without its emulator the proxy has nothing to serve.
azurite.once("exit", (code) => process.exit(code ?? 1))
const stop = () => {
  azurite.kill("SIGTERM")
  process.exit(0)
}
process.on("SIGTERM", stop)
process.on("SIGINT", stop)

/** Resolves once Azurite accepts connections: the proxy listens only then (the recorder waits for it). */
async function azuriteListening() {
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise((resolve) => {
      const socket = connect(Number(azuritePort), "127.0.0.1")
      socket.once("connect", () => resolve(socket.end() && true))
      socket.once("error", () => resolve(false))
    })
    if (open) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`Azurite did not listen on port ${azuritePort} within 10 s`)
}
await azuriteListening()

const sign = (text) => createHmac("sha256", DEV_KEY).update(text, "utf8").digest("base64")

/** SharedKeyLite for the Table service: the date and the canonical resource. */
function tableAuthorization(headers, url) {
  return `SharedKeyLite ${ACCOUNT}:${sign(`${headers["x-ms-date"]}\n/${ACCOUNT}${url.pathname}`)}`
}

/** SharedKey for the Blob service: the method, the standard headers, the x-ms-* ones, the resource. */
function blobAuthorization(method, headers, url) {
  const header = (name) => headers[name] ?? ""
  const length = header("content-length") === "0" ? "" : header("content-length")
  const standard = [method, "", "", length, "", header("content-type"), "", "", header("if-match")]
  standard.push(header("if-none-match"), "", "")
  const msHeaders = Object.keys(headers)
    .filter((name) => name.startsWith("x-ms-"))
    .sort()
    .map((name) => `${name}:${headers[name]}\n`)
    .join("")
  const query = [...url.searchParams.entries()]
    .map(([name, value]) => `\n${name.toLowerCase()}:${value}`)
    .sort()
    .join("")
  const signed = `${standard.join("\n")}\n${msHeaders}/${ACCOUNT}${url.pathname}${query}`
  return `SharedKey ${ACCOUNT}:${sign(signed)}`
}

const pageName = basename(page)

createServer((incoming, outgoing) => {
  if (incoming.url === `/${pageName}`) {
    outgoing.writeHead(200, { "Content-Type": "text/html; charset=utf-8" })
    outgoing.end(readFileSync(page))
    return
  }
  const url = new URL(`/${ACCOUNT}${incoming.url}`, "http://127.0.0.1")
  const headers = { "x-ms-date": new Date().toUTCString(), "x-ms-version": "2021-10-04" }
  for (const name of FORWARDED_REQUEST_HEADERS) {
    if (incoming.headers[name] !== undefined) headers[name] = incoming.headers[name]
  }
  // What a backend adds for the browser: the kind of blob a plain PUT writes.
  if (service === "blob" && incoming.method === "PUT" && !url.searchParams.has("restype"))
    headers["x-ms-blob-type"] = "BlockBlob"
  headers.authorization =
    service === "table" ? tableAuthorization(headers, url) : blobAuthorization(incoming.method, headers, url)
  const upstream = request(
    {
      host: "127.0.0.1",
      port: azuritePort,
      method: incoming.method,
      path: url.pathname + url.search,
      headers
    },
    (answer) => {
      const passed = Object.fromEntries(
        Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name))
      )
      outgoing.writeHead(answer.statusCode ?? 502, passed)
      answer.pipe(outgoing)
    }
  )
  upstream.on("error", (error) => {
    outgoing.writeHead(502, { "Content-Type": "text/plain" })
    outgoing.end(String(error))
  })
  incoming.pipe(upstream)
}).listen(Number(port), "127.0.0.1")
