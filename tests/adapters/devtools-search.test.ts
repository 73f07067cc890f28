import { describe, expect, it, vi } from "vitest"

import { relayPanelSearch, watchPanelSearch, type SearchablePanel } from "../../src/adapters/devtools-search"

const ORIGIN = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"

function fakePanel(withSearch = true) {
  let shown: ((panelWindow: Window) => void) | undefined
  let search: ((action: string, query?: string) => void) | undefined
  const panel: SearchablePanel = {
    onShown: { addListener: (listener) => void (shown = listener) },
    ...(withSearch ? { onSearch: { addListener: (listener) => void (search = listener) } } : {})
  }
  return {
    panel,
    show: (panelWindow: Window) => shown?.(panelWindow),
    search: (a: string, q?: string) => search?.(a, q)
  }
}

describe("DevTools' search bar relayed to the panel (Chrome)", () => {
  it("posts each search to the shown panel's window, and an empty one when the search is cancelled", () => {
    const fake = fakePanel()
    expect(relayPanelSearch(fake.panel, ORIGIN)).toBe(true)
    const postMessage = vi.fn()
    fake.search("performSearch", "early") // before the panel was shown: nowhere to post, no error
    fake.show({ postMessage } as unknown as Window)
    fake.search("performSearch", "notes/1")
    fake.search("nextSearchResult")
    fake.search("cancelSearch")
    expect(postMessage.mock.calls).toEqual([
      [{ etagLensSearch: "notes/1" }, ORIGIN],
      [{ etagLensSearch: "" }, ORIGIN]
    ])
  })

  it("Firefox's panels have no onSearch: nothing is relayed", () => {
    expect(relayPanelSearch(fakePanel(false).panel, ORIGIN)).toBe(false)
  })

  it("the panel takes queries from its own extension's origin only", () => {
    const target = new EventTarget()
    const onQuery = vi.fn()
    const stop = watchPanelSearch(target as unknown as Window, ORIGIN, onQuery)
    const post = (data: unknown, origin = ORIGIN) =>
      target.dispatchEvent(new MessageEvent("message", { data, origin }))
    post({ etagLensSearch: "lost" })
    post({ etagLensSearch: "evil" }, "https://example.test")
    post({ something: "else" })
    post("etagLensSearch")
    stop()
    post({ etagLensSearch: "after stop" })
    expect(onQuery.mock.calls).toEqual([["lost"]])
  })
})
