import { describe, expect, it } from "vitest"

import { useLab } from "./lab-harness"

const CRLF = "\r\n"

/** A batch as a UI5 app writes it: a GET, then a PUT in a change set with `ifMatch` (none when null). */
function readThenPut(ifMatch: string | null, text: string): string {
  return [
    "--batch_1",
    "Content-Type: application/http",
    "Content-Transfer-Encoding: binary",
    "",
    "GET notes/1 HTTP/1.1",
    "Accept: application/json",
    "",
    "",
    "--batch_1",
    "Content-Type: multipart/mixed; boundary=changeset_1",
    "",
    "--changeset_1",
    "Content-Type: application/http",
    "Content-ID: 1",
    "",
    "PUT notes/1 HTTP/1.1",
    "Content-Type: application/json",
    ...(ifMatch === null ? [] : [`If-Match: ${ifMatch}`]),
    "",
    JSON.stringify({ text }),
    "--changeset_1--",
    "--batch_1--",
    ""
  ].join(CRLF)
}

/** Each `HTTP/1.1 <status>` line of a multipart answer, with the ETag that follows it, in order. */
function answers(body: string): { status: number; etag?: string }[] {
  const found: { status: number; etag?: string }[] = []
  for (const line of body.split(CRLF)) {
    const status = /^HTTP\/1\.1 (\d{3})/.exec(line)
    if (status) found.push({ status: Number(status[1]) })
    const etag = /^etag: (.*)$/i.exec(line)
    if (etag && found.length > 0) found[found.length - 1].etag = etag[1]
  }
  return found
}

