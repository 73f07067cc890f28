// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import { harEntry } from "../adapters/har-entry-builder"
import { renderPanel } from "./panel-harness"

afterEach(cleanup)

const NOTE = "http://127.0.0.1:8787/api/strict/notes/1"
const version = (method: string, tag: string, text: string, ifMatch?: string) =>
  harEntry({
    method,
    url: NOTE,
    requestHeaders: ifMatch === undefined ? [] : [{ name: "If-Match", value: ifMatch }],
    requestBody: method === "GET" ? undefined : text,
    responseHeaders: [
      { name: "content-type", value: "application/json" },
      { name: "ETag", value: tag }
    ],
    text
  })

describe("Diff tab", () => {
  it("diffs the two latest versions once a second version arrives while it is open", () => {
    const { store } = renderPanel([version("GET", '"v1"', '{"text":"a"}')])
    act(() => store.getState().selectResource(NOTE))
    fireEvent.click(screen.getByTestId("detail-tab-diff"))
    expect(screen.getByTestId("detail-pane").textContent).toContain("A diff needs two versions")
    act(() => store.getState().ingest([version("PUT", '"v2"', '{"text":"b"}', '"v1"')], "live"))
    const diff = screen.getByTestId("diff-view")
    const lines = (diff.querySelector("pre")?.textContent ?? "").split("\n").filter(Boolean)
    expect(lines).toEqual(["  {", '-   "text": "a"', '+   "text": "b"', "  }"])
  })

  it("keeps the versions the user chose when more arrive", () => {
    const { store } = renderPanel([
      version("GET", '"v1"', '{"text":"a"}'),
      version("PUT", '"v2"', '{"text":"b"}', '"v1"')
    ])
    act(() => store.getState().selectResource(NOTE))
    fireEvent.click(screen.getByTestId("detail-tab-diff"))
    const [from] = screen.getByTestId("diff-view").querySelectorAll("select")
    fireEvent.change(from, { target: { value: "2" } })
    act(() => store.getState().ingest([version("PUT", '"v3"', '{"text":"c"}', '"v2"')], "live"))
    const [fromAfter, toAfter] = screen.getByTestId("diff-view").querySelectorAll("select")
    expect([fromAfter.value, toAfter.value]).toEqual(["2", "2"])
  })
})
