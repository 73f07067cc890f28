/**
 * Records fixtures from REAL third-party servers, not the lab, driven in real Chromium
 * (playwright-core, /usr/bin/chromium) through a page of ours (scripts/real-servers/), which each
 * serves itself unless said otherwise:
 * - Debian's Apache httpd (mod_dav; also with mod_deflate), nginx (its dav module) and lighttpd
 *   (mod_webdav), a WebDAV folder: dav-scenario.html; Apache and lighttpd again with a client that
 *   learns tags from folder listings (PROPFIND): dav-listing-scenario.html; and nginx's folder shared by two people
 *   logged in by HTTP Basic, one HAR each: dav-people.html;
 * - Debian's nginx with gzip on, as a reverse proxy in front of the lab's strict API: proxy-scenario.html;
 * - Debian's Radicale (CalDAV), called with CORS from a page served apart: caldav-scenario.html;
 *   and Debian's Xandikos (CalDAV), which has no CORS, behind nginx, which serves the same page; and
 *   both again with a client that learns the tags from listings (PROPFIND, REPORT) instead of reads:
 *   caldav-sync-scenario.html;
 * - PouchDB Server (express-pouchdb: CouchDB's HTTP API over an in-memory PouchDB):
 *   couch-scenario.html;
 * - json-server (a mock REST API on Express): rest-scenario.html;
 * - Azurite (Microsoft's Azure Storage emulator), its Table service (Azure Tables' API) and its Blob
 *   service (an object store), behind a same-origin proxy that signs requests as a web app's
 *   backend would (azurite-proxy.mjs): tables-scenario.html, blob-scenario.html;
 * - SAP's Cloud Application Programming Model (CAP, `@sap/cds`), an OData V4 service whose entity
 *   has an `@odata.etag` element, on an in-memory SQLite database (sql.js, no native build):
 *   odata-scenario.html; and the same service through its OData V2 adapter
 *   (`@cap-js-community/odata-v2-adapter`), updated with MERGE as SAP UI5's V2 model and SharePoint
 *   clients do, also as a POST naming it in `X-HTTP-Method`: odata-v2-scenario.html;
 * - the Community Solid Server (`@solid/community-server`, the Solid project's reference server), a
 *   pod in memory open to all, called with CORS from a page served apart: solid-scenario.html;
 * - a Django app (Debian's python3-django) whose view uses Django's conditional view processing
 *   (`@condition(etag_func=…)`): django-notes.py, django-scenario.html; and the same app for
 *   logged-in users only (Django's sessions), two people each in a browser of their own, one HAR
 *   each, as `etag-audit alice.har bob.har` reads them: django-sessions.html (a refused stale save;
 *   and, `django-sessions-blind`, two saves without If-Match, the second over the first; and,
 *   `django-sessions-renewed`, one person whose session gets a new key at every save);
 * - a Rails API whose model uses Active Record's optimistic locking (`lock_version`; Debian's
 *   ruby-rails, ruby-sqlite3, ruby-webrick): rails-notes.rb, rails-scenario.html;
 * - a PHP app on PHP's own sessions (Debian's php-cli, its built-in web server), which gives a session a
 *   new id at login and after every save: php-notes.php, two people each in a browser of their own,
 *   one HAR each (`php-sessions`);
 * - a Django REST framework API whose view set uses drf-extensions' `APIETAGMixin` (Debian's
 *   python3-djangorestframework-extensions): drf-notes.py, drf-scenario.html;
 * - a restify app guarding its note with restify's `conditionalRequest()` plugin: restify-notes.mjs,
 *   restify-scenario.html; and the same app behind Debian's nginx with gzip on, as a reverse proxy:
 *   restify-proxy-scenario.html;
 * - moto (the AWS mock, `moto[server]` for the Python on PATH), its S3 with each bucket's own CORS
 *   rule, called from a page served apart with presigned URLs (s3-presign.ts), one bucket exposing
 *   ETag to the page and one not: s3-scenario.html.
 * The engine's expectations for them are in tests/core/real-servers.test.ts.
 *
 * Run: `npx tsx scripts/record-real-servers.ts [name …]` with names from SERVERS below (default:
 * all). It needs `apt-get update && apt-get install -y apache2 nginx lighttpd lighttpd-mod-webdav
 * radicale xandikos python3-django python3-djangorestframework-extensions php-cli ruby-rails
 * ruby-sqlite3 ruby-webrick` (it says which are missing), and installs the npm servers' pinned packages in folders of their own under the
 * system's temp folder (not the project's dependencies: the tests read the recorded files). The
 * servers run from a temporary folder on free loopback ports, not as the system's services, and
 * are stopped at the end.
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
  symlinkSync,
  writeFileSync
} from "node:fs"
import { createServer as createHttpServer } from "node:http"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"

import { chromium, type Browser, type Page } from "playwright-core"

import { startLab } from "../src/lab/server"
import { recordHarFile, recordHarFiles } from "./record-har"
import { AZURITE_DIR, AZURITE_PACKAGES, installPinned } from "./real-servers/pinned-install"
import { presignS3Url } from "./real-servers/s3-presign"

const FIXTURES_DIR = resolve(import.meta.dirname, "../tests/fixtures")
const PAGES = resolve(import.meta.dirname, "real-servers")
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
const APACHE = "/usr/sbin/apache2"
const APACHE_MODULES = "/usr/lib/apache2/modules"
const NGINX = "/usr/sbin/nginx"
const LIGHTTPD = "/usr/sbin/lighttpd"
/** Debian ships lighttpd's WebDAV module in a package of its own. */
const LIGHTTPD_WEBDAV = "/usr/lib/lighttpd/mod_webdav.so"
const RADICALE = "/usr/bin/radicale"
const XANDIKOS = "/usr/bin/xandikos"
/** Xandikos sends no CORS headers: nginx serves the page beside it (startXandikos). */
const XANDIKOS_BEHIND_NGINX = [
  { binary: XANDIKOS, packageName: "xandikos" },
  { binary: NGINX, packageName: "nginx" }
]
/** Debian's Python, with Debian's Django (the pyenv or venv Python on PATH may not have it). */
const DEBIAN_PYTHON = "/usr/bin/python3"
const DEBIAN_DJANGO = "/usr/lib/python3/dist-packages/django/__init__.py"
/** Debian's Ruby on Rails, which runs rails-notes.rb (with ruby-sqlite3 and ruby-webrick). */
const DEBIAN_RAILS = "/usr/bin/rails"
/** Debian's PHP, whose built-in web server runs php-notes.php. */
const PHP = "/usr/bin/php"
/** Debian's drf-extensions (it brings Django REST framework and Django with it). */
const DEBIAN_DRF_EXTENSIONS = "/usr/lib/python3/dist-packages/rest_framework_extensions/__init__.py"
/** Run as root, each server hands its workers to this user, which must be able to write the DAV folder. */
const WORKER_USER = "www-data"

/** PouchDB Server's packages, pinned: the versions the fixture was recorded with. */
const POUCHDB_PACKAGES = [
  "express@4.21.2",
  "express-pouchdb@4.2.0",
  "pouchdb-core@9.0.0",
  "pouchdb-adapter-memory@9.0.0",
  "pouchdb-adapter-http@9.0.0",
  "pouchdb-mapreduce@9.0.0",
  "pouchdb-replication@9.0.0",
  "pouchdb-find@9.0.0"
]
const POUCHDB_DIR = join(tmpdir(), "etag-lens-pouchdb-server")
/** json-server 0.17 (Express 4), the mock REST API front-end developers start from. */
const JSON_SERVER_PACKAGES = ["json-server@0.17.4"]
const JSON_SERVER_DIR = join(tmpdir(), "etag-lens-json-server")
/**
 * SAP CAP's OData V4 server, with SQLite compiled to WebAssembly (sql.js) so nothing is built
 * natively: installed with `--ignore-scripts`, so better-sqlite3 (a peer) stays unbuilt and CAP uses sql.js.
 */
