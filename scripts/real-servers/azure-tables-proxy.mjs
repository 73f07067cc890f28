// Azure Tables as a web app's backend sees it: Azurite (Microsoft's Azure Storage emulator) behind a
// same-origin proxy that signs each request with the emulator's well-known development key
// (SharedKeyLite), as a backend-for-frontend would. The page and the API then share one origin,
// and the capture holds no credentials. Used by scripts/record-real-servers.ts.
// Run: node azure-tables-proxy.mjs <port> <azurite-table bin> <page> <work folder>
import { spawn } from "node:child_process"
import { createHmac } from "node:crypto"
import { readFileSync } from "node:fs"
import { createServer, request } from "node:http"
import { connect, createServer as createProbe } from "node:net"

const [port, azuriteBin, page, workFolder] = process.argv.slice(2)
const ACCOUNT = "devstoreaccount1"
// Azurite's documented development key: public, and accepted only by the emulator.
const DEV_KEY = Buffer.from(
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
  "base64"
)
/** What the page may send on; the proxy adds the date, version and signature. */
const FORWARDED_REQUEST_HEADERS = ["accept", "content-type", "if-match", "if-none-match", "prefer"]
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding"])

const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createProbe()
    probe.once("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const { port: free } = probe.address()
      probe.close(() => resolve(free))
    })
  })

const azuritePort = await freePort()
const azurite = spawn(
  process.execPath,
  [
    azuriteBin,
    "--tableHost",
    "127.0.0.1",
    "--tablePort",
    String(azuritePort),
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
      const socket = connect(azuritePort, "127.0.0.1")
      socket.once("connect", () => resolve(socket.end() && true))
      socket.once("error", () => resolve(false))
    })
    if (open) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`Azurite did not listen on port ${azuritePort} within 10 s`)
}
await azuriteListening()

/** SharedKeyLite for the Table service: the date and the canonical resource, HMAC-SHA256. */
function authorization(date, path) {
  const resource = `/${ACCOUNT}${path.split("?")[0]}`
  const signature = createHmac("sha256", DEV_KEY).update(`${date}\n${resource}`).digest("base64")
  return `SharedKeyLite ${ACCOUNT}:${signature}`
}

createServer((incoming, outgoing) => {
  if (incoming.url === "/tables-scenario.html") {
    outgoing.writeHead(200, { "Content-Type": "text/html; charset=utf-8" })
    outgoing.end(readFileSync(page))
    return
  }
  const path = `/${ACCOUNT}${incoming.url}`
  const date = new Date().toUTCString()
  const headers = {
    "x-ms-date": date,
    "x-ms-version": "2019-02-02",
    authorization: authorization(date, path)
  }
  for (const name of FORWARDED_REQUEST_HEADERS) {
    if (incoming.headers[name] !== undefined) headers[name] = incoming.headers[name]
  }
  const upstream = request(
    { host: "127.0.0.1", port: azuritePort, method: incoming.method, path, headers },
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
