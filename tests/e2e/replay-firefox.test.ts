/**
 * Replay with a stale tag in real Firefox ESR: the same panel flow as tests/e2e/replay.test.ts, through
 * Firefox's `devtools.inspectedWindow.eval` (promise of `[result, exceptionInfo]`).
 * Run: npm run build:firefox && node --import tsx --test tests/e2e/replay-env.firefox.test.ts
 */
import assert from "node:assert/strict"
import { test } from "node:test"

import { useLabAndFirefox } from "./support/lab-and-browser"
import { resetLab } from "./support/lab-scenario"

const env = useLabAndFirefox(async (lab, firefox) => {
  await resetLab(lab.url)
  await firefox.page.goto(`${lab.url}/scenario.html?policy=strict`)
  await firefox.openDevToolsPanel()
})

/** Clicks the first element matching `selector`; resolves whether there was one. */
const click = (selector: string) =>
  `(() => { const target = content.document.querySelector(${JSON.stringify(selector)}); target?.click(); return Boolean(target) })()`

async function clickInPanel(selector: string) {
  await env.firefox.waitForPanel<boolean>(click(selector), (found) => found, {
    description: selector,
    timeoutMs: 20_000
  })
}

test("strict: replaying the PUT with stale v1 from the panel shows a 412 conflict, recorded as a replay", async () => {
  await env.firefox.page.waitForFunction(() => document.getElementById("run") !== null)
  await env.firefox.waitForPanel<boolean>(
    "content.document.querySelector('[data-testid=panel]') !== null",
    Boolean,
    {
      description: "the panel app"
    }
  )
  await env.firefox.page.click("#run")
  await env.firefox.page.waitForFunction(() => document.body.dataset.done === "1")

  const firstPut = await env.firefox.waitForPanel<string | null>(
    `Array.from(content.document.querySelectorAll("[data-testid=traffic-row]"))` +
      `.find((row) => { const cells = Array.from(row.querySelectorAll(".cell"), (cell) => cell.textContent);` +
      ` return cells[1] === "PUT" && (cells[2] ?? "").endsWith("/api/strict/notes/1") })?.dataset.exchangeId ?? null`,
    (id) => id !== null,
    { description: "the scenario's first PUT in the traffic table", timeoutMs: 20_000 }
  )
  await clickInPanel(`[data-testid=traffic-row][data-exchange-id="${firstPut}"]`)
  await clickInPanel("[data-testid=detail-tab-replay]")
  await clickInPanel('input[name="replay-choice"][value="v1"]')
  const summary = await env.firefox.waitForPanel<string>(
    "content.document.querySelector('[data-testid=replay-summary]')?.textContent ?? ''",
    (text) => text.includes("v1"),
    { description: "the plan summary for v1" }
  )
  assert.match(summary, /^PUT \/api\/strict\/notes\/1 with If-Match v1 .* \(stale: current is v2\)$/)
  await clickInPanel("[data-testid=replay-send]")
  await clickInPanel("[data-testid=replay-confirm]")
  const verdict = await env.firefox.waitForPanel<{ verdict: string; text: string } | null>(
    `(() => { const v = content.document.querySelector("[data-testid=replay-verdict]");` +
      ` return v ? { verdict: v.dataset.verdict, text: v.textContent } : null })()`,
    (value) => value !== null,
    { description: "the replay verdict", timeoutMs: 30_000 }
  )
  assert.ok(verdict)
  assert.equal(verdict.verdict, "conflict-detected", verdict.text)
  assert.match(verdict.text, /412 Precondition Failed/)
  assert.match(verdict.text, /replay #\d+/)
})