const CAP_PACKAGES = [
  "@sap/cds@9.9.3",
  "@cap-js/sqlite@2.4.2",
  "sql.js@1.16.0",
  "express@4.22.3",
  "@cap-js-community/odata-v2-adapter@1.15.10"
]
/** The OData V2 adapter, a CAP plugin: it serves the same model under /odata/v2 when the project lists it. */
const CAP_V2_ADAPTER = "@cap-js-community/odata-v2-adapter"
const CAP_DIR = join(tmpdir(), "etag-lens-cap")

/** Pure JavaScript; `--ignore-scripts` as for CAP (nothing of it is built natively). */
const SOLID_PACKAGES = ["@solid/community-server@7.2.0"]
const SOLID_DIR = join(tmpdir(), "etag-lens-solid")

/** restify 11 (12 needs Node 22); its optional native dtrace-provider stays unbuilt. */
const RESTIFY_PACKAGES = ["restify@11.1.0"]
const RESTIFY_DIR = join(tmpdir(), "etag-lens-restify")

/** Medplum's FHIR router and in-memory repository (its @medplum/core comes with it). */
const MEDPLUM_PACKAGES = ["@medplum/fhir-router@5.2.13"]
const MEDPLUM_DIR = join(tmpdir(), "etag-lens-medplum")

type ServerName =
  | "apache"
  | "apache-deflate"
  | "nginx"
  | "lighttpd"
  | "apache-listing"
  | "lighttpd-listing"
  | "webdav-server-listing"
  | "nginx-basic"
  | "nginx-gzip-proxy"
  | "radicale"
  | "xandikos"
  | "xandikos-sync"
  | "radicale-sync"
  | "pouchdb"
  | "pouchdb-find"
  | "pouchdb-bulk"
  | "json-server"
  | "json-server-embed"
  | "azurite-tables"
  | "azurite-blob"
  | "cap"
  | "cap-v2"
  | "solid"
  | "django"
  | "django-sessions"
  | "django-sessions-blind"
  | "django-sessions-renewed"
  | "drf-extensions"
  | "php-sessions"
  | "rails"
  | "restify"
  | "nginx-gzip-restify"
  | "moto-s3"
  | "medplum-fhir"

interface ServerUnderTest {
  /** The fixture's name in tests/fixtures, without `.har`. */
  readonly fixture: string
  /** The page's path (and query) on the server, or on a server of its own (`pageApart`). */
  readonly page: string
  /**
   * The page is served from another origin and calls the server with CORS (given `?api=<origin>`);
   * the server is ready when this path answers.
   */
  readonly pageApart?: { readonly readyPath: string }
  /** The Debian binaries it needs, and their packages. */
  readonly debian?: readonly { readonly binary: string; readonly packageName: string }[]
  /** Starts the server on `port`, its files under `base`; `page` is the entry's own. */
  start(base: string, port: number, page: string): Promise<ChildProcess>
  /** Set-up the page does not show (not recorded). */
  prepare?(origin: string): Promise<void>
  /** More of the page's query (after `?api=<origin>`), made for the running server. */
  pageQuery?(origin: string): string
  /**
   * The statuses the server answered the page's steps with when this was recorded: a new version
   * that answers otherwise fails the recording instead of silently recording another story.
   */
  readonly statuses: string
  /**
   * Several people, each with the page open in a browser of their own (a context and a HAR each,
   * `<fixture>-<person>.har`), whose requests `story` sends from those pages one at a time instead
   * of the page's own script; it answers the statuses in order.
   */
  readonly people?: {
    readonly names: readonly string[]
    story(pages: Readonly<Record<string, Page>>): Promise<string>
  }
}

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

const runsAsRoot = () => process.getuid?.() === 0

/** Where a Debian server's configuration, pid and error log go, below the recording's folder. */
const SERVER_FOLDER = "server"

/** A document root holding the page and an empty, writable `dav/` folder. */
function documentRoot(base: string): string {
  const root = join(base, "www")
  mkdirSync(join(root, "dav"), { recursive: true })
  for (const page of ["dav-scenario.html", "dav-listing-scenario.html"])
    copyFileSync(join(PAGES, page), join(root, page))
  handToWorkers(join(root, "dav"))
  return root
}

/** Writes a server's configuration file, one line per item; returns its path. */
function writeConfig(file: string, lines: readonly string[]): string {
  writeFileSync(file, lines.join("\n") + "\n")
  return file
}

function handToWorkers(path: string): void {
  if (!runsAsRoot()) return
  const ids = spawnSync("id", ["-u", WORKER_USER], { encoding: "utf8" })
  const groups = spawnSync("id", ["-g", WORKER_USER], { encoding: "utf8" })
  chownSync(path, Number(ids.stdout.trim()), Number(groups.stdout.trim()))
}

/**
 * Apache httpd with a WebDAV folder; `deflate`: with mod_deflate compressing JSON answers, which
 * then carry the file's ETag with a `-gzip` suffix (DeflateAlterETag's default, AddSuffix).
 */
async function startApache(base: string, port: number, deflate = false): Promise<ChildProcess> {
  const root = documentRoot(base)
  const serverRoot = join(base, SERVER_FOLDER)
  mkdirSync(serverRoot, { recursive: true })
  handToWorkers(serverRoot) // DAVLockDB is written by the workers
  const modules = [
    "mpm_event",
    "authz_core",
    "mime",
    "dav",
    "dav_fs",
    ...(deflate ? ["filter", "deflate"] : [])
  ]
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
    ...(deflate ? ["  AddOutputFilterByType DEFLATE application/json"] : []),
    "</Directory>"
  ]
  const file = writeConfig(join(serverRoot, "httpd.conf"), config)
  return spawn(APACHE, ["-f", file, "-DFOREGROUND"], { stdio: "inherit" })
}

/**
 * nginx serving the page and a WebDAV folder; `proxy`: also passing `/api/` to it, gzipped;
 * `users`: the folder only for the people of NGINX_USERS, by HTTP Basic, and `users.page` served.
 */
async function startNginx(
  base: string,
  port: number,
  { proxy, users }: { readonly proxy?: NginxProxy; readonly users?: { readonly page: string } } = {}
): Promise<ChildProcess> {
  const root = documentRoot(base)
  for (const page of [proxy?.page, users?.page])
    if (page !== undefined) copyFileSync(join(PAGES, page), join(root, page))
  const prefix = join(base, SERVER_FOLDER)
  mkdirSync(prefix, { recursive: true })
  // nginx reads `{PLAIN}` passwords as they are: enough for a recording on this machine.
  const passwords = writeConfig(
    join(prefix, "users"),
    Object.entries(NGINX_USERS).map(([user, password]) => `${user}:{PLAIN}${password}`)
  )
  const davAuth = users === undefined ? "" : ` auth_basic "ETag Lens"; auth_basic_user_file ${passwords};`
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
    `    location /dav/ { dav_methods PUT DELETE; create_full_put_path on;${davAuth} }`,
    ...(proxy === undefined
      ? []
      : [
          `    location ${proxy.location ?? "/api/"} {`,
          `      proxy_pass ${proxy.upstream};`,
          // What many sites set: compress JSON, also when proxied. nginx then makes a strong ETag weak.
          ...(proxy.gzip === false
            ? []
            : ["      gzip on; gzip_types application/json; gzip_proxied any; gzip_min_length 0;"]),
          "    }"
        ]),
    "  }",
    "}"
  ]
  const file = writeConfig(join(prefix, "nginx.conf"), config)
  return spawn(NGINX, ["-c", file, "-p", prefix], { stdio: "inherit" })
}

/** The people of the nginx WebDAV story and their passwords (HTTP Basic, RFC 7617). */
const NGINX_USERS: Readonly<Record<string, string>> = { alice: "alice-secret", bob: "bob-secret" }

