/**
 * Records fixtures from REAL third-party servers, not the lab: Debian's Apache httpd (mod_dav) and
 * nginx (its dav module), each serving scripts/real-servers/dav-scenario.html and a WebDAV folder,
 * driven in real Chromium (playwright-core, /usr/bin/chromium). The engine's expectations for them
 * are in tests/core/real-servers.test.ts.
 *
 * Run: `npx tsx scripts/record-real-servers.ts [apache|nginx …]` (default: both). It needs
 * `apt-get update && apt-get install -y apache2 nginx` (not part of the two set-up commands: the
 * tests read the recorded files). The servers run from a temporary folder on free loopback ports,
 * not as the system's services, and are stopped at the end.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process"
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"

import { chromium, type Page } from "playwright-core"

import { recordHarFile } from "./record-har"

const FIXTURES_DIR = resolve(import.meta.dirname, "../tests/fixtures")
const PAGE = resolve(import.meta.dirname, "real-servers/dav-scenario.html")
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
const APACHE = "/usr/sbin/apache2"
const APACHE_MODULES = "/usr/lib/apache2/modules"
const NGINX = "/usr/sbin/nginx"
/** Run as root, each server hands its workers to this user, which must be able to write the DAV folder. */
const WORKER_USER = "www-data"

/**
 * The statuses each server answered the page's twelve steps with, when this was recorded (Apache
 * 2.4.71 and nginx 1.22.1, Debian 12): a new version that answers otherwise fails the recording
 * instead of silently recording another story.
 */
const EXPECTED_STATUSES: Readonly<Record<ServerName, string>> = {
  // The stale tag, the weak tag of a file written under a second ago, If-None-Match: * on the file
  // and If-Match: * after its deletion are refused.
  apache: "201 200 204 200 412 204 200 412 200 412 204 412",
  // Every precondition is ignored: each write is accepted, If-Match: * after the delete creates.
  nginx: "201 200 204 200 204 204 200 204 200 204 204 201"
}

type ServerName = "apache" | "nginx"

interface RunningServer {
  readonly origin: string
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.once("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      probe.close(() => resolvePort(port))
    })
  })
}

/** A document root holding the page and an empty, writable `dav/` folder. */
function documentRoot(base: string): string {
  const root = join(base, "www")
  mkdirSync(join(root, "dav"), { recursive: true })
  copyFileSync(PAGE, join(root, "dav-scenario.html"))
  handToWorkers(join(root, "dav"))
  return root
}

function handToWorkers(path: string): void {
  if (process.getuid?.() !== 0) return
  const ids = spawnSync("id", ["-u", WORKER_USER], { encoding: "utf8" })
  const groups = spawnSync("id", ["-g", WORKER_USER], { encoding: "utf8" })
  chownSync(path, Number(ids.stdout.trim()), Number(groups.stdout.trim()))
}

const runsAsRoot = () => process.getuid?.() === 0

async function startApache(base: string, port: number): Promise<ChildProcess> {
  const root = documentRoot(base)
  const serverRoot = join(base, "apache")
  mkdirSync(serverRoot, { recursive: true })
  handToWorkers(serverRoot) // DAVLockDB is written by the workers
  const modules = ["mpm_event", "authz_core", "mime", "dav", "dav_fs"]
  const config = [
    `ServerRoot "${serverRoot}"`,
    "ServerName 127.0.0.1",
    `Listen 127.0.0.1:${port}`,
    `PidFile ${join(serverRoot, "httpd.pid")}`,
    ...modules.map((name) => `LoadModule ${name}_module ${APACHE_MODULES}/mod_${name}.so`),
    ...(runsAsRoot() ? [`User ${WORKER_USER}`, `Group ${WORKER_USER}`] : []),
    "TypesConfig /etc/mime.types",
    `ErrorLog ${join(serverRoot, "error.log")}`,
    `DocumentRoot ${root}`,
    `DAVLockDB ${join(serverRoot, "DavLock")}`,
    `<Directory ${root}>`,
    "  Require all granted",
    "</Directory>",
    `<Directory ${join(root, "dav")}>`,
    "  Dav On",
    "</Directory>"
  ]
  const file = join(serverRoot, "httpd.conf")
  writeFileSync(file, config.join("\n") + "\n")
  return spawn(APACHE, ["-f", file, "-DFOREGROUND"], { stdio: "inherit" })
}

