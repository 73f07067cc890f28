// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import { NOTE, laxScenario, renderPanel } from "./panel-harness"
import { harEntry } from "../adapters/har-entry-builder"

afterEach(cleanup)

function eventRows(): HTMLElement[] {
  fireEvent.click(screen.getByTestId("tab-resources"))
  fireEvent.click(screen.getByTestId("resource-row"))
  const lineage = within(screen.getByTestId("resources-view")).getByTestId("lineage")
  return within(lineage).getAllByTestId("lineage-event")
}

describe("LineageTimeline rows", () => {
  it("shows the version a read saw, and the version each accepted write made", () => {
    renderPanel(laxScenario())
    const versions = eventRows().map((row) => within(row).getByTestId("event-version"))
    expect(versions.map((cell) => cell.textContent)).toEqual(["v1", "v2", "v3", "v4"])
    expect(versions[0].getAttribute("title")).toBe("this read saw v1")
    expect(versions[1].getAttribute("title")).toBe("this write made v2")
  })

  it("a version's tag opens Traffic filtered by it: who received it and who sent it back", () => {
    renderPanel(laxScenario())
    eventRows()
    const [v1] = within(screen.getByTestId("resources-view")).getAllByTestId("version-tag")
    expect(v1.textContent).toBe('"v1"')
    fireEvent.click(v1)
    expect((screen.getByTestId("filter") as HTMLInputElement).value).toBe('tag:"v1"')
    const ids = screen.getAllByTestId("traffic-row").map((row) => row.getAttribute("data-exchange-id"))
    expect(ids).toEqual(["1", "2", "4"]) // the read that saw v1, and the two writes that sent it
  })

  it("warns on the accepted write that carried no precondition, and only there", () => {
    renderPanel(laxScenario())
    const warnings = eventRows().map((row) => row.querySelector(".verdict.warning")?.textContent ?? "")
    expect(warnings).toEqual(["", "", "⚠ no precondition", ""])
  })

  it("does not warn on a JSON Patch that tests every member it changes, and says what guarded it", () => {
    const at = (second: number) => `2026-11-25T12:00:0${second}.000Z`
    const patchType = { name: "Content-Type", value: "application/json-patch+json" }
    const tested = [
      { op: "test", path: "/text", value: "a" },
      { op: "replace", path: "/text", value: "b" }
    ]
    const patch = (second: number, operations: unknown[]) =>
      harEntry({
        url: NOTE,
        method: "PATCH",
        startedDateTime: at(second),
        requestHeaders: [patchType],
        requestBody: JSON.stringify(operations),
        responseHeaders: [{ name: "ETag", value: `"t${second}"` }]
      })
    renderPanel([
      harEntry({ url: NOTE, startedDateTime: at(1), responseHeaders: [{ name: "ETag", value: '"a"' }] }),
      patch(2, tested),
      patch(3, [...tested, { op: "remove", path: "/title" }])
    ])
    const rows = eventRows()
    expect(rows.map((row) => row.querySelector(".precondition")?.textContent)).toEqual([
      "",
      "(no version; JSON Patch tests what it changes)",
      "(no precondition)"
    ])
    expect(rows.map((row) => row.querySelector(".verdict.warning")?.textContent ?? "")).toEqual([
      "",
      "",
      "⚠ no precondition"
    ])
    // Traffic's Version cells: amber for the unguarded write only.
    fireEvent.click(screen.getByTestId("tab-traffic"))
    const cells = screen.getAllByTestId("version-cell").map((cell) => cell.className.split(" ").pop())
    expect(cells).toEqual(["read", "write", "unguarded"])
  })

  it("gives every row the same six cells in the same order, so the shared grid lines them up", () => {
    renderPanel(laxScenario())
    for (const row of eventRows()) {
      const cells = [...row.children].map((cell) => cell.className.split(" ")[0])
      expect(cells).toEqual([
        "version-label",
        "link-button",
        "method",
        "precondition",
        "arrow",
        "event-detail"
      ])
    }
  })
})

describe("LineageTimeline of an item a list read showed", () => {
  it("says GET (list) on the list read's row", () => {
    const list = "http://127.0.0.1:8787/api/eve/notes"
    renderPanel([
      harEntry({ url: list, text: '{"_items":[{"id":1,"_etag":"e1"}]}' }),
      harEntry({
        url: `${list}/1`,
        startedDateTime: "2026-11-25T12:00:01.000Z",
        text: '{"id":1,"_etag":"e1"}'
      })
    ])
    fireEvent.click(screen.getByTestId("tab-resources"))
    const item = screen.getAllByTestId("resource-row").find((row) => row.textContent?.includes("/notes/1"))
    fireEvent.click(item as HTMLElement)
    const lineage = within(screen.getByTestId("resources-view")).getByTestId("lineage")
    const methods = within(lineage)
      .getAllByTestId("lineage-event")
      .map((row) => row.querySelector(".method")?.textContent)
    expect(methods).toEqual(["GET (list)", "GET"])
  })
})