interface NginxProxy {
  readonly upstream: string
  readonly page: string
  /** The path passed to the upstream (default `/api/`). */
  readonly location?: string
  /** Whether nginx gzips the upstream's JSON (default: it does). */
  readonly gzip?: boolean
}

/**
 * The lab's API (its `strict` policy: strong tags, compared strongly) behind nginx with gzip on, as
 * an application server behind a compressing reverse proxy: the lab runs in this process and stops
 * with nginx.
 */
async function startNginxGzipProxy(base: string, port: number, page: string): Promise<ChildProcess> {
  const lab = await startLab({ port: 0 })
  const nginx = await startNginx(base, port, { proxy: { upstream: lab.url, page } })
  nginx.once("exit", () => void lab.close())
  return nginx
}

async function startLighttpd(base: string, port: number): Promise<ChildProcess> {
  const root = documentRoot(base)
  const folder = join(base, SERVER_FOLDER)
  mkdirSync(folder, { recursive: true })
  handToWorkers(folder) // lighttpd opens its error log after dropping to the workers' user
  const config = [
    `server.document-root = "${root}"`,
    'server.bind = "127.0.0.1"',
    `server.port = ${port}`,
    'server.modules = ("mod_webdav")',
    `server.pid-file = "${join(folder, "lighttpd.pid")}"`,
    `server.errorlog = "${join(folder, "error.log")}"`,
    ...(runsAsRoot() ? [`server.username = "${WORKER_USER}"`, `server.groupname = "${WORKER_USER}"`] : []),
    'mimetype.assign = (".html" => "text/html; charset=utf-8", ".json" => "application/json")',
    '$HTTP["url"] =~ "^/dav($|/)" {',
    '  webdav.activate = "enable"',
    '  webdav.is-readonly = "disable"',
    "}"
  ]
  const file = writeConfig(join(folder, "lighttpd.conf"), config)
  return spawn(LIGHTTPD, ["-D", "-f", file], { stdio: "inherit" })
}

/** PouchDB Server's routes (CouchDB's API, with Mango's `_find`) at the root, and the pages beside them. */
const POUCHDB_SERVER = `"use strict"
const [port, pages] = process.argv.slice(2)
const express = require("express")
const PouchDB = require("pouchdb-core")
  .plugin(require("pouchdb-adapter-memory"))
  .plugin(require("pouchdb-adapter-http"))
  .plugin(require("pouchdb-mapreduce"))
  .plugin(require("pouchdb-replication"))
  .plugin(require("pouchdb-find"))
const app = express()
app.get(/^\\/couch(?:-find|-bulk)?-scenario\\.html$/, (request, response) =>
  response.sendFile(require("path").join(pages, request.path.slice(1)))
)
app.use("/", require("express-pouchdb")(PouchDB.defaults({ adapter: "memory" }), { inMemoryConfig: true }))
app.listen(Number(port), "127.0.0.1")
`

/** The `notes` database the CouchDB-style scenario pages write in. */
async function createNotesDatabase(origin: string): Promise<void> {
  const created = await fetch(`${origin}/notes`, { method: "PUT" })
  if (created.status !== 201)
    throw new Error(`PouchDB Server: creating the database answered ${created.status}`)
}

async function startPouchDb(base: string, port: number): Promise<ChildProcess> {
  // The marker is the package added last, so an older install gets it.
  installPinned(POUCHDB_DIR, POUCHDB_PACKAGES, "pouchdb-find")
  const server = join(POUCHDB_DIR, "server.cjs")
  writeFileSync(server, POUCHDB_SERVER)
  // express-pouchdb writes its config and log files in the working folder.
  return spawn(process.execPath, [server, String(port), PAGES], {
    cwd: base,
    stdio: "inherit"
  })
}

async function startJsonServer(base: string, port: number): Promise<ChildProcess> {
  installPinned(JSON_SERVER_DIR, JSON_SERVER_PACKAGES, "json-server")
  const pages = join(base, "public")
  mkdirSync(pages)
  copyFileSync(join(PAGES, "rest-scenario.html"), join(pages, "rest-scenario.html"))
  const database = join(base, "db.json")
  const comments = [{ id: 1, noteId: 1, body: "a comment" }]
  writeFileSync(database, JSON.stringify({ notes: [{ id: 1, text: "version 1" }], comments }))
  const cli = join(JSON_SERVER_DIR, "node_modules", "json-server", "lib", "cli", "bin.js")
  // json-server joins --static to its working folder, even an absolute path.
  const options = ["--host", "127.0.0.1", "--port", String(port), "--static", "public", "--quiet"]
  return spawn(process.execPath, [cli, ...options, database], { cwd: base, stdio: "inherit" })
}

/** Azurite's Table or Blob service behind azurite-proxy.mjs, which serves `page` beside it. */
function startAzurite(service: "table" | "blob") {
  return async (base: string, port: number, page: string): Promise<ChildProcess> => {
    installPinned(AZURITE_DIR, AZURITE_PACKAGES, "azurite")
    const azurite = join(AZURITE_DIR, "node_modules", "azurite")
    const proxy = join(PAGES, "azurite-proxy.mjs")
    const args = [proxy, String(port), String(await freePort()), azurite, service, join(PAGES, page), base]
    return spawn(process.execPath, args, { stdio: "inherit" })
  }
}

/** The CAP project: one entity whose `modifiedAt` is its `@odata.etag`, served under /odata/v4/notes. */
const CAP_MODEL = `namespace lens;
entity Notes {
  key ID : Integer;
  text : String;
  modifiedAt : Timestamp @cds.on.insert: $now @cds.on.update: $now @odata.etag;
}
service NotesService @(path: '/odata/v4/notes') {
  entity Notes as projection on lens.Notes;
}
`

/**
 * SAP CAP serving the model, its first note loaded from CSV, and the page from its `app/` folder;
 * with `v2`, through the OData V2 adapter too.
 */
const startCap =
  (v2: boolean) =>
  async (base: string, port: number, page: string): Promise<ChildProcess> => {
    installPinned(CAP_DIR, CAP_PACKAGES, CAP_V2_ADAPTER, ["--ignore-scripts"])
    mkdirSync(join(base, "db", "data"), { recursive: true })
    mkdirSync(join(base, "app"))
    writeFileSync(join(base, "db", "notes.cds"), CAP_MODEL)
    writeFileSync(join(base, "db", "data", "lens-Notes.csv"), "ID;text\n1;version 1\n")
    copyFileSync(join(PAGES, page), join(base, "app", page))
    const database = { kind: "sqlite", driver: "sql.js", credentials: { url: ":memory:" } }
    const plugins = v2 ? { dependencies: { [CAP_V2_ADAPTER]: "*" } } : {}
    writeFileSync(
      join(base, "package.json"),
      JSON.stringify({ ...plugins, cds: { requires: { db: database } } })
    )
    symlinkSync(join(CAP_DIR, "node_modules"), join(base, "node_modules"), "dir")
    const serve = join(CAP_DIR, "node_modules", "@sap", "cds", "bin", "serve.js")
    return spawn(process.execPath, [serve], {
      cwd: base,
      env: { ...process.env, PORT: String(port) },
      stdio: "inherit"
    })
  }

/**
 * The Community Solid Server with its default set-up (memory storage, CORS for any origin), but
 * every resource open to all (`allow-all` instead of Web Access Control) and no intro page.
 */
async function startSolid(base: string, port: number): Promise<ChildProcess> {
  installPinned(SOLID_DIR, SOLID_PACKAGES, "@solid/community-server", ["--ignore-scripts"])
  const server = join(SOLID_DIR, "node_modules", "@solid", "community-server")
  const defaults = JSON.parse(readFileSync(join(server, "config", "default.json"), "utf8")) as {
    import: string[]
  }
  const replaced: Readonly<Record<string, string>> = {
    "css:config/ldp/authorization/webacl.json": "css:config/ldp/authorization/allow-all.json",
    "css:config/app/init/initialize-intro.json": "css:config/app/init/default.json"
  }
  const config = { ...defaults, import: defaults.import.map((entry) => replaced[entry] ?? entry) }
  const file = join(base, "solid.json")
  writeFileSync(file, JSON.stringify(config))
  const options = ["-c", file, "-p", String(port), "-b", `http://127.0.0.1:${port}/`, "-l", "warn"]
  return spawn(process.execPath, [join(server, "bin", "server.js"), ...options], { stdio: "inherit" })
}

