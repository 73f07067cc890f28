// webdav-server 2.6 (npm, "WebDAV Server"), its v2 server with an in-memory file system at /dav/,
// and the scenario page beside it on the same origin. Run by scripts/record-real-servers.ts:
//   node webdav-server-notes.mjs <port> <page>
import { readFileSync } from "node:fs"
import { createServer } from "node:http"
import { createRequire } from "node:module"
import { basename } from "node:path"

const require = createRequire(import.meta.url)
const { v2: webdav } = require("webdav-server")
const [port, page] = process.argv.slice(2)

const dav = new webdav.WebDAVServer()
dav.setFileSystemSync("/dav", new webdav.VirtualFileSystem())

createServer((request, response) => {
  if (request.url === `/${basename(page)}`) {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" })
    response.end(readFileSync(page))
    return
  }
  dav.executeRequest(request, response)
}).listen(Number(port), "127.0.0.1")
