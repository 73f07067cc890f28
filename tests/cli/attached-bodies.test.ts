import { mkdtemp, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { inlineAttachedBodies } from "../../src/cli/attached-bodies"
import { harEntry, harLog } from "../builders/har"
import { bundleCli, removeBundle, runJson } from "./run-cli"

beforeAll(bundleCli)
afterAll(removeBundle)

const url = "http://127.0.0.1:5984/notes/n1"
const readBody = '{"_id":"n1","_rev":"1-a","text":"first"}'
const writeBody = '{"_id":"n1","_rev":"1-a","text":"second"}'
const writeAnswer = '{"ok":true,"id":"n1","rev":"2-b"}'

/**
 * A CouchDB-style read and save (the version in the body's `_rev`, no ETag) as Playwright's
 * recordHar writes it with `content: "attach"`: each body in a file named in `_file`.
 */
function attachedCapture(): { har: string; files: Record<string, string> } {
  const read = harEntry({ url, responseBody: readBody }, "playwright")
  const write = harEntry(
    { method: "PUT", url, status: 201, requestBody: writeBody, responseBody: writeAnswer },
    "playwright"
  )
  ;(read.response as { content: unknown }).content = {
    size: readBody.length,
    mimeType: "application/json",
    _file: "0a1b.json"
  }
  ;(write.request as { postData: unknown }).postData = {
    mimeType: "application/json",
    text: "",
    params: [],
    _file: "2c3d.json"
  }
  ;(write.response as { content: unknown }).content = {
    size: writeAnswer.length,
    mimeType: "application/json",
    _file: "4e5f.json"
  }
  write.startedDateTime = "2024-05-01T10:11:13.000Z"
  const files = { "0a1b.json": readBody, "2c3d.json": writeBody, "4e5f.json": writeAnswer }
  return { har: JSON.stringify(harLog([read, write], { name: "Playwright", version: "1.45.0" })), files }
}

async function folderWith(files: Record<string, string>): Promise<string> {
  const folder = await mkdtemp(`${tmpdir()}/etag-audit-attach-`)
  for (const [name, text] of Object.entries(files)) await writeFile(`${folder}/${name}`, text)
  return folder
}

describe("inlineAttachedBodies", () => {
  it("reads a body named by _file from the folder, as an embedded base64 body", async () => {
    const folder = await folderWith({ "2c3d.json": writeBody })
    const entry = { request: { postData: { mimeType: "application/json", text: "", _file: "2c3d.json" } } }
    expect(inlineAttachedBodies(entry, folder, 1024)).toBe(0)
    expect(entry.request.postData).toMatchObject({
      text: Buffer.from(writeBody).toString("base64"),
      encoding: "base64",
      size: writeBody.length
    })
  })

  it("reads no path out of the folder, nor without a folder; counts those bodies as not read", async () => {
    const folder = await folderWith({})
    const escaping = {
      response: { content: { size: 9, mimeType: "application/json", _file: "../secret.json" } }
    }
    expect(inlineAttachedBodies(escaping, folder, 1024)).toBe(1)
    expect(escaping.response.content).not.toHaveProperty("text")
    const missing = { response: { content: { size: 9, mimeType: "application/json", _file: "gone.json" } } }
    expect(inlineAttachedBodies(missing, folder, 1024)).toBe(1)
    expect(inlineAttachedBodies(missing, undefined, 1024)).toBe(1)
  })

  it("leaves binary and empty bodies, and gives a body over the limit its size only", async () => {
    const folder = await folderWith({ "big.json": "x".repeat(50), "a.png": "png" })
    const image = { response: { content: { size: 3, mimeType: "image/png", _file: "a.png" } } }
    expect(inlineAttachedBodies(image, folder, 1024)).toBe(0)
    expect(image.response.content).not.toHaveProperty("text")
    const empty = { response: { content: { size: 0, mimeType: "application/json", _file: "none.json" } } }
    expect(inlineAttachedBodies(empty, folder, 1024)).toBe(0)
    const big = { request: { postData: { mimeType: "application/json", _file: "big.json" } } }
    expect(inlineAttachedBodies(big, folder, 10)).toBe(0)
    expect(big.request.postData).toEqual({ mimeType: "application/json", _file: "big.json", size: 50 })
  })
})

describe("etag-audit on a capture whose bodies are in files of their own", () => {
  it("reads them beside the HAR: the save's _rev is its version, no false missing-if-match", async () => {
    const { har, files } = attachedCapture()
    const folder = await folderWith({ ...files, "capture.har": har })
    const { report } = runJson([`${folder}/capture.har`])
    expect(report.findings.map((finding) => finding.ruleId)).toEqual([])
    expect(report.problems).toEqual([])
  })

  it("says which bodies it could not read (standard input has no folder)", () => {
    const { har } = attachedCapture()
    const { report } = runJson(["-"], { input: har })
    expect(report.problems).toEqual([
      {
        file: "<stdin>",
        message:
          "3 bodies kept in files of their own (Playwright's content: \"attach\") not read: standard input has no folder to find them in: give the HAR's path instead; a version such a body holds is not seen",
        fatal: false
      }
    ])
  })
})
