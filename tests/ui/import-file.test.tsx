// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react"
import { readFileSync } from "node:fs"
import { deflateSync, gzipSync } from "node:zlib"
import { afterEach, describe, expect, it, vi } from "vitest"

import { createEngine } from "../../src/core/engine"
import type { Scheduler } from "../../src/store/batched-run"
import { createPanelStore } from "../../src/store/create-panel-store"
import { PanelApp } from "../../src/ui/PanelApp"
import { laxScenario, renderPanel, settings } from "./panel-harness"

afterEach(cleanup)

type ChosenFile = { name: string; size: number; text(): Promise<string> }

function chooseFile(...files: ChosenFile[]) {
  const input = screen.getByTestId("import-file")
  Object.defineProperty(input, "files", { value: files, configurable: true })
  fireEvent.change(input)
}

/** A recorded fixture as the file a user chooses. */
function fixtureFile(name: string): ChosenFile {
  const text = readFileSync(`tests/fixtures/${name}`, "utf8")
  return { name, size: text.length, text: () => Promise.resolve(text) }
}

const harText = () =>
  JSON.stringify({ log: { version: "1.2", creator: { name: "t", version: "1" }, entries: laxScenario() } })

describe("Import (HAR) in the panel", () => {
  it("says so when the browser cannot read the file", async () => {
    renderPanel()
    const error = Object.assign(new Error("The file could not be read"), { name: "NotReadableError" })
    chooseFile({ name: "gone.har", size: 100, text: () => Promise.reject(error) })
    await waitFor(() =>
      expect(screen.getByTestId("notice").textContent).toContain(
        "Could not read gone.har: the browser could not read it (NotReadableError: The file could not be read)"
      )
    )
    expect(screen.getByTestId("notice").getAttribute("role")).toBe("alert")
  })

  it("refuses a file larger than a string can hold, without reading it", async () => {
    renderPanel()
    const text = vi.fn(() => Promise.resolve(""))
    chooseFile({ name: "huge.har", size: 600 * 1024 * 1024, text })
    await waitFor(() =>
      expect(screen.getByTestId("notice").textContent).toMatch(/huge\.har.*600 MiB.*512 MiB/)
    )
    expect(text).not.toHaveBeenCalled()
  })

  it("unpacks a gzip-compressed (.har.gz) or zlib-compressed (mitmproxy's .zhar) capture, and names a zip", async () => {
    const { store } = renderPanel()
    // Node's File, as the browser's: bytes, slice() and stream().
    const packed = (name: string, bytes: Uint8Array) => new File([Uint8Array.from(bytes)], name)
    chooseFile(packed("lax.har.gz", gzipSync(harText())))
    await waitFor(() =>
      expect(screen.getByTestId("notice").textContent).toBe("Imported 4 entries from lax.har.gz✕")
    )
    act(() => store.getState().clear())
    chooseFile(packed("flows.zhar", deflateSync(harText())))
    await waitFor(() =>
      expect(screen.getByTestId("notice").textContent).toBe("Imported 4 entries from flows.zhar✕")
    )
    expect(store.getState().snapshot.exchanges).toHaveLength(4)
    chooseFile(packed("trace.zip", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0])))
    await waitFor(() =>
      expect(screen.getByTestId("notice").textContent).toContain(
        "Could not read trace.zip: it is a zip archive, not a HAR: unzip it and import the .har inside"
      )
    )
    // A truncated gzip says what it looked like.
    chooseFile(packed("cut.har.gz", gzipSync(harText()).subarray(0, 40)))
    await waitFor(() =>
      expect(screen.getByTestId("notice").textContent).toContain(
        "Could not read cut.har.gz: it looks gzip-compressed but could not be unpacked"
      )
    )
  })

  it("imports a readable file", async () => {
    const { store } = renderPanel()
    chooseFile({ name: "lax.har", size: 100, text: () => Promise.resolve(harText()) })
    await waitFor(() =>
      expect(screen.getByTestId("notice").textContent).toBe("Imported 4 entries from lax.har✕")
    )
    expect(store.getState().snapshot.exchanges).toHaveLength(4)
  })

  it("imports a HAR file dropped on the panel, with an overlay while it is dragged over", async () => {
    const { store } = renderPanel()
    expect(screen.getByTestId("traffic-table").textContent).toContain("(Import, or drop it here)")
    const panel = screen.getByTestId("panel")
    const file = { name: "dropped.har", size: 100, text: () => Promise.resolve(harText()) }
    const files = { dataTransfer: { types: ["Files"], files: [file], dropEffect: "none" } }
    fireEvent.dragEnter(panel, files)
    fireEvent.dragEnter(screen.getByTestId("filter"), files) // crossing a child
    fireEvent.dragLeave(screen.getByTestId("filter"), files)
    expect(screen.getByTestId("drop-overlay").textContent).toBe("Drop HAR files to import them")
    fireEvent.dragOver(panel, files)
    fireEvent.drop(panel, files)
    expect(screen.queryByTestId("drop-overlay")).toBeNull()
    await waitFor(() =>
      expect(screen.getByTestId("notice").textContent).toBe("Imported 4 entries from dropped.har✕")
    )
    expect(store.getState().snapshot.exchanges).toHaveLength(4)
  })

  it("imports several files as one timeline by start time: two people's browsers (real Django captures)", async () => {
    const { store } = renderPanel()
    chooseFile(fixtureFile("real-django-sessions-alice.har"), fixtureFile("real-django-sessions-bob.har"))
    await waitFor(() =>
      expect(screen.getByTestId("notice").textContent).toBe(
        "Imported 9 entries from real-django-sessions-alice.har and real-django-sessions-bob.har, merged by start time✕"
      )
    )
    // Alice's and Bob's requests interleaved as they were sent: login, login, read, read, save, save, save.
    const { exchanges, findings } = store.getState().snapshot
    const story = exchanges.filter((exchange) => exchange.kind === "api")
    expect(story.map((exchange) => `${exchange.method} ${exchange.status}`)).toEqual([
      "POST 204",
      "POST 204",
      "GET 200",
      "GET 200",
      "PUT 200",
      "PUT 412",
      "PUT 200"
    ])
    // Told apart by their session cookies: Alice's blind save is not Bob overriding his refusal.
    expect(findings.map((finding) => finding.ruleId)).not.toContain("conflict-overridden")
    expect(findings.map((finding) => finding.ruleId)).toContain("missing-if-match")
  })

  it("imports several dropped files; one that cannot be read is a problem of the import", async () => {
    const { store } = renderPanel()
    const panel = screen.getByTestId("panel")
    const unreadable = { name: "gone.har", size: 10, text: () => Promise.reject(new Error("gone")) }
    const files = [fixtureFile("real-django-sessions-bob.har"), unreadable]
    const drag = { dataTransfer: { types: ["Files"], files, dropEffect: "none" } }
    fireEvent.dragEnter(panel, drag)
    fireEvent.drop(panel, drag)
    await waitFor(() =>
      expect(screen.getByTestId("notice").textContent).toMatch(
        /^Imported 4 entries from real-django-sessions-bob\.har · 1 problem: gone\.har: the browser could not read it \(Error: gone\)/
      )
    )
    expect(store.getState().snapshot.exchanges).toHaveLength(4)
  })

  it("leaves other drags alone: dragged text neither shows the overlay nor imports", () => {
    const { store } = renderPanel()
    const panel = screen.getByTestId("panel")
    const text = { dataTransfer: { types: ["text/plain"], files: [] } }
    fireEvent.dragEnter(panel, text)
    expect(screen.queryByTestId("drop-overlay")).toBeNull()
    fireEvent.drop(panel, text)
    expect(store.getState().snapshot.exchanges).toHaveLength(0)
    // A drag that leaves the panel takes the overlay with it.
    const files = { dataTransfer: { types: ["Files"], files: [] } }
    fireEvent.dragEnter(panel, files)
    expect(screen.getByTestId("drop-overlay")).toBeDefined()
    fireEvent.dragLeave(panel, files)
    expect(screen.queryByTestId("drop-overlay")).toBeNull()
  })

  it("shows the progress of a batched import with a Cancel that stops it", async () => {
    const queue: (() => void)[] = []
    const schedule: Scheduler = (task) => void queue.push(task)
    const store = createPanelStore({ engine: createEngine(), settings, schedule, importBatchSize: 1 })
    render(<PanelApp store={store} capabilities={{ rules: new Map() }} theme="light" />)
    chooseFile({ name: "big.har", size: 100, text: () => Promise.resolve(harText()) })
    await waitFor(() =>
      expect(screen.getByTestId("notice").textContent).toContain("Importing 1 / 4 entries from big.har…")
    )
    act(() => queue.shift()?.())
    expect(screen.getByTestId("notice").textContent).toContain("Importing 2 / 4")
    fireEvent.click(screen.getByTestId("cancel-import"))
    act(() => queue.shift()?.())
    expect(screen.getByTestId("notice").textContent).toContain(
      "Import of big.har cancelled: 2 of 4 entries imported"
    )
    expect(screen.queryByTestId("cancel-import")).toBeNull()
    expect(store.getState().snapshot.exchanges).toHaveLength(2)
  })
})
