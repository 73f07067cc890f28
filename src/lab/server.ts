/**
 * The teaching lab: a real HTTP server on 127.0.0.1 with notes under nineteen concurrency policies,
 * the two-user demo page and the scenario page. `startLab()` is what tests and `npm run lab` use.
 */
import type { IncomingMessage, OutgoingHttpHeader, OutgoingHttpHeaders } from "node:http"
import { ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

import { createAdaptorServer } from "@hono/node-server"
import { Hono } from "hono"

import { NotesStore } from "./notes-store"
import { createPageRoutes } from "./pages"
import { LAB_POLICIES } from "./policies"
import { createApiRoutes } from "./routes"

export interface LabOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number
  readonly host?: "127.0.0.1"
}

export interface RunningLab {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string
  close(): Promise<void>
}

type HeaderFields = OutgoingHttpHeaders | OutgoingHttpHeader[]

/** `fields` without Content-Type (its flat `[name, value, …]` form too). */
function withoutContentType(fields: HeaderFields | undefined): HeaderFields | undefined {
  const isContentType = (name: unknown) => String(name).toLowerCase() === "content-type"
  if (fields === undefined) return undefined
  if (!Array.isArray(fields))
    return Object.fromEntries(Object.entries(fields).filter(([name]) => !isContentType(name)))
  return fields.filter((_, at) => !isContentType(fields[at - (at % 2)]))
}

/**
 * @hono/node-server gives every answer without a Content-Type `text/plain; charset=UTF-8`, a 204 or
 * a 304 too (DELETE's answer, a CORS preflight's, a GET's If-None-Match match). Neither has content
 * (RFC 9110 §15.3.5, §15.4.5), so neither carries one here.
 */
class LabServerResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  override writeHead(statusCode: number, reason?: string | HeaderFields, fields?: HeaderFields): this {
    const noContent = statusCode === 204 || statusCode === 304
    if (noContent) this.removeHeader("Content-Type")
    const kept = (given?: HeaderFields) => (noContent ? withoutContentType(given) : given)
    return typeof reason === "string"
      ? super.writeHead(statusCode, reason, kept(fields))
      : super.writeHead(statusCode, kept(reason))
  }
}

export function createLabApp(store: NotesStore): Hono {
  const app = new Hono()
  app.route("/api", createApiRoutes(store))
  app.route("/", createPageRoutes())
  return app
}

export async function startLab({ port = 0, host = "127.0.0.1" }: LabOptions = {}): Promise<RunningLab> {
  if (host !== "127.0.0.1") throw new Error("The lab only listens on 127.0.0.1.")
  const store = new NotesStore(LAB_POLICIES.map((policy) => policy.name))
  const app = createLabApp(store)
  const server = createAdaptorServer({
    fetch: app.fetch,
    serverOptions: { ServerResponse: LabServerResponse }
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, host, () => {
      server.off("error", reject)
      resolve()
    })
  })
  const { port: boundPort } = server.address() as AddressInfo
  let closing: Promise<void> | undefined
  return {
    url: `http://${host}:${boundPort}`,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        // Keep-alive connections (browsers, fetch) would hold close() open otherwise.
        if ("closeAllConnections" in server) server.closeAllConnections()
      })
      return closing
    }
  }
}