describe("LineageTimeline versions", () => {
  it("names the other tags a version was served under (two nodes tagging the same content)", () => {
    const at = (second: number) => `2026-11-25T12:00:0${second}.000Z`
    const farmRead = (second: number, tag: string) =>
      harEntry({
        url: NOTE,
        startedDateTime: at(second),
        responseHeaders: [
          { name: "Content-Type", value: "application/json" },
          { name: "ETag", value: tag }
        ],
        text: '{"text":"same"}'
      })
    renderPanel([farmRead(1, '"n1:web1"'), farmRead(2, '"n1:web2"')])
    fireEvent.click(screen.getByTestId("tab-resources"))
    fireEvent.click(screen.getByTestId("resource-row"))
    const versions = within(screen.getByTestId("resources-view")).getAllByTestId("version")
    expect(versions).toHaveLength(1)
    expect(versions[0].textContent).toContain('"n1:web1"')
    expect(versions[0].querySelector(".also")?.textContent?.trim()).toBe('also "n1:web2"')
    expect(versions[0].textContent).toContain('also "n1:web2" from #1')
  })

  it("says which representation another tag of a version names (the JSON-LD of a Turtle document)", () => {
    const read = (second: number, type: string) =>
      harEntry({
        url: NOTE,
        startedDateTime: `2026-11-25T12:00:0${second}.000Z`,
        mimeType: type,
        responseHeaders: [
          { name: "Content-Type", value: type },
          { name: "Vary", value: "Accept" },
          { name: "ETag", value: `"1-${type}"` }
        ],
        text: `${type} body`
      })
    renderPanel([read(1, "text/turtle"), read(2, "application/ld+json")])
    fireEvent.click(screen.getByTestId("tab-resources"))
    fireEvent.click(screen.getByTestId("resource-row"))
    const [version, ...others] = within(screen.getByTestId("resources-view")).getAllByTestId("version")
    expect(others).toEqual([])
    expect(within(version).getByTestId("also-tag").textContent).toBe(
      '"1-application/ld+json" (application/ld+json)'
    )
  })

  it("calls a 412 to a tag that was current 'refused a current tag', and to another one 'conflict detected'", () => {
    const at = (second: number) => `2026-11-25T12:00:0${second}.000Z`
    const json = { name: "Content-Type", value: "application/json" }
    const put = (second: number, ifMatch: string, status: number) =>
      harEntry({
        url: NOTE,
        method: "PUT",
        status,
        startedDateTime: at(second),
        requestHeaders: [json, { name: "If-Match", value: ifMatch }],
        requestBody: '{"text":"x"}',
        responseHeaders: [json]
      })
    renderPanel([
      harEntry({
        url: NOTE,
        startedDateTime: at(1),
        responseHeaders: [json, { name: "ETag", value: '"a"' }]
      }),
      put(2, '"a"', 412),
      put(3, '"old"', 412)
    ])
    const outcomes = eventRows().map((row) => row.querySelector(".arrow")?.textContent ?? "")
    expect(outcomes).toEqual(["→ 200", "→ 412 refused a current tag", "→ 412 conflict detected"])
  })

  it("calls a 412 to a tag current when sent, beaten by the next accepted write naming it, a lost race", () => {
    const at = (second: number) => `2026-11-25T12:00:0${second}.000Z`
    const json = { name: "Content-Type", value: "application/json" }
    const put = (second: number, status: number, etag?: string) =>
      harEntry({
        url: NOTE,
        method: "PUT",
        status,
        startedDateTime: at(second),
        requestHeaders: [json, { name: "If-Match", value: '"a"' }],
        requestBody: '{"text":"x"}',
        responseHeaders: etag === undefined ? [json] : [json, { name: "ETag", value: etag }]
      })
    renderPanel([
      harEntry({
        url: NOTE,
        startedDateTime: at(1),
        responseHeaders: [json, { name: "ETag", value: '"a"' }]
      }),
      put(2, 412),
      put(3, 200, '"b"')
    ])
    const outcomes = eventRows().map((row) => row.querySelector(".arrow")?.textContent ?? "")
    expect(outcomes).toEqual(["→ 200", "→ 412 conflict detected (lost a race to #3)", "→ 200"])
  })
})

