// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"

import type { Exchange } from "../../../src/core/model"
import { ReplayRefusedError, type ReplayPlan, type ReplayResponse } from "../../../src/core/replay"
import type { ReplayCapabilities } from "../../../src/ui/replay/replay-capabilities"
import { ReplayView } from "../../../src/ui/replay/ReplayView"
import { API, exchange, write } from "../../builders/exchange"
import { DATE_V1, datedHistory, eventOf, lineageWith } from "../../core/replay/replay-builders"

afterEach(cleanup)

const resource = lineageWith(`${API}/1`, ['"n1-v1"', '"n1-v2"', '"n1-v3"'])
const put = write({
  id: 5,
  ifMatch: '"n1-v3"',
  request: { "Content-Type": "application/json", Cookie: "sid=secret", Authorization: "Bearer tok" },
  requestBody: { size: 16, text: '{"text":"mine"}' }
})
const baseRead = exchange({ id: 1, responseBody: { size: 16, text: '{"text":"base"}' } })

function harness(answers: ReplayResponse[], pageUrl?: string) {
  const sent: { plan: ReplayPlan; confirmed: boolean }[] = []
  const recorded: NonNullable<Exchange["replay"]>[] = []
  const copied: string[] = []
  const capabilities: ReplayCapabilities = {
    send: async (plan, permission) => {
      sent.push({ plan, confirmed: permission.confirmed })
      return answers.shift() ?? { error: "no scripted answer" }
    },
    record: (_entry, replay) => (recorded.push(replay), 40 + recorded.length),
    now: () => 0,
    copyText: (text) => void copied.push(text),
    pageUrl
  }
  const versions = resource.versions.map((v) => (v.index === 1 ? { ...v, seenBy: [1] } : v))
  render(
    <ReplayView
      exchange={put}
      resource={{ ...resource, versions }}
      exchanges={[baseRead, put]}
      capabilities={capabilities}
    />
  )
  return { sent, recorded, copied }
}

const answer = (status: number, bodyText = "", etag?: string): ReplayResponse => ({
  status,
  statusText: "",
  headers: etag ? [{ name: "ETag", value: etag }] : [],
  bodyText
})

/** The elements scrolled into view, in order (happy-dom lays nothing out: the calls are watched). */
const scrolled: Element[] = []
Element.prototype.scrollIntoView = function (this: Element) {
  scrolled.push(this)
}
afterEach(() => void scrolled.splice(0))
const scrolledTo = (element: Element) => scrolled.includes(element)

/** The resource's precondition-blocked-by-cors finding: its preflight refused If-Match. */
const corsRefusal = {
  ruleId: "precondition-blocked-by-cors",
  severity: "warning" as const,
  message: "#3 preflight for a PUT … refused",
  resourceKey: resource.key,
  exchangeIds: [3, 4],
  corsRefusedHeaders: ["If-Match"]
}

function renderWithCorsRefusal(answers: ReplayResponse[]) {
  const capabilities: ReplayCapabilities = {
    send: async () => answers.shift() ?? { error: "no scripted answer" },
    record: () => undefined,
    now: () => 0,
    copyText: () => undefined
  }
  render(
    <ReplayView
      exchange={put}
      resource={resource}
      exchanges={[baseRead, put]}
      capabilities={capabilities}
      corsRefusal={corsRefusal}
    />
  )
}