/** The Django app of django-notes.py, serving its note and the page; Django's own development server. */
function startDjango(mode: "sessions" | "renew" | "open") {
  return async (base: string, port: number, page: string): Promise<ChildProcess> => {
    const app = join(PAGES, "django-notes.py")
    const options = mode === "open" ? [] : mode === "sessions" ? ["sessions"] : ["sessions", "renew"]
    return spawn(DEBIAN_PYTHON, [app, String(port), join(PAGES, page), ...options], {
      cwd: base,
      stdio: "inherit"
    })
  }
}

/** The Django REST framework API of drf-notes.py, serving its notes and the page; Django's development server. */
async function startDrfNotes(base: string, port: number, page: string): Promise<ChildProcess> {
  const app = join(PAGES, "drf-notes.py")
  return spawn(DEBIAN_PYTHON, [app, String(port), join(PAGES, page)], { cwd: base, stdio: "inherit" })
}

/** The Rails API of rails-notes.rb on WEBrick, in production mode, its notes under `base`. */
async function startRailsNotes(base: string, port: number, page: string): Promise<ChildProcess> {
  const probe = spawnSync("/usr/bin/ruby", ["-e", 'require "sqlite3"; require "webrick"'], {
    encoding: "utf8"
  })
  if (probe.status !== 0) throw new Error("rails needs: apt-get install -y ruby-sqlite3 ruby-webrick")
  const app = join(PAGES, "rails-notes.rb")
  return spawn("/usr/bin/ruby", [app, String(port), join(PAGES, page)], { cwd: base, stdio: "inherit" })
}

/** The PHP app of php-notes.php on PHP's built-in web server, its sessions and note under `base`. */
async function startPhpNotes(base: string, port: number, page: string): Promise<ChildProcess> {
  const sessions = join(base, SERVER_FOLDER, "sessions")
  mkdirSync(sessions, { recursive: true })
  const options = [
    "-d",
    `session.save_path=${sessions}`,
    "-S",
    `127.0.0.1:${port}`,
    join(PAGES, "php-notes.php")
  ]
  const env = { ...process.env, PAGE: join(PAGES, page), NOTES_FILE: join(base, SERVER_FOLDER, "note.txt") }
  return spawn(PHP, options, { cwd: base, env, stdio: ["ignore", "ignore", "inherit"] })
}

