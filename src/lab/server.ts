/**
 * The teaching lab: a real HTTP server on 127.0.0.1 with notes under nineteen concurrency policies,
 * the two-user demo page and the scenario page. `startLab()` is what tests and `npm run lab` use.
 */
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
  const server = createAdaptorServer({ fetch: app.fetch })
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