describe("ReplayView", () => {
  it("warns before sending a plan whose If-Match the API's CORS preflight refuses, and only then", () => {
    renderWithCorsRefusal([])
    expect(screen.getByTestId("replay-cors-warning").textContent).toBe(
      "The browser will refuse to send this PUT: the API's CORS preflight does not allow If-Match " +
        "(precondition-blocked-by-cors: #3, #4). Its answer would be a network error, not the server's. " +
        "Replaying with no precondition still reaches the server."
    )
    fireEvent.click(screen.getByDisplayValue("none"))
    expect(screen.queryByTestId("replay-cors-warning")).toBeNull()
  })

  it("after a replay the browser refused (a preflight refusing If-Match), says the server never saw it", async () => {
    renderWithCorsRefusal([{ error: "TypeError: Failed to fetch" }, answer(428)])
    fireEvent.click(screen.getByTestId("replay-send"))
    await act(async () => fireEvent.click(screen.getByTestId("replay-confirm")))
    await waitFor(() =>
      expect(screen.getByTestId("replay-cors-refused").textContent).toBe(
        'The browser refused to send PUT /api/strict/notes/1 with If-Match v1 "n1-v1" (stale: current is v3): ' +
          "the API's CORS preflight does not allow If-Match (precondition-blocked-by-cors: #3, #4). The server never saw it."
      )
    )
    // A replay without If-Match reaches the server: its answer is the server's, and the note goes.
    fireEvent.click(screen.getByDisplayValue("none"))
    fireEvent.click(screen.getByTestId("replay-send"))
    await act(async () => fireEvent.click(screen.getByTestId("replay-confirm")))
    await waitFor(() => expect(screen.getByTestId("replay-verdict").textContent).toContain("428"))
    expect(screen.queryByTestId("replay-cors-refused")).toBeNull()
  })

  it("previews the stale replay by default, with the headers the browser sets itself", () => {
    harness([])
    expect(screen.getByTestId("replay-summary").textContent).toBe(
      'PUT /api/strict/notes/1 with If-Match v1 "n1-v1" (stale: current is v3)'
    )
    expect(screen.getByTestId("replay-omitted").textContent).toContain("Cookie")
    expect(screen.getByTestId("replay-omitted").textContent).toContain("the browser sets this itself")
    expect(screen.getByTestId("replay-marker").textContent).toContain("random id")
  })

  it("says the marker header is not added when the API is on another origin than the page", () => {
    harness([], "http://localhost:3000/app")
    expect(screen.getByTestId("replay-marker").textContent).toMatch(/not added: the API is cross-origin/)
    cleanup()
    harness([], `${new URL(API).origin}/scenario.html`)
    expect(screen.getByTestId("replay-marker").textContent).toContain("random id")
  })

  it("sends nothing until the user confirms in the dialog naming method and URL", async () => {
    const { sent, recorded } = harness([answer(412)])
    fireEvent.click(screen.getByTestId("replay-send"))
    const dialog = screen.getByTestId("replay-confirm-dialog")
    expect(dialog.textContent).toContain("PUT")
    expect(dialog.textContent).toContain(`${API}/1`)
    expect(dialog.textContent).toContain("a replayed DELETE deletes")
    expect(sent).toEqual([])

    fireEvent.click(screen.getByTestId("replay-cancel"))
    expect(screen.queryByTestId("replay-confirm-dialog")).toBeNull()
    expect(sent).toEqual([])

    fireEvent.click(screen.getByTestId("replay-send"))
    await act(async () => fireEvent.click(screen.getByTestId("replay-confirm")))
    await waitFor(() =>
      expect(screen.getByTestId("replay-verdict").dataset.verdict).toBe("conflict-detected")
    )
    expect(sent).toHaveLength(1)
    expect(sent[0].confirmed).toBe(true)
    expect(sent[0].plan.headers).toContainEqual({ name: "If-Match", value: '"n1-v1"' })
    expect(recorded).toEqual([{ of: 5, choice: "v1", verdict: "conflict-detected" }])
    expect(screen.getByTestId("replay-verdict").textContent).toContain("✔ Conflict detected")
    expect(screen.getByTestId("replay-verdict").textContent).toContain("replay #41")
  })

  it("shows a lost update plainly, scrolled into view once (the form above it is taller than the pane)", async () => {
    harness([answer(204), answer(412)])
    fireEvent.click(screen.getByTestId("replay-send"))
    await act(async () => fireEvent.click(screen.getByTestId("replay-confirm")))
    await waitFor(() => expect(screen.getByTestId("replay-verdict").textContent).toContain("✖ LOST UPDATE"))
    expect(scrolled).toEqual([screen.getByTestId("replay-verdict")])
    // Editing the form re-renders the verdict: the scroll position is the user's again.
    fireEvent.change(screen.getByTestId("replay-body"), { target: { value: '{"text":"edited"}' } })
    expect(scrolled).toHaveLength(1)
    // The next answer is brought into view again.
    fireEvent.click(screen.getByTestId("replay-send"))
    await act(async () => fireEvent.click(screen.getByTestId("replay-confirm")))
    await waitFor(() =>
      expect(screen.getByTestId("replay-verdict").dataset.verdict).toBe("conflict-detected")
    )
    expect(scrolled).toHaveLength(2)
  })

  it("sends the chosen precondition and the edited body", async () => {
    const { sent } = harness([answer(428)])
    fireEvent.click(screen.getByLabelText(/no precondition/))
    fireEvent.change(screen.getByTestId("replay-body"), { target: { value: '{"text":"edited"}' } })
    fireEvent.click(screen.getByTestId("replay-send"))
    await act(async () => fireEvent.click(screen.getByTestId("replay-confirm")))
    await waitFor(() =>
      expect(screen.getByTestId("replay-verdict").dataset.verdict).toBe("precondition-required")
    )
    expect(sent[0].plan.headers.some((h) => h.name === "If-Match")).toBe(false)
    expect(sent[0].plan.body).toBe('{"text":"edited"}')
  })

  it("calls a 412 to If-Match: * a resource gone, not a conflict, and offers no fix to retry", async () => {
    harness([answer(412)])
    fireEvent.click(screen.getByDisplayValue("star"))
    fireEvent.click(screen.getByTestId("replay-send"))
    await act(async () => fireEvent.click(screen.getByTestId("replay-confirm")))
    await waitFor(() => expect(screen.getByTestId("replay-verdict").dataset.verdict).toBe("resource-gone"))
    expect(screen.getByTestId("replay-verdict").textContent).toMatch(/∅ Resource gone.*nothing exists/)
    expect(screen.queryByTestId("replay-show-fix")).toBeNull()
  })

  it("calls a 412 to a write sent without a precondition no tag check, and still offers the fix", async () => {
    const { recorded } = harness([answer(412)])
    fireEvent.click(screen.getByLabelText(/no precondition/))
    fireEvent.click(screen.getByTestId("replay-send"))
    await act(async () => fireEvent.click(screen.getByTestId("replay-confirm")))
    await waitFor(() => expect(screen.getByTestId("replay-verdict").dataset.verdict).toBe("inconclusive"))
    expect(screen.getByTestId("replay-verdict").textContent).toMatch(
      /\? Could not tell.*412.*although no precondition was sent, so it is not a tag check/
    )
    expect(recorded).toEqual([{ of: 5, choice: "none", verdict: "inconclusive" }])
    expect(screen.getByTestId("replay-show-fix")).toBeTruthy()
  })

  it("after a conflict, shows the fix: three-way view and a confirmed retry with the current tag", async () => {
    const { sent, recorded } = harness([
      answer(412),
      answer(200, '{"text":"theirs"}', '"n1-v4"'),
      answer(204)
    ])
    fireEvent.click(screen.getByTestId("replay-send"))
    await act(async () => fireEvent.click(screen.getByTestId("replay-confirm")))
    await act(async () => fireEvent.click(await screen.findByTestId("replay-show-fix")))
    await screen.findByTestId("replay-threeway")
    expect(sent[1].plan.method).toBe("GET")
    expect(screen.getByTestId("threeway-base").textContent).toContain('"base"')
    expect(screen.getByTestId("threeway-current").textContent).toContain('"theirs"')
    expect(screen.getByTestId("threeway-mine").textContent).toContain('"mine"')

    fireEvent.click(screen.getByTestId("replay-retry"))
    expect(sent).toHaveLength(2)
    await act(async () => fireEvent.click(screen.getByTestId("replay-confirm")))
    await waitFor(() => expect(sent).toHaveLength(3))
    expect(sent[2].plan.headers).toContainEqual({ name: "If-Match", value: '"n1-v4"' })
    expect(recorded.map((r) => r.choice)).toEqual(["v1", "refresh", 'custom "n1-v4"'])
  })

  it("races two writers after one confirmation and shows the pair's verdict", async () => {
    const { sent } = harness([answer(200), answer(200)])
    fireEvent.click(screen.getByTestId("replay-race"))
    expect(screen.getByTestId("replay-confirm-dialog").textContent).toContain("2 real PUTs")
    await act(async () => fireEvent.click(screen.getByTestId("replay-confirm")))
    await waitFor(() => expect(screen.getByTestId("race-verdict").dataset.verdict).toBe("lost-update"))
    expect(scrolledTo(screen.getByTestId("race-verdict"))).toBe(true)
    expect(sent.map((s) => s.plan.headers.find((h) => h.name === "If-Match")?.value)).toEqual([
      '"n1-v3"',
      '"n1-v3"'
    ])
  })

  it("checks protection after one confirmation: the current tag, the same tag once older, then none, answered in the Servers view's words", async () => {
    const { sent, recorded } = harness([answer(200, "", '"n1-v4"'), answer(412), answer(200)])
    fireEvent.click(screen.getByTestId("replay-probe"))
    expect(screen.getByTestId("replay-confirm-dialog").textContent).toContain("3 real PUTs")
    expect(screen.getByTestId("replay-confirm-dialog").textContent).toContain(
      "a GET reads the current version"
    )
    expect(sent).toHaveLength(0)
    await act(async () => fireEvent.click(screen.getByTestId("replay-confirm")))
    await waitFor(() => expect(screen.getByTestId("probe-verdict").dataset.level).toBe("partial"))
    expect(scrolledTo(screen.getByTestId("probe-verdict"))).toBe(true)
    expect(screen.getByTestId("probe-verdict").textContent).toMatch(/^◐ Partly: it refused the older tag/)
    expect(screen.getAllByTestId("probe-step").map((step) => step.textContent)).toEqual([
      expect.stringMatching(/If-Match v3 .* → 200 ✔ Accepted \(new version\) \(#41\)$/),
      expect.stringMatching(
        /If-Match v3 .* \(current until #41 changed it\) → 412 ✔ Protected: the second writer was refused \(#42\)$/
      ),
      expect.stringMatching(/ → 200 ✖ LOST UPDATE \(#43\)$/)
    ])
    expect(sent.map((s) => s.plan.headers.find((h) => h.name === "If-Match")?.value)).toEqual([
      '"n1-v3"',
      '"n1-v3"',
      undefined
    ])
    expect(recorded.map((r) => r.choice)).toEqual(["race 1 (v3)", "race 2 (v3)", "none"])
  })

  it("copies as curl with secrets redacted unless asked", () => {
    const { copied } = harness([])
    fireEvent.click(screen.getByTestId("copy-curl"))
    expect(copied[0]).toContain("curl")
    expect(copied[0]).toContain('If-Match: "n1-v1"')
    expect(copied[0]).not.toContain("secret")
    expect(copied[0]).not.toContain("Bearer tok")
    fireEvent.click(screen.getByLabelText(/include secrets/))
    fireEvent.click(screen.getByTestId("copy-fetch"))
    expect(copied[1]).toContain("Bearer tok")
    expect(screen.getByTestId("replay-snippet").textContent).toContain("await fetch(")
  })

  it("drops the shown snippet once the plan or the secrets choice changes: it showed what is no longer copied", () => {
    harness([])
    fireEvent.click(screen.getByLabelText(/include secrets/))
    fireEvent.click(screen.getByTestId("copy-curl"))
    expect(screen.getByTestId("replay-snippet").textContent).toContain("Bearer tok")
    fireEvent.click(screen.getByLabelText(/include secrets/))
    expect(screen.queryByTestId("replay-snippet")).toBeNull()
    fireEvent.click(screen.getByTestId("copy-curl"))
    expect(screen.getByTestId("replay-snippet").textContent).toContain('If-Match: "n1-v1"')
    fireEvent.click(screen.getByDisplayValue("none"))
    expect(screen.queryByTestId("replay-snippet")).toBeNull()
  })

  it("shows a failed replay as 'could not tell'", async () => {
    harness([{ error: "TypeError: Failed to fetch" }])
    fireEvent.click(screen.getByTestId("replay-send"))
    await act(async () => fireEvent.click(screen.getByTestId("replay-confirm")))
    await waitFor(() => expect(screen.getByTestId("replay-verdict").dataset.verdict).toBe("inconclusive"))
    expect(screen.getByTestId("replay-verdict").textContent).toMatch(/CORS/)
  })

  it("shows the replayer's refusal instead of crashing", async () => {
    const capabilities: ReplayCapabilities = {
      send: () =>
        Promise.reject(new ReplayRefusedError("cross-origin", "Replay refused: not the recorded origin.")),
      record: () => undefined,
      now: () => 0
    }
    render(<ReplayView exchange={put} resource={resource} exchanges={[put]} capabilities={capabilities} />)
    fireEvent.click(screen.getByTestId("replay-send"))
    await act(async () => fireEvent.click(screen.getByTestId("replay-confirm")))
    await waitFor(() =>
      expect(screen.getByTestId("replay-problem").textContent).toMatch(/not the recorded origin/)
    )
    expect(screen.queryByTestId("replay-verdict")).toBeNull()
  })
})

describe("ReplayView on a resource the capture shows deleted", () => {
  const deleted = { ...resource, events: [eventOf(9, "DELETE", 204)], exists: false }

  it("calls no version current, and Check protection sends nothing", () => {
    const sent: ReplayPlan[] = []
    const capabilities: ReplayCapabilities = {
      send: async (plan) => (sent.push(plan), { error: "not sent" }),
      record: () => 1,
      now: () => 0,
      copyText: () => undefined
    }
    render(<ReplayView exchange={put} resource={deleted} exchanges={[put]} capabilities={capabilities} />)
    const choices = screen.getByTestId("replay-choices").textContent ?? ""
    expect(choices).toContain('v3 (latest; deleted by #9 since) "n1-v3"')
    expect(choices).not.toContain("(current)")
    fireEvent.click(screen.getByDisplayValue("v3"))
    expect(screen.getByTestId("replay-summary").textContent).toBe(
      'PUT /api/strict/notes/1 with If-Match v3 "n1-v3" (stale: deleted by #9 since)'
    )
    fireEvent.click(screen.getByTestId("replay-probe"))
    expect(screen.getByTestId("replay-problem").textContent).toMatch(
      /^Checking protection needs a resource that exists/
    )
    expect(screen.queryByTestId("replay-confirm")).toBeNull()
    expect(sent).toEqual([])
  })
})

describe("ReplayView on a server without tags (versions are Last-Modified dates)", () => {
  const T1 = DATE_V1
  const { put: datedPut, lineage: dated } = datedHistory()

  it("offers the dates, sent as If-Unmodified-Since, and no weak form", () => {
    const capabilities: ReplayCapabilities = {
      send: async () => ({ error: "not sent" }),
      record: () => 1,
      now: () => 0,
      copyText: () => undefined
    }
    render(
      <ReplayView exchange={datedPut} resource={dated} exchanges={[datedPut]} capabilities={capabilities} />
    )
    const choices = screen.getByTestId("replay-choices").textContent ?? ""
    // Each date as it will be sent: v1 came in RFC 850 form and is sent as an IMF-fixdate.
    expect(choices).toContain(`v1 (older) ${T1}`)
    expect(choices).not.toContain("Thursday, 01-Jan-26")
    expect(choices).toContain("the date the request originally carried")
    expect(choices).not.toContain("weak form")
    expect(screen.getByLabelText("custom date")).toBeTruthy()
    expect(screen.getByTestId("replay-summary").textContent).toBe(
      `PUT /api/strict/notes/1 with If-Unmodified-Since v1 ${T1} (stale: current is v2)`
    )
  })
})

describe("a write that sent no version, on an API that nests its version (Kubernetes' metadata.resourceVersion)", () => {
  it("sends the chosen version nested as the latest version's body has it, though the write's own answer was an error", async () => {
    const kube = lineageWith(`${API}/1`, ["1001", "1002"], ["body:metadata.resourceVersion"])
    const readLatest = exchange({
      id: 1,
      responseBody: { size: 60, text: '{"text":"base","metadata":{"resourceVersion":"1002"}}' }
    })
    const blind = write({
      id: 2,
      status: 422,
      request: { "Content-Type": "application/json" },
      requestBody: { size: 16, text: '{"text":"mine"}' },
      responseBody: { size: 20, text: '{"message":"nope"}' }
    })
    const versions = kube.versions.map((v) => (v.index === 2 ? { ...v, seenBy: [1] } : v))
    const sent: ReplayPlan[] = []
    const capabilities: ReplayCapabilities = {
      send: async (plan) => (sent.push(plan), answer(409)),
      record: () => undefined,
      now: () => 0,
      copyText: () => undefined
    }
    render(
      <ReplayView
        exchange={blind}
        resource={{ ...kube, versions }}
        exchanges={[readLatest, blind]}
        capabilities={capabilities}
      />
    )
    fireEvent.click(screen.getByTestId("replay-send"))
    await act(async () => fireEvent.click(screen.getByTestId("replay-confirm")))
    expect(sent.map((plan) => JSON.parse(plan.body ?? ""))).toEqual([
      { text: "mine", metadata: { resourceVersion: "1001" } }
    ])
  })
})