/** One request from a person's page: its status and the `ETag` it answered (fetch sends the page's cookies). */
async function send(
  page: Page,
  method: string,
  url: string,
  options: { readonly headers?: Record<string, string>; readonly body?: unknown } = {}
): Promise<{ status: number; etag: string }> {
  const answer = await page.evaluate(
    async ([method, url, headers, body]) => {
      const response = await fetch(url, {
        method,
        headers: { "Content-Type": "application/json", ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store"
      })
      return { status: response.status, etag: response.headers.get("ETag") ?? "" }
    },
    [method, url, options.headers ?? {}, options.body] as const
  )
  // Apart in time: the audit merges the two HARs by startedDateTime (millisecond precision).
  await new Promise((resolveWait) => setTimeout(resolveWait, 20))
  return answer
}

/**
 * Alice and Bob log in and load note 1; Alice saves with her tag (200); Bob's save, stale now, is
 * refused (412); Alice then saves again without If-Match (200). Her blind save is hers to fix
 * (missing-if-match), not Bob overriding his refusal: their session cookies tell them apart.
 */
async function djangoSessionsStory(pages: Readonly<Record<string, Page>>): Promise<string> {
  const { alice, bob } = pages
  const note = "/notes/1"
  const statuses = [
    await send(alice, "POST", "/login", { body: { user: "alice" } }),
    await send(bob, "POST", "/login", { body: { user: "bob" } })
  ]
  const alicesRead = await send(alice, "GET", note)
  const bobsRead = await send(bob, "GET", note)
  statuses.push(
    alicesRead,
    bobsRead,
    await send(alice, "PUT", note, {
      headers: { "If-Match": alicesRead.etag },
      body: { text: "Alice's edit" }
    }),
    await send(bob, "PUT", note, { headers: { "If-Match": bobsRead.etag }, body: { text: "Bob's edit" } }),
    await send(alice, "PUT", note, { body: { text: "Alice's edit, saved again" } })
  )
  return statuses.map((answer) => answer.status).join(" ")
}

/**
 * Alice and Bob log in and load note 1; then each saves without If-Match, Alice first (200, 200):
 * Bob's save replaces hers, which none of his requests showed him. No tag is sent at all; their
 * session cookies show the lost update.
 */
async function djangoSessionsBlindStory(pages: Readonly<Record<string, Page>>): Promise<string> {
  const answers = await bothSaveBlind(pages)
  return answers.map((answer) => answer.status).join(" ")
}

/** Alice and Bob log in, load note 1, then save it without If-Match, Alice first: the answers. */
async function bothSaveBlind(pages: Readonly<Record<string, Page>>) {
  const { alice, bob } = pages
  const note = "/notes/1"
  return [
    await send(alice, "POST", "/login", { body: { user: "alice" } }),
    await send(bob, "POST", "/login", { body: { user: "bob" } }),
    await send(alice, "GET", note),
    await send(bob, "GET", note),
    await send(alice, "PUT", note, { body: { text: "Alice's edit" } }),
    await send(bob, "PUT", note, { body: { text: "Bob's edit" } })
  ]
}

/**
 * Alice alone, on an app that gives her session a new key at every save: she logs in, loads note 1
 * and saves it twice without If-Match (200, 200), each answer setting a new `sessionid`. One
 * person: her second save replaces only her own first.
 */
async function djangoRenewedStory(pages: Readonly<Record<string, Page>>): Promise<string> {
  const { alice } = pages
  const note = "/notes/1"
  const statuses = [
    await send(alice, "POST", "/login", { body: { user: "alice" } }),
    await send(alice, "GET", note),
    await send(alice, "PUT", note, { body: { text: "Alice's edit" } }),
    await send(alice, "PUT", note, { body: { text: "Alice's edit, saved again" } })
  ]
  return statuses.map((answer) => answer.status).join(" ")
}

/**
 * Alice and Bob log in to the PHP app and load note 1; each saves without If-Match, Alice, Bob, then
 * Alice again (200 each), every save's answer giving that person's session a new id; Alice logs out,
 * which clears her cookie. Two people whose session ids change at every save: Bob's save over Alice's
 * change, and Alice's over Bob's, each unseen by its sender.
 */
async function phpSessionsStory(pages: Readonly<Record<string, Page>>): Promise<string> {
  const { alice } = pages
  const answers = [
    ...(await bothSaveBlind(pages)),
    await send(alice, "PUT", "/notes/1", { body: { text: "Alice's edit, saved again" } }),
    await send(alice, "POST", "/logout")
  ]
  return answers.map((answer) => answer.status).join(" ")
}

/**
 * Alice and Bob share a WebDAV folder, each logged in by HTTP Basic: Alice creates a file, both read
 * it, then each saves without If-Match (as WebDAV clients and editors often do), Alice first: nginx
 * accepts both, and Bob's save replaces hers, which none of his requests showed him.
 */
async function davBasicBlindStory(pages: Readonly<Record<string, Page>>): Promise<string> {
  const { alice, bob } = pages
  const file = "/dav/shared.json"
  const as = (user: string) => ({
    Authorization: `Basic ${Buffer.from(`${user}:${NGINX_USERS[user]}`).toString("base64")}`
  })
  const statuses = [
    await send(alice, "PUT", file, { headers: as("alice"), body: { text: "Shopping list" } }),
    await send(alice, "GET", file, { headers: as("alice") }),
    await send(bob, "GET", file, { headers: as("bob") }),
    await send(alice, "PUT", file, { headers: as("alice"), body: { text: "Alice's edit" } }),
    // Another length: nginx tags a file by its mtime in seconds and its size.
    await send(bob, "PUT", file, { headers: as("bob"), body: { text: "Bob's edit, a longer one" } })
  ]
  return statuses.map((answer) => answer.status).join(" ")
}

/** The restify app of restify-notes.mjs, run from the folder holding the pinned restify. */
async function startRestify(base: string, port: number, page: string): Promise<ChildProcess> {
  installPinned(RESTIFY_DIR, RESTIFY_PACKAGES, "restify", ["--ignore-scripts"])
  const app = join(RESTIFY_DIR, "restify-notes.mjs")
  copyFileSync(join(PAGES, "restify-notes.mjs"), app)
  return spawn(process.execPath, [app, String(port), join(PAGES, page)], { cwd: base, stdio: "inherit" })
}

/** webdav-server (npm), a WebDAV server in Node, pinned: the version the fixture was recorded with. */
const WEBDAV_SERVER_PACKAGES = ["webdav-server@2.6.3"]
const WEBDAV_SERVER_DIR = join(tmpdir(), "etag-lens-webdav-server")

/** webdav-server's v2 server, an in-memory folder at /dav/, and the page beside it. */
async function startWebdavServer(base: string, port: number, page: string): Promise<ChildProcess> {
  installPinned(WEBDAV_SERVER_DIR, WEBDAV_SERVER_PACKAGES, "webdav-server", ["--ignore-scripts"])
  const app = join(WEBDAV_SERVER_DIR, "webdav-server-notes.mjs")
  copyFileSync(join(PAGES, "webdav-server-notes.mjs"), app)
  return spawn(process.execPath, [app, String(port), join(PAGES, page)], { cwd: base, stdio: "inherit" })
}

/** Medplum's FHIR router behind a plain Node HTTP server that answers as Medplum's server does. */
async function startMedplumFhir(base: string, port: number, page: string): Promise<ChildProcess> {
  installPinned(MEDPLUM_DIR, MEDPLUM_PACKAGES, "@medplum/fhir-router", ["--ignore-scripts"])
  const app = join(MEDPLUM_DIR, "medplum-fhir.mjs")
  copyFileSync(join(PAGES, "medplum-fhir.mjs"), app)
  const args = ["--experimental-websocket", app, String(port), join(PAGES, page)]
  return spawn(process.execPath, args, { cwd: base, stdio: "inherit" })
}

/**
 * The restify app behind nginx with gzip on, as an app server behind a compressing reverse proxy:
 * `/api/` is passed to the app's root. The app stops with nginx.
 */
async function startNginxGzipRestify(base: string, port: number, page: string): Promise<ChildProcess> {
  const appPort = await freePort()
  const app = await startRestify(base, appPort, page)
  const appOrigin = `http://127.0.0.1:${appPort}`
  await answersWithin5s(`${appOrigin}/notes/1`)
  const nginx = await startNginx(base, port, { proxy: { upstream: `${appOrigin}/`, page } })
  nginx.once("exit", () => app.kill("SIGTERM"))
  return nginx
}

/**
 * Xandikos (CalDAV/CardDAV, Debian's `xandikos`), which sends no CORS headers, behind nginx as its
 * documentation advises: nginx serves the page and passes `/alice/` to Xandikos unchanged (no gzip).
 * Xandikos stops with nginx.
 */
async function startXandikos(base: string, port: number, page: string): Promise<ChildProcess> {
  const davPort = await freePort()
  const folder = join(base, SERVER_FOLDER, "xandikos")
  const options = ["-d", folder, "-l", "127.0.0.1", "-p", String(davPort), "--autocreate"]
  const xandikos = spawn(XANDIKOS, options, { stdio: ["ignore", "ignore", "inherit"] })
  const davOrigin = `http://127.0.0.1:${davPort}`
  await answersWithin5s(`${davOrigin}/`)
  const proxy = { upstream: davOrigin, page, location: "/alice/", gzip: false }
  const nginx = await startNginx(base, port, { proxy })
  nginx.once("exit", () => xandikos.kill("SIGTERM"))
  return nginx
}

/** Alice's calendar, where the CalDAV scenario's event goes (not recorded). */
async function makeCalendar(server: string, origin: string): Promise<void> {
  for (const [method, path] of [
    ["MKCOL", "/alice/"],
    ["MKCALENDAR", "/alice/calendar/"]
  ]) {
    const made = await fetch(`${origin}${path}`, { method })
    if (made.status !== 201) throw new Error(`${server}: ${method} ${path} answered ${made.status}`)
  }
}

/** Alice's calendar with the event in it, made by another client (not recorded). */
async function makeCalendarWithEvent(server: string, origin: string): Promise<void> {
  await makeCalendar(server, origin)
  const event = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//ETag Lens//another client//EN",
    "BEGIN:VEVENT",
    "UID:note-1",
    "DTSTAMP:20260101T000000Z",
    "DTSTART:20260101T100000Z",
    "SUMMARY:version 1",
    "END:VEVENT",
    "END:VCALENDAR",
    ""
  ].join("\r\n")
  const headers = { "Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*" }
  const made = await fetch(`${origin}/alice/calendar/note-1.ics`, { method: "PUT", headers, body: event })
  if (made.status !== 201) throw new Error(`${server}: creating the event answered ${made.status}`)
}

/** Whether `url` answers 2xx within 5 s, asked every 100 ms (a server just started). */
async function answersWithin5s(url: string): Promise<boolean> {
  for (let attempt = 0; attempt < 50; attempt++) {
    if ((await fetch(url).catch(() => undefined))?.ok === true) return true
    await new Promise((resolveWait) => setTimeout(resolveWait, 100))
  }
  return false
}

/** Radicale (CalDAV/CardDAV, Debian's `radicale`), no authentication, CORS headers for the page. */
async function startRadicale(base: string, port: number): Promise<ChildProcess> {
  const folder = join(base, SERVER_FOLDER)
  mkdirSync(folder, { recursive: true })
  const config = [
    "[server]",
    `hosts = 127.0.0.1:${port}`,
    "[auth]",
    "type = none",
    "[storage]",
    `filesystem_folder = ${join(folder, "collections")}`,
    "[logging]",
    "level = warning",
    "[headers]",
    "Access-Control-Allow-Origin = *",
    "Access-Control-Allow-Methods = GET, PUT, DELETE, PROPFIND, REPORT, OPTIONS",
    "Access-Control-Allow-Headers = Content-Type, Depth, If-Match, If-None-Match",
    "Access-Control-Expose-Headers = ETag"
  ]
  const file = writeConfig(join(folder, "config"), config)
  return spawn(RADICALE, ["--config", file], { stdio: "inherit" })
}

/**
 * moto (the AWS mock `moto[server]`, 5.1 or later: S3's conditional writes) for the Python on PATH,
 * its S3 answering CORS by each bucket's own rules, as S3 does, instead of moto's allow-all default.
 */
async function startMotoS3(_base: string, port: number): Promise<ChildProcess> {
  const probe = spawnSync("python3", ["-c", "import moto.server, moto; print(moto.__version__)"], {
    encoding: "utf8"
  })
  if (probe.status !== 0)
    throw new Error(`moto-s3 needs moto's server for python3: python3 -m pip install "moto[server]==5.2.1"`)
  const options = ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)]
  return spawn("python3", options, { stdio: ["ignore", "ignore", "inherit"] })
}

