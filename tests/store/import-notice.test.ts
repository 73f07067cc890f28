/** Bad HAR imports through the real store + real engine: each problem names the file and the entry. */
import { readFileSync } from "node:fs"

import { describe, expect, it } from "vitest"

import type { PanelSettings } from "../../src/adapters/settings-store"
import { createEngine } from "../../src/core/engine"
import { createPanelStore } from "../../src/store/create-panel-store"
import { importNotice, skippedEntryProblems } from "../../src/store/import-notice"
import { harEntry } from "../adapters/har-entry-builder"
import { panelSettings } from "../builders/panel-settings"

const settings: PanelSettings = panelSettings({ bodyTagFields: ["_etag"] })
const note = (n: number) => `http://127.0.0.1/api/notes/${n}`
const harText = (entries: unknown[]) =>
  JSON.stringify({ log: { version: "1.2", creator: { name: "test", version: "1" }, entries } })

function realStore() {
  return createPanelStore({ engine: createEngine(), settings })
}

describe("import notice", () => {
  it("names the entry position and the reason of every skipped entry", () => {
    expect(
      skippedEntryProblems([
        { skipped: { index: 40, reason: "entry has no request" } },
        { skipped: { index: 41, reason: "request has no URL" } }
      ])
    ).toEqual(["log.entries[0]: entry has no request", "log.entries[1]: request has no URL"])
  })

  it("is an error naming the file once when nothing could be loaded", () => {
    expect(importNotice("cut.har", 0, ["cut.har: invalid JSON at the end"])).toEqual({
      kind: "error",
      text: "Could not import cut.har: invalid JSON at the end"
    })
  })

  it("lists three problems and counts the rest", () => {
    const problems = ["a", "b", "c", "d", "e"].map((letter) => `log.entries[0]: ${letter}`)
    expect(importNotice("x.har", 2, problems).text).toBe(
      "Imported 2 entries from x.har · 5 problems: log.entries[0]: a; log.entries[0]: b; " +
        "log.entries[0]: c; … and 2 more"
    )
  })
})

