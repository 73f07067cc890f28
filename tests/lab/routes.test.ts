import { request as httpRequest } from "node:http"

import { describe, expect, it } from "vitest"

import { useLab } from "./lab-harness"

interface RawAnswer {
  readonly status: number
  readonly contentType: string | undefined
  readonly text: string
}

/**
 * Sends `chunk` as the start of a request body and never finishes it: the answer must come from
 * what the lab saw so far, as a server that refuses a body too large does without reading it all.
 */
function sendUnfinished(url: string, method: string, headers: Record<string, string>, chunk: string) {
  return new Promise<RawAnswer>((resolve, reject) => {
    const outgoing = httpRequest(url, { method, headers }, (response) => {
      let text = ""
      response.setEncoding("utf8")
      response.on("data", (data: string) => (text += data))
      response.on("end", () => {
        outgoing.destroy()
        resolve({ status: response.statusCode ?? 0, contentType: response.headers["content-type"], text })
      })
    })
    outgoing.on("error", reject)
    outgoing.write(chunk)
  })
}

describe("lab routes: request bodies", () => {
  const lab = useLab()

  it("refuses a body that says it is too large with 413 before reading it", async () => {
    const answer = await sendUnfinished(
      `${lab.url()}/api/strict/notes/1`,
      "PUT",
      { "Content-Type": "application/json", "Content-Length": String(1_000_000_000), "If-Match": "*" },
      '{"text": "'
    )
    expect(answer.status).toBe(413)
    expect(answer.contentType).toBe("application/problem+json")
    expect(JSON.parse(answer.text)).toMatchObject({ status: 413, title: "Content Too Large" })
  })

  it("stops reading a chunked body once it is too large: 413, the note unchanged", async () => {
    for (const path of ["/api/lax/notes/1", "/api/lax/notes", "/api/lax/$batch"]) {
      const answer = await sendUnfinished(
        `${lab.url()}${path}`,
        path.endsWith("/notes/1") ? "PUT" : "POST",
        { "Content-Type": "application/json" },
        `{"text": "${"x".repeat(2_000_000)}`
      )
      expect(answer.status, path).toBe(413)
      expect(answer.contentType, path).toBe("application/problem+json")
    }
    expect((await lab.send("GET", "/api/lax/notes/1")).headers.get("X-Lab-Version")).toBe("1")
  })
})

describe("lab routes: problem details", () => {
  const lab = useLab()

  it("titles each problem by its status phrase, as RFC 9457 §4.2.1 asks of about:blank", async () => {
    const patch = (value: unknown[]) =>
      lab.send("PATCH", "/api/lax/notes/1", {
        headers: { "Content-Type": "application/json-patch+json" },
        json: value
      })
    const conflict = await patch([{ op: "test", path: "/text", value: "not the text" }])
    expect(conflict.status).toBe(409)
    expect(conflict.body).toMatchObject({ type: "about:blank", title: "Conflict", status: 409 })
    const unprocessable = await patch([{ op: "remove", path: "/text" }])
    expect(unprocessable.status).toBe(422)
    expect(unprocessable.body).toMatchObject({ title: "Unprocessable Content", status: 422 })
  })
})