/** The S3 buckets' CORS rules: any origin, the page's methods and headers; ETag exposed or not. */
function s3CorsRule(exposeEtag: boolean): string {
  const methods = ["GET", "PUT", "DELETE"].map((method) => `<AllowedMethod>${method}</AllowedMethod>`)
  return [
    "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin>",
    ...methods,
    "<AllowedHeader>*</AllowedHeader>",
    exposeEtag ? "<ExposeHeader>ETag</ExposeHeader>" : "",
    "</CORSRule></CORSConfiguration>"
  ].join("")
}

const S3_BUCKETS = { exposed: true, hidden: false } as const

/** The presigned URLs the page uses, as its backend would hand them out: per bucket, one per method. */
function s3PageQuery(origin: string): string {
  const now = new Date()
  const signed = Object.fromEntries(
    Object.keys(S3_BUCKETS).map((bucket) => {
      const object = `${origin}/${bucket}/notes/1.json`
      const urls = ["get", "put", "delete"].map((method) => [
        method,
        presignS3Url(method.toUpperCase(), object, now)
      ])
      return [bucket, Object.fromEntries(urls)]
    })
  )
  return `signed=${encodeURIComponent(JSON.stringify(signed))}`
}

const SERVERS: Readonly<Record<ServerName, ServerUnderTest>> = {
  apache: {
    fixture: "real-apache-dav",
    page: "dav-scenario.html",
    start: (base, port) => startApache(base, port),
    debian: [{ binary: APACHE, packageName: "apache2" }],
    // The stale tag, the weak tag of a file written under a second ago, If-None-Match: * on the
    // file and If-Match: * after its deletion are refused (Apache 2.4.71, Debian 12).
    statuses: "201 200 204 200 412 204 200 412 200 412 204 412"
  },
  "apache-deflate": {
    fixture: "real-apache-deflate-dav",
    page: "dav-scenario.html?large",
    start: (base, port) => startApache(base, port, true),
    debian: [{ binary: APACHE, packageName: "apache2" }],
    // As Apache alone, but the first save with the tag just read is refused too: its "-gzip" tag
    // is compared with the file's own (Apache bug 45023).
    statuses: "201 200 412 200 412 204 200 412 200 412 204 412"
  },
  nginx: {
    fixture: "real-nginx-dav",
    page: "dav-scenario.html",
    start: (base, port) => startNginx(base, port),
    debian: [{ binary: NGINX, packageName: "nginx" }],
    // Every precondition is ignored: each write is accepted, If-Match: * after the delete creates
    // (nginx 1.22.1, Debian 12).
    statuses: "201 200 204 200 204 204 200 204 200 204 204 201"
  },
  "nginx-basic": {
    fixture: "real-nginx-dav-basic",
    page: "dav-people.html",
    start: (base, port, page) => startNginx(base, port, { users: { page } }),
    debian: [{ binary: NGINX, packageName: "nginx" }],
    people: { names: ["alice", "bob"], story: davBasicBlindStory },
    // Alice's create 201, both reads 200, both saves without If-Match 204: nginx checks nothing, and
    // its answers to a PUT carry no tag (nginx 1.22.1, Debian 12).
    statuses: "201 200 200 204 204"
  },
  "nginx-gzip-proxy": {
    fixture: "real-nginx-gzip-proxy",
    page: "proxy-scenario.html",
    start: startNginxGzipProxy,
    debian: [{ binary: NGINX, packageName: "nginx" }],
    // nginx gzips the lab's answers and makes their strong tags weak (W/"…"); the lab compares
    // If-Match strongly, so the weak tag just read is refused (412), the same tag without W/ is not
    // (nginx 1.22.1, Debian 12).
    statuses: "200 412 200 200 200"
  },
  lighttpd: {
    fixture: "real-lighttpd-dav",
    page: "dav-scenario.html",
    start: startLighttpd,
    debian: [{ binary: LIGHTTPD_WEBDAV, packageName: "lighttpd-mod-webdav" }],
    // A stale tag, If-None-Match: * on the file and If-Match: * after its deletion are refused with
    // 412; its tags are strong, so the save right after a read passes (lighttpd 1.4.69, Debian 12).
    statuses: "201 200 204 200 412 204 200 204 200 412 204 412"
  },
  "apache-listing": {
    fixture: "real-apache-dav-listing",
    page: "dav-listing-scenario.html",
    start: (base, port) => startApache(base, port),
    debian: [{ binary: APACHE, packageName: "apache2" }],
    // The listing right after a write gives the file a weak getetag (as Apache's ETag within a
    // second of a change), and the save with it is refused; so is the first, stale one (Apache
    // 2.4.71, Debian 12).
    statuses: "201 207 204 207 412 207 412 204"
  },
  "lighttpd-listing": {
    fixture: "real-lighttpd-dav-listing",
    page: "dav-listing-scenario.html",
    start: startLighttpd,
    debian: [{ binary: LIGHTTPD_WEBDAV, packageName: "lighttpd-mod-webdav" }],
    // Strong getetag in every listing: both saves with the tag just listed pass, the first tag is
    // stale by then (412) (lighttpd 1.4.69, Debian 12).
    statuses: "201 207 204 207 204 207 412 204"
  },
  "webdav-server-listing": {
    fixture: "real-webdav-server-listing",
    page: "dav-listing-scenario.html",
    start: startWebdavServer,
    // getetag in every listing, but If-Match is never read (only WebDAV's If: header, for locks):
    // every save passes, the stale one too (webdav-server 2.6.3).
    statuses: "201 207 200 207 200 207 200 200"
  },
  radicale: {
    fixture: "real-radicale-caldav",
    page: "caldav-scenario.html",
    pageApart: { readyPath: "/.web/" },
    start: startRadicale,
    debian: [{ binary: RADICALE, packageName: "radicale" }],
    prepare: (origin) => makeCalendar("Radicale", origin),
    // Updates are answered 201 with the new tag; a stale tag is refused with 412, and so is
    // If-Match: * on the existing event (Radicale 3.1.8, Debian 12).
    statuses: "201 200 201 200 412 201 412 412 412 200 412"
  },
  xandikos: {
    fixture: "real-xandikos-caldav",
    page: "caldav-scenario.html",
    start: startXandikos,
    debian: XANDIKOS_BEHIND_NGINX,
    prepare: (origin) => makeCalendar("Xandikos", origin),
    // Writes are answered 204 with the new tag; a stale tag is refused with 412 (also for a DELETE),
    // If-Match: * passes on the existing event and is refused after its deletion (Xandikos 0.2.8,
    // Debian 12, behind nginx 1.22.1).
    statuses: "201 200 204 200 412 204 204 412 412 204 412"
  },
  "xandikos-sync": {
    fixture: "real-xandikos-caldav-sync",
    page: "caldav-sync-scenario.html",
    start: startXandikos,
    debian: XANDIKOS_BEHIND_NGINX,
    prepare: (origin) => makeCalendarWithEvent("Xandikos", origin),
    // The listings (PROPFIND, REPORT) answer 207 with each event's getetag; the listed tag saves, the
    // first one, stale by then, is refused with 412 (Xandikos 0.2.8, Debian 12, behind nginx 1.22.1).
    statuses: "207 204 207 412 204 207 204"
  },
  "radicale-sync": {
    fixture: "real-radicale-caldav-sync",
    page: "caldav-sync-scenario.html",
    pageApart: { readyPath: "/.web/" },
    start: startRadicale,
    debian: [{ binary: RADICALE, packageName: "radicale" }],
    prepare: (origin) => makeCalendarWithEvent("Radicale", origin),
    // As Xandikos, but Radicale answers updates 201 (Radicale 3.1.8, Debian 12).
    statuses: "207 201 207 412 201 207 201"
  },
  pouchdb: {
    fixture: "real-pouchdb-couch",
    page: "couch-scenario.html",
    start: startPouchDb,
    prepare: createNotesDatabase,
    // The stale and the missing `_rev` are refused with 409, as CouchDB does; unlike CouchDB, the
    // current revision in If-Match is refused too (409), and a DELETE without a revision is accepted.
    statuses: "201 200 201 200 409 409 409 200 409 200"
  },
  "pouchdb-find": {
    fixture: "real-pouchdb-find",
    page: "couch-find-scenario.html",
    start: startPouchDb,
    // The document is made by another, unrecorded client: the page learns its revisions only from
    // the lists, a Mango query (POST _find) and POST _all_docs. The current one saves, the stale one
    // and none are refused with 409.
    prepare: async (origin) => {
      await createNotesDatabase(origin)
      const created = await fetch(`${origin}/notes/n1`, { method: "PUT", body: '{"text":"version 1"}' })
      if (created.status !== 201) throw new Error(`PouchDB Server: creating n1 answered ${created.status}`)
    },
    statuses: "200 201 200 409 200 201 409"
  },
  "pouchdb-bulk": {
    fixture: "real-pouchdb-bulk",
    page: "couch-bulk-scenario.html",
    start: startPouchDb,
    prepare: createNotesDatabase,
    // Every bulk write answers 201; inside, n2 without a revision and n1's stale one are conflicts.
    statuses: "201 200 201 201 201"
  },
  "json-server": {
    fixture: "real-json-server-rest",
    page: "rest-scenario.html",
    start: startJsonServer,
    // Express tags every answer weakly and checks no precondition: every write is accepted.
    statuses: "200 200 200 200 200 200"
  },
  "json-server-embed": {
    fixture: "real-json-server-embed",
    page: "rest-scenario.html?embed",
    start: startJsonServer,
    // As json-server alone, with a read of the note and its comments (`?_embed=comments`) after the
    // first: Express tags that answer by its own body, so one version shows two weak tags.
    statuses: "200 200 200 200 200 200 200"
  },
  "azurite-tables": {
    fixture: "real-azurite-tables",
    page: "tables-scenario.html",
    start: startAzurite("table"),
    prepare: async (origin) => {
      const created = await fetch(`${origin}/Tables`, {
        method: "POST",
        headers: { Accept: "application/json;odata=nometadata", "Content-Type": "application/json" },
        body: JSON.stringify({ TableName: "notes" })
      })
      if (created.status !== 201) throw new Error(`Azurite: creating the table answered ${created.status}`)
    },
    // A PUT without If-Match is an upsert (accepted); a stale tag is refused with 412, a DELETE
    // without If-Match with 400, and If-Match: * after the delete with 404 (Azurite 3.37.0).
    statuses: "204 200 204 412 204 412 400 200 204 404"
  },
  "azurite-blob": {
    fixture: "real-azurite-blob",
    page: "blob-scenario.html",
    start: startAzurite("blob"),
    prepare: async (origin) => {
      const created = await fetch(`${origin}/notes?restype=container`, { method: "PUT" })
      if (created.status !== 201)
        throw new Error(`Azurite: creating the container answered ${created.status}`)
    },
    // An object store: a PUT without If-Match overwrites (201), a stale tag is refused with 412,
    // If-None-Match: * on the existing blob with 409; the DELETE is accepted (202), a read then
    // finds the blob gone, and If-Match: * is refused (Azurite 3.37.0). Without that read, the
    // If-Match: * PUT raced the delete: 201 in one recording, 412 in the next.
    statuses: "201 200 201 412 201 409 412 202 404 412"
  },
  cap: {
    fixture: "real-cap-odata",
    page: "odata-scenario.html",
    start: startCap(false),
    // Weak tags (the modification time), compared weakly; a stale tag is refused with 412, a write or
    // DELETE without If-Match with 428; If-None-Match: * on the existing note fails with 500 (a
    // unique-key error), the batch's second save, stale by then, gets 412 inside a 200, and If-Match: *
    // on the deleted note 404 (CAP 9.9.3).
    statuses: "200 200 200 412 428 201 500 428 200 204 404 404"
  },
  "cap-v2": {
    fixture: "real-cap-odata-v2",
    page: "odata-v2-scenario.html",
    start: startCap(true),
    // The V2 adapter in front of the same service: weak tags in ETag and `__metadata.etag`; a POST
    // naming MERGE or DELETE in X-HTTP-Method is that method; a stale tag 412, MERGE without
    // If-Match 428 (CAP 9.9.3, odata-v2-adapter 1.15.10).
    statuses: "200 200 200 412 428 200 200 412 200 204 404"
  },
  solid: {
    fixture: "real-solid-pod",
    page: "solid-scenario.html",
    pageApart: { readyPath: "/" },
    start: startSolid,
    // Strong tags of the modification time in ms and the representation's media type, so Turtle and
    // JSON-LD reads of one version differ; a write compares the time only, so either tag of the
    // version saves it. Writes are answered 205 without a tag; a stale tag, If-None-Match: * on the
    // document and If-Match: * after its deletion are refused with 412 (Community Solid Server 7.2.0).
    statuses: "201 200 200 205 200 200 205 412 205 200 205 412 412 205 412"
  },
  django: {
    fixture: "real-django-condition",
    page: "django-scenario.html",
    start: startDjango("open"),
    debian: [{ binary: DEBIAN_DJANGO, packageName: "python3-django" }],
    // Strong tags on reads only (a write's answer has none); a stale tag and If-None-Match: * on the
    // note are refused with 412, writes without If-Match accepted; If-Match: * after the delete is
    // refused (no tag to match), the write without a precondition creates it again (Django 3.2.25,
    // Debian 12).
    statuses: "200 200 412 200 304 200 412 200 204 412 201"
  },
  "django-sessions": {
    fixture: "real-django-sessions",
    page: "django-sessions.html",
    start: startDjango("sessions"),
    debian: [{ binary: DEBIAN_DJANGO, packageName: "python3-django" }],
    people: { names: ["alice", "bob"], story: djangoSessionsStory },
    // Logins 204 (a `sessionid` cookie each); reads 200 with `Vary: Cookie`; Alice's save 200, Bob's
    // stale one 412, Alice's blind save 200 (Django 3.2.25, Debian 12).
    statuses: "204 204 200 200 200 412 200"
  },
  "django-sessions-blind": {
    fixture: "real-django-sessions-blind",
    page: "django-sessions.html",
    start: startDjango("sessions"),
    debian: [{ binary: DEBIAN_DJANGO, packageName: "python3-django" }],
    people: { names: ["alice", "bob"], story: djangoSessionsBlindStory },
    // Logins 204; reads 200; both saves without If-Match accepted, Alice's first (Django 3.2.25, Debian 12).
    statuses: "204 204 200 200 200 200"
  },
  "django-sessions-renewed": {
    fixture: "real-django-sessions-renewed",
    page: "django-sessions.html",
    start: startDjango("renew"),
    debian: [{ binary: DEBIAN_DJANGO, packageName: "python3-django" }],
    people: { names: ["alice"], story: djangoRenewedStory },
    // Login 204; read 200; both blind saves 200, each answer setting a new `sessionid`
    // (Django 3.2.25, Debian 12).
    statuses: "204 200 200 200"
  },
  rails: {
    fixture: "real-rails-lock-version",
    page: "rails-scenario.html",
    start: startRailsNotes,
    debian: [{ binary: DEBIAN_RAILS, packageName: "ruby-rails" }],
    // A stale lock_version is refused with 409 (ActiveRecord::StaleObjectError), a save without one
    // passes; Rails' weak ETags are never checked (Rails 6.1.7.10, Debian 12).
    statuses: "200 200 409 200 200 409 204"
  },
  "php-sessions": {
    fixture: "real-php-sessions",
    page: "django-sessions.html",
    start: startPhpNotes,
    debian: [{ binary: PHP, packageName: "php-cli" }],
    people: { names: ["alice", "bob"], story: phpSessionsStory },
    // Both logins 204, both reads 200, the three blind saves 200 (each setting a new PHPSESSID), the
    // logout 204 (PHPSESSID=deleted, Max-Age=0) (PHP 8.2.36, Debian 12).
    statuses: "204 204 200 200 200 200 200 204"
  },
  "drf-extensions": {
    fixture: "real-drf-extensions",
    page: "drf-scenario.html",
    start: startDrfNotes,
    debian: [{ binary: DEBIAN_DRF_EXTENSIONS, packageName: "python3-djangorestframework-extensions" }],
    // drf-extensions compares its unquoted tag with the quoted tags of If-Match, so even the tag just
    // read is refused (412; its issue #205); a write without If-Match is refused with 428, and only
    // If-Match: * gets through (drf-extensions 0.7.1, Django REST framework 3.14, Django 3.2.25, Debian 12).
    statuses: "200 412 200 428 200 304 412 412 428 204"
  },
  restify: {
    fixture: "real-restify-conditional",
    page: "restify-scenario.html",
    start: startRestify,
    // Unquoted tags; a stale tag and If-None-Match: * on the note are refused with 412, but the
    // plugin strips W/ before comparing, so the current tag marked weak is accepted, and If-Match: *
    // passes with no note to match, so it creates the deleted note again (restify 11.1.0).
    statuses: "200 200 412 200 304 200 412 200 204 201"
  },
  "moto-s3": {
    fixture: "real-moto-s3",
    page: "s3-scenario.html",
    pageApart: { readyPath: "/moto-api/" },
    start: startMotoS3,
    prepare: async (origin) => {
      for (const [bucket, exposeEtag] of Object.entries(S3_BUCKETS)) {
        const made = await fetch(`${origin}/${bucket}`, { method: "PUT" })
        const cors = await fetch(`${origin}/${bucket}?cors`, { method: "PUT", body: s3CorsRule(exposeEtag) })
        if (made.status !== 200 || cors.status !== 200)
          throw new Error(`moto: bucket ${bucket} answered ${made.status}, its CORS rule ${cors.status}`)
      }
    },
    pageQuery: s3PageQuery,
    // Writes answer 200 with the new tag (the MD5 of the content, so the same text keeps it); a stale
    // tag and If-None-Match: * on the object are refused with 412, a write without If-Match passes, a
    // DELETE 204; the second bucket does not expose ETag, so the page saves without it (moto 5.2.1).
    statuses: "200 200 200 412 200 200 412 412 204 404 200 200 200"
  },
  "medplum-fhir": {
    fixture: "real-medplum-fhir",
    page: "fhir-scenario.html",
    start: startMedplumFhir,
    // A FHIR client's version-aware updates, If-Match: W/"<versionId>": the current version passes,
    // a stale one is refused with 412 (also for a PATCH and a DELETE), an update without If-Match
    // passes; a search lists the patient; a batch Bundle's entries are judged apart (its POST 200,
    // the current version's update 200 and the stale one's 412 inside); a conditional update by
    // identifier passes; a vread of the first version answers it (@medplum/fhir-router 5.2.13).
    statuses: "201 200 200 412 200 200 200 200 412 200 200 412 200"
  },
  "nginx-gzip-restify": {
    fixture: "real-nginx-gzip-restify",
    page: "restify-proxy-scenario.html",
    start: startNginxGzipRestify,
    debian: [{ binary: NGINX, packageName: "nginx" }],
    // nginx gzips the app's answers and drops their unquoted ETags (a quoted one it makes weak), so
    // the page has no tag to send: both saves go without If-Match, and are accepted (nginx 1.22.1,
    // Debian 12; restify 11.1.0).
    statuses: "200 200 200"
  }
}