describe("importing bad HAR files into the store", () => {
  it("loads the good entries of a HAR with one broken entry and names the broken one", () => {
    const store = realStore()
    const good = [1, 2, 3].map((n) => harEntry({ url: note(n) }))
    store.getState().importHar(harText([good[0], { request: 42 }, good[1], good[2]]), "mixed.har")
    const { notice, snapshot } = store.getState()
    expect(notice).toEqual({
      kind: "info",
      text: "Imported 3 entries from mixed.har · 1 problem: log.entries[1]: entry has no request"
    })
    expect(snapshot.exchanges.map((exchange) => exchange.url)).toEqual([note(1), note(2), note(3)])
  })

  it("keeps what was recorded before a truncated, non-HAR or binary import", () => {
    const store = realStore()
    store.getState().ingest([harEntry({ url: note(7) })], "live")
    const valid = harText([harEntry({ url: note(8) })])
    const cases: Array<[string, string, RegExp]> = [
      ["cut.har", valid.slice(0, valid.length / 2), /^Could not import cut\.har: invalid JSON .*truncated/],
      ["package.json", JSON.stringify({ name: "x" }), /^Could not import package\.json: not a HAR file/],
      [
        "logo.png",
        "\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR",
        /^Could not import logo\.png: invalid JSON/
      ]
    ]
    for (const [fileName, text, message] of cases) {
      store.getState().importHar(text, fileName)
      expect(store.getState().notice?.kind).toBe("error")
      expect(store.getState().notice?.text).toMatch(message)
      expect(store.getState().snapshot.exchanges.map((exchange) => exchange.url)).toEqual([note(7)])
    }
  })

  it("says when the capture already holds exchanges that started after an imported one: they are judged first", () => {
    const at = (second: number) => `2026-11-27T10:00:0${second}.000Z`
    const store = realStore()
    store.getState().ingest([harEntry({ url: note(1), startedDateTime: at(5) })], "live")
    const bobs = [
      harEntry({ url: note(1), startedDateTime: at(3) }),
      harEntry({ url: note(1), startedDateTime: at(7) })
    ]
    store.getState().importHars([{ fileName: "bob.har", text: harText(bobs) }])
    expect(store.getState().notice?.text).toBe(
      "Imported 2 entries from bob.har · 1 exchange captured before started later, yet is judged first " +
        "(arrival order): Merge by start time to judge the capture as one timeline"
    )
    expect(store.getState().notice?.offer).toBe("merge-by-start-time")
    // Entries that all start after what is captured, or an empty capture: nothing to say.
    store
      .getState()
      .importHars([
        { fileName: "later.har", text: harText([harEntry({ url: note(2), startedDateTime: at(9) })]) }
      ])
    expect(store.getState().notice?.text).toBe("Imported 1 entry from later.har")
    store.getState().clear()
    store.getState().importHars([{ fileName: "bob.har", text: harText(bobs) }])
    expect(store.getState().notice?.text).toBe("Imported 2 entries from bob.har")
    // A capture of another time (all of it before what is captured) does not interleave with it.
    const yesterday = [harEntry({ url: note(1), startedDateTime: "2026-11-26T10:00:00.000Z" })]
    store.getState().importHars([{ fileName: "yesterday.har", text: harText(yesterday) }])
    expect(store.getState().notice?.text).toBe("Imported 1 entry from yesterday.har")
  })

  it("Merge by start time reads the capture again as one timeline: two people's captures imported one after the other, the selection kept", async () => {
    const store = realStore()
    const fixture = (person: string) => {
      const file = `real-django-sessions-blind-${person}.har`
      return { fileName: file, text: readFileSync(`tests/fixtures/${file}`, "utf8") }
    }
    await store.getState().importHars([fixture("alice")])
    await store.getState().importHars([fixture("bob")])
    const ruleIds = () => store.getState().snapshot.findings.map((finding) => finding.ruleId)
    // Appended, Bob's read comes after Alice's save, as if he had seen it: no lost update shows.
    expect(ruleIds()).not.toContain("lost-update")
    expect(store.getState().notice?.offer).toBe("merge-by-start-time")
    // Bob's first request: appended after Alice's four, it is #5.
    const bobsFirst = store.getState().snapshot.exchanges[4]
    store.getState().selectExchange(bobsFirst?.id)
    const resourceKey = store.getState().selection.resourceKey

    await store.getState().mergeByStartTime()
    const { exchanges } = store.getState().snapshot
    // Still selected, under its new number: the same request, now in its place in time.
    const selected = exchanges.find((exchange) => exchange.id === store.getState().selection.exchangeId)
    expect([selected?.method, selected?.startedAt]).toEqual([bobsFirst?.method, bobsFirst?.startedAt])
    expect(selected?.id).not.toBe(bobsFirst?.id)
    expect(store.getState().selection.resourceKey).toBe(resourceKey)
    expect(exchanges).toHaveLength(8)
    const starts = exchanges.map((exchange) => exchange.startedAt)
    expect(starts).toEqual([...starts].sort())
    expect(exchanges.map((exchange) => exchange.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(ruleIds()).toContain("lost-update")
    expect(store.getState().notice).toEqual({
      kind: "info",
      text: "Imported 8 entries from the capture, merged by start time"
    })
  })

  it("names only the files that gave entries as the import's source; a file not read is named by its problem", () => {
    const store = realStore()
    const good = harText([harEntry({ url: note(1) })])
    store.getState().importHars([
      { fileName: "a.har", text: good },
      { fileName: "b.har", error: "the file is empty" }
    ])
    expect(store.getState().notice?.text).toBe(
      "Imported 1 entry from a.har · 1 problem: b.har: the file is empty"
    )
    store.getState().importHars([
      { fileName: "c.har", error: "the file is empty" },
      { fileName: "d.har", text: "{" }
    ])
    expect(store.getState().notice).toMatchObject({ kind: "error" })
    expect(store.getState().notice?.text).toMatch(
      /^Could not import c\.har and d\.har: c\.har: the file is empty; d\.har: /
    )
  })

  it("merges several files by start time and names a skipped entry by its file", () => {
    const store = realStore()
    const at = (second: number) => `2026-11-27T10:00:0${second}.000Z`
    const first = [
      harEntry({ url: note(1), startedDateTime: at(1) }),
      harEntry({ url: note(3), startedDateTime: at(3) })
    ]
    const second = [
      harEntry({ url: note(2), startedDateTime: at(2) }),
      { request: 42, startedDateTime: at(4) }
    ]
    store.getState().importHars([
      { fileName: "a.har", text: harText(first) },
      { fileName: "b.har", text: harText(second) },
      { fileName: "c.har", text: "{" }
    ])
    expect(store.getState().snapshot.exchanges.map((exchange) => exchange.url)).toEqual([
      note(1),
      note(2),
      note(3)
    ])
    expect(store.getState().notice?.text).toMatch(
      /^Imported 3 entries from a\.har and b\.har, merged by start time · 2 problems: c\.har: invalid JSON.*; b\.har log\.entries\[1\]: entry has no request$/
    )
  })

  it("reads an entry repeated by overlapping files once: no write follows itself as a stale write", () => {
    const store = realStore()
    const at = (second: number) => `2026-11-27T10:00:0${second}.000Z`
    const etag = (tag: string) => [{ name: "ETag", value: tag }]
    const read = harEntry({ url: note(1), startedDateTime: at(1), responseHeaders: etag('"a1"') })
    const save = (second: number, tag: string) =>
      harEntry({
        method: "PUT",
        url: note(1),
        startedDateTime: at(second),
        requestHeaders: [{ name: "If-Match", value: '"a1"' }],
        requestBody: '{"text":"b"}',
        responseHeaders: etag(tag)
      })
    // The second export of one session holds the first one's entries too.
    store.getState().importHars([
      { fileName: "part-1.har", text: harText([read, save(2, '"a2"')]) },
      { fileName: "part-2.har", text: harText([read, save(2, '"a2"'), save(3, '"a3"')]) }
    ])
    expect(store.getState().snapshot.exchanges).toHaveLength(3)
    expect(store.getState().snapshot.findings.map((finding) => finding.ruleId)).toEqual([
      "lost-update",
      "precondition-not-enforced"
    ])
    expect(store.getState().notice?.text).toContain(
      "part-2.har: 2 entries repeating entries already read (the same start, request and answer): read once"
    )
  })
})

describe("importing a HAR with its bodies in files of their own (Playwright's attach)", () => {
  /** A save whose body (with its version) Playwright kept in `<sha1>.json` beside the HAR. */
  function attachedSave() {
    const save = harEntry({ url: note(1), method: "PUT", requestBody: "{}" }) as unknown as {
      request: { postData: Record<string, unknown> }
    }
    save.request.postData = { mimeType: "application/json", _file: "75c0d1.json" }
    return save
  }

  it("reads each body from the file chosen with the HAR, which is no capture of its own", () => {
    const store = realStore()
    store.getState().importHars([
      { fileName: "run.har", text: harText([attachedSave()]) },
      { fileName: "75c0d1.json", text: '{"_etag":"a1","text":"x"}' }
    ])
    expect(store.getState().notice?.text).toBe("Imported 1 entry from run.har")
    expect(store.getState().snapshot.exchanges[0]?.requestBody?.text).toBe('{"_etag":"a1","text":"x"}')
  })

  it("says which bodies it could not read when their files were not chosen", () => {
    const store = realStore()
    store.getState().importHars([{ fileName: "run.har", text: harText([attachedSave()]) }])
    expect(store.getState().notice?.text).toBe(
      "Imported 1 entry from run.har · 1 problem: 1 body in files of their own (Playwright's " +
        "attach) not read: import the HAR together with the files beside it"
    )
  })
})
