// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import { createMemoryReplayer } from "../../../src/adapters/memory-replayer"
import { createReplaySlot } from "../../../src/ui/replay/ConnectedReplayView"
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
})