describe("LineageTimeline of a deleted resource", () => {
  it("says a DELETE answered 202 is accepted, not yet enacted", () => {
    renderPanel([
      harEntry({ url: NOTE, startedDateTime: "2026-11-25T12:00:01.000Z", text: '{"text":"a"}' }),
      harEntry({
        url: NOTE,
        method: "DELETE",
        status: 202,
        startedDateTime: "2026-11-25T12:00:02.000Z",
        requestHeaders: [{ name: "If-Match", value: '"v1"' }],
        responseHeaders: []
      })
    ])
    fireEvent.click(screen.getByTestId("tab-resources"))
    fireEvent.click(screen.getByTestId("resource-row"))
    const lineage = within(screen.getByTestId("resources-view")).getByTestId("lineage")
    expect(within(lineage).getByTestId("resource-gone").textContent).toBe(
      " (delete accepted by #2, not yet enacted)"
    )
  })
})

describe("LineageTimeline of a resource two users touched", () => {
  const note = "http://127.0.0.1:8787/api/strict/notes/1"
  const as = (user: string) => [{ name: "Authorization", value: `Bearer token-of-${user}` }]
  const tagged = (tag: string) => [
    { name: "content-type", value: "application/json" },
    { name: "ETag", value: tag }
  ]
  const at = (second: number) => `2026-11-25T12:00:0${second}.000Z`
  const readBy = (user: string, tag: string, second: number) =>
    harEntry({
      url: note,
      requestHeaders: as(user),
      responseHeaders: tagged(tag),
      startedDateTime: at(second)
    })

  it("names who sent each read and write, and who made and saw each version", () => {
    renderPanel([
      readBy("alice", '"v1"', 1),
      readBy("bob", '"v1"', 2),
      harEntry({
        url: note,
        method: "PUT",
        requestHeaders: [...as("alice"), { name: "If-Match", value: '"v1"' }],
        responseHeaders: tagged('"v2"'),
        startedDateTime: at(3)
      }),
      harEntry({ url: note, method: "PUT", requestHeaders: as("bob"), startedDateTime: at(4) })
    ])
    const users = eventRows().map((row) => within(row).queryByTestId("event-user")?.textContent)
    expect(users).toEqual(["user A", "user B", "user A", "user B"])
    const versions = within(screen.getByTestId("resources-view")).getAllByTestId("version")
    expect(
      within(versions[0])
        .getAllByTestId("event-user")
        .map((chip) => chip.textContent)
    ).toEqual([
      "user A", // made v1 (its first read)
      "user A", // saw it
      "user B"
    ])
    expect(screen.getByTestId("resources-view").textContent).not.toContain("token-of")
  })

  it("a user opens Traffic filtered by them: everything that user sent", () => {
    renderPanel([
      readBy("alice", '"v1"', 1),
      readBy("bob", '"v1"', 2),
      harEntry({ url: note, method: "PUT", requestHeaders: as("bob"), startedDateTime: at(3) })
    ])
    const [, bob] = eventRows().map((row) => within(row).getByTestId("event-user"))
    fireEvent.click(bob)
    expect((screen.getByTestId("filter") as HTMLInputElement).value).toBe("user:userb")
    const ids = screen.getAllByTestId("traffic-row").map((row) => row.getAttribute("data-exchange-id"))
    expect(ids).toEqual(["2", "3"])
  })

  it("names nobody when one user made every request", () => {
    renderPanel([
      readBy("alice", '"v1"', 1),
      harEntry({ url: note, method: "PUT", requestHeaders: as("alice"), startedDateTime: at(2) })
    ])
    expect(eventRows().map((row) => within(row).queryByTestId("event-user"))).toEqual([null, null])
  })
  it("another user's tag of a version (Vary: Authorization) is named by that user's chip", () => {
    const varied = (tag: string) => [...tagged(tag), { name: "Vary", value: "Authorization" }]
    const body = '{"text":"a"}'
    renderPanel([
      harEntry({
        url: note,
        requestHeaders: as("alice"),
        responseHeaders: varied('"1-a"'),
        text: body
      }),
      harEntry({ url: note, requestHeaders: as("bob"), responseHeaders: varied('"1-b"'), text: body })
    ])
    expect(eventRows()).toHaveLength(2)
    const [version] = within(screen.getByTestId("resources-view")).getAllByTestId("version")
    expect(version.querySelector(".also")?.textContent).toBe('also "1-b" (for user B) ')
    expect(screen.getByTestId("resources-view").textContent).not.toContain("another user")
  })
})