async function startServer(name: ServerName): Promise<RunningServer> {
  const base = mkdtempSync(join(tmpdir(), `etag-lens-${name}-`))
  chmodSync(base, 0o755) // the workers read the page below it
  const port = await freePort()
  const origin = `http://127.0.0.1:${port}`
  const server = SERVERS[name]
  const child = await server.start(base, port, server.page)
  const exited = new Promise<void>((resolveExit) => child.once("exit", () => resolveExit()))
  const stop = async () => {
    child.kill("SIGTERM")
    await exited
    rmSync(base, { recursive: true, force: true })
  }
  const ready = server.pageApart?.readyPath ?? `/${server.page}`
  if (await answersWithin5s(`${origin}${ready}`)) {
    await server.prepare?.(origin).catch(async (error: unknown) => {
      await stop()
      throw error
    })
    return { origin, stop }
  }
  const logFile = join(base, SERVER_FOLDER, "error.log")
  const log = existsSync(logFile) ? `; its error log:\n${readFileSync(logFile, "utf8").slice(-2000)}` : ""
  await stop()
  throw new Error(`${name} did not serve the page on ${origin} within 5 s${log}`)
}

/** Serves the scenario pages from an origin of their own, for servers the page calls with CORS. */
async function startPageServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const port = await freePort()
  const server = createHttpServer((request, response) => {
    const name = new URL(request.url ?? "/", "http://localhost").pathname.slice(1)
    if (!/^[a-z0-9-]+\.html$/.test(name) || !existsSync(join(PAGES, name))) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" })
    response.end(readFileSync(join(PAGES, name)))
  })
  await new Promise<void>((resolveListen) => server.listen(port, "127.0.0.1", resolveListen))
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolveClose) => server.close(() => resolveClose()))
  }
}

