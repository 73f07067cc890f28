import { describe, expect, it, vi } from "vitest"

import { createInspectedPage } from "../../src/adapters/inspected-page"

describe("inspected page", () => {
  it("reads the page URL from eval's [result, exception] answer", async () => {
    const page = createInspectedPage({
      tabId: 3,
      reload: vi.fn(),
      eval: async () => ["http://127.0.0.1/a", undefined]
    })
    expect(await page.currentUrl()).toBe("http://127.0.0.1/a")
  })

  it("reads the bare result the polyfill gives in Chrome", async () => {
    const page = createInspectedPage({ tabId: 3, reload: vi.fn(), eval: async () => "http://127.0.0.1/b" })
    expect(await page.currentUrl()).toBe("http://127.0.0.1/b")
  })

  it("answers undefined when eval fails or returns something else", async () => {
    const failing = createInspectedPage({
      tabId: 3,
      reload: vi.fn(),
      eval: () => Promise.reject(new Error("no page"))
    })
    expect(await failing.currentUrl()).toBeUndefined()
    const odd = createInspectedPage({
      tabId: 3,
      reload: vi.fn(),
      eval: async () => [undefined, { isException: true }]
    })
    expect(await odd.currentUrl()).toBeUndefined()
  })

  it("reloads the inspected page", () => {
    const reload = vi.fn()
    createInspectedPage({ tabId: 3, reload, eval: async () => [] }).reload()
    expect(reload).toHaveBeenCalledWith({})
  })
})
