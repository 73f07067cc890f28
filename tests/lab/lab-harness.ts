/** Starts a real lab on a random port for one test file, and small request helpers over fetch. */
import { afterAll, beforeAll, beforeEach } from "vitest"

import type { RunningLab } from "../../src/lab/server"
import { startLab } from "../../src/lab/server"

export interface LabAnswer {
  readonly status: number
  readonly etag: string | null
  readonly headers: Headers
  readonly body: Record<string, unknown> | null
}

export interface LabClient {
  readonly url: () => string
  send(
    method: string,
    path: string,
    options?: { headers?: Record<string, string>; json?: unknown }
  ): Promise<LabAnswer>
}

/** One lab per test file, reset before every test. */
export function useLab(): LabClient {
  let lab: RunningLab | undefined
  beforeAll(async () => {
    lab = await startLab({ port: 0 })
  })
  afterAll(async () => {
    await lab?.close()
  })
  const url = () => {
    if (!lab) throw new Error("the lab is not running")
    return lab.url
  }
  beforeEach(async () => {
    await fetch(`${url()}/api/_reset`, { method: "POST" })
  })
  return {
    url,
    async send(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers }
      let body: string | undefined
      if (options.json !== undefined) {
        headers["Content-Type"] ??= "application/json"
        body = JSON.stringify(options.json)
      }
      const response = await fetch(`${url()}${path}`, { method, headers, body })
      const text = await response.text()
      return {
        status: response.status,
        etag: response.headers.get("ETag"),
        headers: response.headers,
        body: text === "" ? null : (JSON.parse(text) as Record<string, unknown>)
      }
    }
  }
}