function scenario(name: ServerName, origin: string, pageOrigin: string): (page: Page) => Promise<void> {
  const { page: path, statuses: expected, pageApart, pageQuery } = SERVERS[name]
  const more = pageQuery === undefined ? "" : `&${pageQuery(origin)}`
  const url = pageApart === undefined ? `${origin}/${path}` : `${pageOrigin}/${path}?api=${origin}${more}`
  return async (page) => {
    await page.addInitScript({ path: join(PAGES, "scenario-steps.js") })
    await page.goto(url)
    await page.waitForSelector("body[data-done]", { timeout: 30_000 })
    const statuses = await page.evaluate(() => document.body.dataset.statuses ?? "")
    if (statuses !== expected) throw new Error(`${name}: saw "${statuses}", expected "${expected}"`)
  }
}

/** Records the server's fixture: its page's scenario, or its people's story (one HAR each). */
async function record(browser: Browser, name: ServerName, origin: string, pageOrigin: string): Promise<void> {
  const { fixture, people, page: path, statuses: expected } = SERVERS[name]
  if (people === undefined) {
    const file = resolve(FIXTURES_DIR, `${fixture}.har`)
    return recordHarFile(browser, file, scenario(name, origin, pageOrigin))
  }
  const files = people.names.map((person) => resolve(FIXTURES_DIR, `${fixture}-${person}.har`))
  await recordHarFiles(browser, files, async (pages) => {
    await Promise.all(pages.map((page) => page.goto(`${origin}/${path}`)))
    const statuses = await people.story(
      Object.fromEntries(people.names.map((person, at) => [person, pages[at]]))
    )
    if (statuses !== expected) throw new Error(`${name}: saw "${statuses}", expected "${expected}"`)
  })
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2)
  const names = (Object.keys(SERVERS) as ServerName[]).filter(
    (name) => wanted.length === 0 || wanted.includes(name)
  )
  const needed = [
    { binary: CHROMIUM, packageName: "chromium" },
    ...names.flatMap((name) => SERVERS[name].debian ?? [])
  ]
  const missing = needed.filter(({ binary }) => !existsSync(binary))
  if (missing.length > 0) {
    const packages = [...new Set(missing.map(({ packageName }) => packageName))].join(" ")
    throw new Error(
      `missing ${missing.map(({ binary }) => binary).join(", ")}: run apt-get update && apt-get install -y ${packages}`
    )
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] })
  const pages = await startPageServer()
  try {
    for (const name of names) {
      const server = await startServer(name)
      try {
        await record(browser, name, server.origin, pages.origin)
      } finally {
        await server.stop()
      }
    }
  } finally {
    await pages.close()
    await browser.close()
  }
}

main().catch((error: unknown) => {
  console.error(`record-real-servers: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