describe("the lab's OData $batch", () => {
  const lab = useLab()

  async function batch(policy: string, body: string) {
    const response = await fetch(`${lab.url()}/api/${policy}/$batch`, {
      method: "POST",
      headers: { "Content-Type": "multipart/mixed; boundary=batch_1" },
      body
    })
    return { response, text: await response.text() }
  }

  it("runs each operation through the policy: lax accepts a stale If-Match inside a batch", async () => {
    const { etag } = await lab.send("GET", "/api/lax/notes/1")
    const first = await batch("lax", readThenPut(etag, "alice"))
    expect(first.response.status).toBe(200)
    expect(first.response.headers.get("Content-Type")).toMatch(/^multipart\/mixed; boundary=batchresponse_/)
    expect(answers(first.text)).toEqual([
      { status: 200, etag },
      { status: 200, etag: expect.stringMatching(/^"n1-v2-/) }
    ])
    // Bob's batch is based on the first version too: the lax server takes it.
    const second = await batch("lax", readThenPut(etag, "bob"))
    expect(answers(second.text).map((answer) => answer.status)).toEqual([200, 200])
    expect((await lab.send("GET", "/api/lax/notes/1")).body?.text).toBe("bob")
  })

  it("strict refuses the stale change set with one 412, and a change set without If-Match with 428", async () => {
    const { etag } = await lab.send("GET", "/api/strict/notes/1")
    await batch("strict", readThenPut(etag, "alice"))
    const stale = await batch("strict", readThenPut(etag, "bob"))
    expect(answers(stale.text).map((answer) => answer.status)).toEqual([200, 412])
    expect(stale.text).not.toContain("changesetresponse_") // refused as a whole: one answer
    const untagged = await batch("strict", readThenPut(null, "carol"))
    expect(answers(untagged.text).map((answer) => answer.status)).toEqual([200, 428])
    expect((await lab.send("GET", "/api/strict/notes/1")).body?.text).toBe("alice")
  })

  it("refuses, each in its own part, an operation aimed outside the batch's policy: another policy's notes, _reset, another host", async () => {
    const { etag } = await lab.send("GET", "/api/lax/notes/1")
    const outside = [
      "DELETE ../lax/notes/1",
      "DELETE %2e%2e/lax/notes/1",
      "PUT /api/lax/notes/1",
      `PUT ${lab.url()}/api/lax/notes/1`,
      "POST ../_reset",
      "GET http://example.com/api/strict/notes/1"
    ]
    const parts = outside.flatMap((operation) => [
      "--batch_1",
      "Content-Type: application/http",
      "",
      `${operation} HTTP/1.1`,
      "Content-Type: application/json",
      "",
      JSON.stringify({ text: "from a strict batch" })
    ])
    await lab.send("PUT", "/api/strict/notes/1", {
      json: { text: "strict's own" },
      headers: { "If-Match": "*" }
    })
    const { response, text } = await batch("strict", [...parts, "--batch_1--", ""].join(CRLF))
    expect(response.status).toBe(200)
    expect(answers(text).map((answer) => answer.status)).toEqual(outside.map(() => 400))
    expect(text).toContain(
      "A batch to /api/strict/$batch works on /api/strict/ only, not on /api/lax/notes/1."
    )
    expect(text).toContain("not on http://example.com/api/strict/notes/1.")
    // Nothing outside strict changed, and _reset did not undo strict's own write.
    expect(await lab.send("GET", "/api/lax/notes/1")).toMatchObject({ status: 200, etag })
    expect((await lab.send("GET", "/api/strict/notes/1")).body?.text).toBe("strict's own")
    // In a change set, such an operation is the refused one: the change set stops there.
    const changeSet = readThenPut(null, "unused").replace("PUT notes/1", "PUT ../lax/notes/1")
    expect(answers((await batch("strict", changeSet)).text).map((answer) => answer.status)).toEqual([
      200, 400
    ])
    // The batch's own policy, named in full, is still its service.
    const own = readThenPut(null, "x").replace("PUT notes/1", "DELETE /api/strict/notes/1")
    expect(answers((await batch("strict", own)).text).map((answer) => answer.status)).toEqual([200, 428])
  })

  it("runs an operation without credentials of its own as the batch's user, and keeps its Vary: Authorization", async () => {
    const asUser = async (user: string) => {
      const response = await fetch(`${lab.url()}/api/per-user/$batch`, {
        method: "POST",
        headers: { "Content-Type": "multipart/mixed; boundary=batch_1", Authorization: `Bearer ${user}` },
        body: readThenPut(null, "x")
      })
      return response.text()
    }
    const alice = await asUser("alice")
    const bob = await asUser("bob")
    const readTag = (text: string) => answers(text)[0].etag
    // per-user tags each user's representation: the two users' reads differ.
    expect(readTag(alice)).toBeDefined()
    expect(readTag(alice)).not.toBe(readTag(bob))
    const varyLines = alice.split(CRLF).filter((line) => /^vary:/i.test(line))
    expect(varyLines.length).toBeGreaterThan(0)
    for (const line of varyLines) {
      expect(line).toMatch(/authorization/i)
      expect(line).not.toMatch(/origin/i)
    }
    // What the middleware adds to an answer stays in its part: the farm's serving node too.
    const { text: farm } = await batch("farm", readThenPut(null, "x"))
    expect(farm).toMatch(/^x-served-by: /im)
  })

  it("refuses, in its own part, an operation that is itself a $batch", async () => {
    const nested = [
      "--batch_1",
      "Content-Type: application/http",
      "",
      "POST $batch HTTP/1.1",
      "Content-Type: multipart/mixed; boundary=batch_2",
      "",
      "--batch_2--",
      "--batch_1--",
      ""
    ].join(CRLF)
    const { response, text } = await batch("strict", nested)
    expect(response.status).toBe(200)
    expect(answers(text).map((answer) => answer.status)).toEqual([400])
    expect(text).toContain("cannot be another $batch")
  })

  it("answers 400 to a body that is not a batch, and 404 to other names", async () => {
    expect((await batch("lax", "no parts here")).response.status).toBe(400)
    const other = await fetch(`${lab.url()}/api/lax/batch`, { method: "POST", body: "x" })
    expect(other.status).toBe(404)
  })

  it("answers 400, not a bare 500, to an operation with a header or a target that cannot be read", async () => {
    const withOperation = (lines: string[]) =>
      ["--batch_1", "Content-Type: application/http", "", ...lines, "", "", "--batch_1--", ""].join(CRLF)
    for (const operation of [["GET notes/1 HTTP/1.1", "Bad Header: x"], ["GET http://[bad/ HTTP/1.1"]]) {
      const { response, text } = await batch("strict", withOperation(operation))
      expect(response.status, operation.join(" | ")).toBe(400)
      expect(JSON.parse(text)).toMatchObject({ error: { code: "400" } })
    }
    expect((await batch("strict", withOperation(["GET notes/1 HTTP/1.1"]))).response.status).toBe(200)
  })
})
