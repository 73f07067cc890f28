import { describe, expect, it } from "vitest"
import { createProgress } from "../../src/cli/progress"

function fakeTerminal(): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = []
  const stream = { write: (text: string) => written.push(text) > 0 } as unknown as NodeJS.WriteStream
  return { stream, written }
}

describe("progress line", () => {
  it("writes a percentage only when it changes, then clears the line", () => {
    const { stream, written } = fakeTerminal()
    const progress = createProgress(stream, true)
    progress.update("reading", 0, 200)
    progress.update("reading", 1, 200)
    progress.update("reading", 100, 200)
    progress.update("reading", 250, 200)
    progress.finish()
    expect(written).toEqual([
      "\retag-audit: reading 0%\u001b[K",
      "\retag-audit: reading 50%\u001b[K",
      "\retag-audit: reading 100%\u001b[K",
      "\r\u001b[K"
    ])
  })

  it("writes nothing when disabled (stderr not a terminal, or --quiet)", () => {
    const { stream, written } = fakeTerminal()
    const progress = createProgress(stream, false)
    progress.update("reading", 1, 2)
    progress.finish()
    expect(written).toEqual([])
  })
})
