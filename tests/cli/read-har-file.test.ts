import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import {
  readAllHarEntries,
  readHarEntries,
  type InputProblem,
  type ReadHarOptions
} from "../../src/cli/read-har-file"
import { fixture } from "./run-cli"

async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size)
}

/** Every entry and problem of standard input holding `bytes`, read as etag-audit reads it. */
async function readInput(
  bytes: Buffer,
  options: Partial<ReadHarOptions>
): Promise<{ entries: unknown[]; problems: InputProblem[]; bytesRead: number }> {
  const problems: InputProblem[] = []
  let bytesRead = 0
  const all: ReadHarOptions = {
    stream: false,
    input: chunksOf(bytes, 7),
    onProblem: (problem) => problems.push(problem),
    onBytesRead: (count) => (bytesRead = count),
    ...options
  }
  const entries: unknown[] = []
  if (all.stream) for await (const entry of readHarEntries("<stdin>", all)) entries.push(entry)
  else entries.push(...(await readAllHarEntries("<stdin>", all)))
  return { entries, problems, bytesRead }
}

describe("reading standard input", () => {
  const har = readFileSync(fixture("lost-update.har"))

  it("gives a file's entries, named <stdin>, whether it fits under the whole-file limit or not", async () => {
    const fromFile = await readAllHarEntries(fixture("lost-update.har"), {
      stream: false,
      onProblem: () => {}
    })
    const expected = fromFile.map((entry) => ({ ...entry, file: "<stdin>" }))
    expect(expected).toHaveLength(4)
    for (const wholeFileLimitBytes of [1, 100, har.length - 1, har.length, har.length + 1])
      for (const stream of [false, true]) {
        const read = await readInput(har, { stream, wholeFileLimitBytes })
        expect(read).toEqual({ entries: expected, problems: [], bytesRead: har.length })
      }
  })

  it("is parsed whole below the limit and streamed on from what was buffered above it", async () => {
    // JSON.parse fails on the broken entry: the whole path says so and reads entry by entry; the
    // streaming path reads entry by entry anyway.
    const broken = Buffer.from(
      '{"log":{"entries":[{"startedDateTime":"2026-01-01T00:00:00Z"}, {"x": tru}, {"startedDateTime":"2026-01-01T00:00:01Z"}]}}'
    )
    const whole = await readInput(broken, { wholeFileLimitBytes: broken.length + 1 })
    const streamed = await readInput(broken, { wholeFileLimitBytes: 30 })
    expect(whole.entries).toHaveLength(2)
    expect(streamed.entries).toEqual(whole.entries)
    const note = expect.objectContaining({
      message: expect.stringMatching(/^JSON syntax error .*one by one$/)
    })
    expect(whole.problems).toContainEqual(note)
    expect(streamed.problems).not.toContainEqual(note)
    expect(streamed.problems).toEqual([
      expect.objectContaining({
        file: "<stdin>",
        entryIndex: 1,
        message: expect.stringContaining("not valid JSON")
      })
    ])
  })
})
