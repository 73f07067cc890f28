import { describe, expect, it } from "vitest"

import { planReplay, refusesOwnTag } from "../../../src/core/replay"
import { API, write } from "../../builders/exchange"
import { datedHistory, lineageWith } from "./replay-builders"

const NOTE = `${API}/1`
const lineage = lineageWith(NOTE, ['"n1-v1-gzip"', '"n1-v2-gzip"'])
const put = write({
  id: 7,
  ifMatch: '"n1-v2-gzip"',
  request: { "Content-Type": "application/json" },
  requestBody: { size: 12, text: '{"text":"x"}', mimeType: "application/json" }
})

describe("refusesOwnTag: after a 412, does the current tag equal the one the write sent?", () => {
  it("yes when the If-Match sent strongly matches the tag the server shows now (Apache -gzip)", () => {
    const retry = planReplay(put, lineage, { kind: "version", versionIndex: 2 })
    expect(refusesOwnTag(retry, '"n1-v2-gzip"')).toBe(true)
  })

  it("no when the server shows another tag (a real conflict), or a weak one (strong comparison)", () => {
    const stale = planReplay(put, lineage, { kind: "version", versionIndex: 1 })
    expect(refusesOwnTag(stale, '"n1-v2-gzip"')).toBe(false)
    const retry = planReplay(put, lineage, { kind: "version", versionIndex: 2 })
    expect(refusesOwnTag(retry, 'W/"n1-v2-gzip"')).toBe(false)
    expect(refusesOwnTag(retry, undefined)).toBe(false)
  })

  it("no without If-Match: nothing sent, or a date in If-Unmodified-Since", () => {
    const blind = planReplay(put, lineage, { kind: "none" })
    expect(refusesOwnTag(blind, '"n1-v2-gzip"')).toBe(false)
    const { put: datedPut, lineage: dated } = datedHistory()
    const byDate = planReplay(datedPut, dated, { kind: "version", versionIndex: 2 })
    const sent = byDate.precondition.sent
    expect(sent).toBeDefined()
    expect(refusesOwnTag(byDate, sent)).toBe(false)
  })
})