async function startNginx(base: string, port: number): Promise<ChildProcess> {
  const root = documentRoot(base)
  const prefix = join(base, "nginx")
  mkdirSync(prefix, { recursive: true })
  const config = [
    "daemon off;",
    ...(runsAsRoot() ? [`user ${WORKER_USER};`] : []),
    `pid ${join(prefix, "nginx.pid")};`,
    `error_log ${join(prefix, "error.log")};`,
    "events {}",
    "http {",
    "  include /etc/nginx/mime.types;",
    "  access_log off;",
    `  client_body_temp_path ${join(prefix, "body")};`,
    "  server {",
    `    listen 127.0.0.1:${port};`,
    `    root ${root};`,
    "    location /dav/ { dav_methods PUT DELETE; create_full_put_path on; }",
    "  }",
    "}"
  ]
  const file = join(prefix, "nginx.conf")
  writeFileSync(file, config.join("\n") + "\n")
  return spawn(NGINX, ["-c", file, "-p", prefix], { stdio: "inherit" })
}

const STARTERS: Readonly<Record<ServerName, (base: string, port: number) => Promise<ChildProcess>>> = {
  apache: startApache,
  nginx: startNginx
}

async function startServer(name: ServerName): Promise<RunningServer> {
  const base = mkdtempSync(join(tmpdir(), `etag-lens-${name}-`))
  chmodSync(base, 0o755) // the workers read the page below it
  const port = await freePort()
  const origin = `http://127.0.0.1:${port}`
  const child = await STARTERS[name](base, port)
  const exited = new Promise<void>((resolveExit) => child.once("exit", () => resolveExit()))
  const stop = async () => {
    child.kill("SIGTERM")
    await exited
    rmSync(base, { recursive: true, force: true })
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    const answer = await fetch(`${origin}/dav-scenario.html`).catch(() => undefined)
    if (answer?.ok === true) return { origin, stop }
    await new Promise((resolveWait) => setTimeout(resolveWait, 100))
  }
  const log = readFileSync(join(base, name, "error.log"), "utf8").slice(-2000)
  await stop()
  throw new Error(`${name} did not serve the page on ${origin} within 5 s; its error log:\n${log}`)
}

function davScenario(name: ServerName, origin: string): (page: Page) => Promise<void> {
  return async (page) => {
    await page.goto(`${origin}/dav-scenario.html`)
    await page.waitForSelector("body[data-done]", { timeout: 30_000 })
    const statuses = await page.evaluate(() => document.body.dataset.statuses ?? "")
    if (statuses !== EXPECTED_STATUSES[name])
      throw new Error(`${name}: saw "${statuses}", expected "${EXPECTED_STATUSES[name]}"`)
  }
}

async function main(): Promise<void> {
  const missing = [APACHE, NGINX, CHROMIUM].filter((binary) => !existsSync(binary))
  if (missing.length > 0) {
    throw new Error(
      `missing ${missing.join(", ")}: run apt-get update && apt-get install -y apache2 nginx chromium`
    )
  }
  const wanted = process.argv.slice(2)
  const names = (Object.keys(STARTERS) as ServerName[]).filter(
    (name) => wanted.length === 0 || wanted.includes(name)
  )
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] })
  try {
    for (const name of names) {
      const server = await startServer(name)
      try {
        const path = resolve(FIXTURES_DIR, `real-${name}-dav.har`)
        await recordHarFile(browser, path, davScenario(name, server.origin))
      } finally {
        await server.stop()
      }
    }
  } finally {
    await browser.close()
  }
}

main().catch((error: unknown) => {
  console.error(`record-real-servers: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
