// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import { createMemoryReplayer } from "../../../src/adapters/memory-replayer"
import type { ReplayResponse } from "../../../src/core/replay"
import { createReplaySlot } from "../../../src/ui/replay/ConnectedReplayView"
import { harEntry } from "../../adapters/har-entry-builder"
import { BOOK, patchedTo, readThenPatch } from "../../builders/odata-batch"
import { laxScenario, NOTE, renderPanel } from "../panel-harness"

afterEach(cleanup)

describe("the Replay tab wired into the panel", () => {
  it("replays the selected PUT through the injected replayer and the store records it in the lineage", async () => {
    const replayer = createMemoryReplayer(() => ({
      status: 200,
      statusText: "OK",
      headers: [{ name: "ETag", value: '"v5"' }],
      bodyText: '{"text":"a"}'
    }))
    const ReplayView = createReplaySlot({ send: replayer.send, now: () => Date.UTC(2026, 10, 25, 12, 0, 9) })
    const { store } = renderPanel(laxScenario(), { ReplayView })
    act(() => store.getState().selectExchange(2))
    fireEvent.click(screen.getByTestId("detail-tab-replay"))
    expect(screen.getByTestId("replay-summary").textContent).toBe(
      'PUT /api/lax/notes/1 with If-Match v1 "v1" (stale: current is v4)'
    )
    fireEvent.click(screen.getByTestId("replay-send"))
    await act(async () => fireEvent.click(screen.getByTestId("replay-confirm")))
    await waitFor(() => expect(screen.getByTestId("replay-verdict").dataset.verdict).toBe("lost-update"))
    expect(replayer.sent).toHaveLength(1)

    const { exchanges, resources } = store.getState().snapshot
    const replayed = exchanges.at(-1)
    expect(replayed).toMatchObject({
      origin: "replay",
      replay: { of: 2, choice: "v1", verdict: "lost-update" }
    })
    const lineage = resources.find((resource) => resource.key === NOTE)
    expect(lineage?.events.at(-1)).toMatchObject({ exchangeId: replayed?.id, role: "replay" })
    expect(lineage?.versions.at(-1)?.tag.tag.raw).toBe('"v5"')
  })

  it("replays a PATCH sent inside an OData batch on its own, with the batch's CSRF token and the chosen tag", async () => {
    const replayer = createMemoryReplayer(() => ({
      status: 412,
      statusText: "Precondition Failed",
      headers: [],
      bodyText: ""
    }))
    const ReplayView = createReplaySlot({ send: replayer.send, now: () => Date.UTC(2026, 10, 26, 9, 0, 9) })
    const { store } = renderPanel(
      [
        readThenPatch('W/"20241126090000"', patchedTo('W/"20241126093000"')),
        readThenPatch('W/"20241126090000"', patchedTo('W/"20241126094500"'))
      ],
      { ReplayView }
    )
    act(() => store.getState().selectExchange(6)) // the second batch's PATCH, based on v1 (lost update)
    fireEvent.click(screen.getByTestId("detail-tab-replay"))
    expect(screen.getByTestId("replay-summary").textContent).toMatch(
      /^PATCH .*Books\(201\) with If-Match v1 /
    )
    fireEvent.click(screen.getByTestId("replay-send"))
    await act(async () => fireEvent.click(screen.getByTestId("replay-confirm")))
    await waitFor(() =>
      expect(screen.getByTestId("replay-verdict").dataset.verdict).toBe("conflict-detected")
    )
    const [sent] = replayer.sent
    expect(sent.method).toBe("PATCH")
    expect(sent.url).toBe(BOOK)
    expect(sent.headers).toEqual(
      expect.arrayContaining([
        { name: "X-CSRF-Token", value: "tok3n" },
        { name: "If-Match", value: 'W/"20241126090000"' }
      ])
    )
  })

  it("a replay answered after the capture was cleared is not recorded into the new capture under another exchange's number", async () => {
    let answer: () => void = () => undefined
    const send = () =>
      new Promise<ReplayResponse>(
        (resolve) =>
          (answer = () =>
            resolve({ status: 412, statusText: "Precondition Failed", headers: [], bodyText: "" }))
      )
    const ReplayView = createReplaySlot({ send, now: () => Date.UTC(2026, 10, 25, 12, 0, 9) })
    const { store } = renderPanel(laxScenario(), { ReplayView })
    act(() => store.getState().selectExchange(2))
    fireEvent.click(screen.getByTestId("detail-tab-replay"))
    fireEvent.click(screen.getByTestId("replay-send"))
    await act(async () => fireEvent.click(screen.getByTestId("replay-confirm")))
    // Cleared (or a navigation without Preserve log) while the page waits for the answer; the new
    // capture numbers its own exchanges from #1 again.
    act(() => {
      store.getState().clear()
      store.getState().ingest(laxScenario(), "live")
    })
    await act(async () => answer())
    expect(store.getState().snapshot.exchanges.map((exchange) => exchange.origin)).toEqual([
      "live",
      "live",
      "live",
      "live"
    ])
  })

  it("explains that reads are not replayed", () => {
    const ReplayView = createReplaySlot({
      send: createMemoryReplayer(() => ({ error: "unused" })).send,
      now: Date.now
    })
    const { store } = renderPanel(laxScenario(), { ReplayView })
    act(() => store.getState().selectExchange(1))
    fireEvent.click(screen.getByTestId("detail-tab-replay"))
    expect(screen.getByText(/Replay is for writes: GET/)).toBeDefined()
  })

  it("explains that a call to an RPC endpoint (a GraphQL mutation) has nothing to replay with a tag", () => {
    const ReplayView = createReplaySlot({
      send: createMemoryReplayer(() => ({ error: "unused" })).send,
      now: Date.now
    })
    const mutation = harEntry({
      method: "POST",
      url: "http://127.0.0.1:8787/graphql",
      requestHeaders: [{ name: "Content-Type", value: "application/json" }],
      requestBody: '{"query":"mutation { save(id: 1, text: \\"b\\") { id } }"}'
    })
    const { store } = renderPanel([...laxScenario(), mutation], { ReplayView })
    act(() => store.getState().selectExchange(5))
    fireEvent.click(screen.getByTestId("detail-tab-replay"))
    expect(
      screen.getByText(/Replay is for writes to a resource: this call goes to an RPC endpoint/)
    ).toBeDefined()
    expect(screen.queryByTestId("replay-send")).toBeNull()
  })

  it("Check #n… in the protection answer opens the write's Replay tab on Check protection's confirmation; nothing is sent before it", async () => {
    // A strict server: the current tag is accepted (v3), the same tag once older refused, none refused.
    let current = '"v2"'
    const replayer = createMemoryReplayer((plan) => {
      const ifMatch = plan.headers.find((header) => header.name === "If-Match")?.value
      if (ifMatch === undefined)
        return { status: 428, statusText: "Precondition Required", headers: [], bodyText: "" }
      if (ifMatch !== current)
        return { status: 412, statusText: "Precondition Failed", headers: [], bodyText: "" }
      current = '"v3"'
      return {
        status: 200,
        statusText: "OK",
        headers: [{ name: "ETag", value: current }],
        bodyText: '{"text":"y"}'
      }
    })
    const ReplayView = createReplaySlot({ send: replayer.send, now: () => Date.UTC(2026, 10, 25, 12, 0, 9) })
    const url = "http://127.0.0.1:8787/api/strict/notes/1"
    const json = [{ name: "Content-Type", value: "application/json" }]
    // Read v1, save with it (v2), a save without If-Match refused with 428: no stale write seen yet.
    const { store } = renderPanel(
      [
        harEntry({
          url,
          startedDateTime: "2026-11-25T12:00:01.000Z",
          responseHeaders: [...json, { name: "ETag", value: '"v1"' }]
        }),
        harEntry({
          url,
          method: "PUT",
          startedDateTime: "2026-11-25T12:00:02.000Z",
          requestHeaders: [...json, { name: "If-Match", value: '"v1"' }],
          requestBody: '{"text":"x"}',
          responseHeaders: [...json, { name: "ETag", value: '"v2"' }]
        }),
        harEntry({
          url,
          method: "PUT",
          status: 428,
          startedDateTime: "2026-11-25T12:00:03.000Z",
          requestHeaders: json,
          requestBody: '{"text":"y"}'
        })
      ],
      { ReplayView }
    )
    fireEvent.click(screen.getByTestId("tab-findings"))
    const check = screen.getByTestId("replay-to-find-out")
    expect(check.textContent).toBe("Check #3…")
    fireEvent.click(check)
    expect(store.getState().detailTab).toBe("replay")
    expect(screen.getByTestId("replay-confirm-dialog").textContent).toContain("3 real PUTs")
    expect(store.getState().replayIntent).toBeUndefined()
    expect(replayer.sent).toHaveLength(0)
    await act(async () => fireEvent.click(screen.getByTestId("replay-confirm")))
    await waitFor(() => expect(screen.getByTestId("probe-verdict").dataset.level).toBe("protected"))
    expect(replayer.sent).toHaveLength(3)
    // The replays taught the Servers view what the capture had not shown.
    expect(screen.getByTestId("protection-summary").textContent).toMatch(/✔ /)
  })
})
