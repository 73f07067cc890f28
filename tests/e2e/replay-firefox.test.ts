/**
 * Replay with a stale tag in real Firefox ESR: the same panel flow as tests/e2e/replay.test.ts, through
 * Firefox's `devtools.inspectedWindow.eval` (promise of `[result, exceptionInfo]`).
 * Run: npm run build:firefox && node --import tsx --test tests/e2e/replay-env.firefox.test.ts
 */
import assert from "node:assert/strict"
import { test } from "node:test"

import { assertNoFirefoxAxeViolation } from "./support/axe"
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

/**
 * axe-core over the panel as it is now, in the light theme and in the dark one (the replay
 * confirmation was once unreadable in dark: it read a colour no theme sets), back to light after.
 */
async function assertAccessibleInBothThemes(where: string) {
  for (const theme of ["dark", "light"] as const) {
    await env.firefox.setDevtoolsTheme(theme)
    await env.firefox.waitForPanel<string | null>(
      `content.document.querySelector("[data-testid=panel]")?.getAttribute("data-theme") ?? null`,
      (shown) => shown === theme,
      { description: `the ${theme} theme` }
    )
    await assertNoFirefoxAxeViolation(env.firefox, `${where} (${theme})`)
  }
}

/** Replays the row's PUT with v1 from its Replay tab, confirmed; resolves the plan's summary and the verdict. */
async function replayWithV1(exchangeId: string) {
  await clickInPanel(`[data-testid=traffic-row][data-exchange-id="${exchangeId}"]`)
  await clickInPanel("[data-testid=detail-tab-replay]")
  await clickInPanel('input[name="replay-choice"][value="v1"]')
  const summary = await env.firefox.waitForPanel<string>(
    "content.document.querySelector('[data-testid=replay-summary]')?.textContent ?? ''",
    (text) => text.includes("v1"),
    { description: "the plan summary for v1" }
  )
  await clickInPanel("[data-testid=replay-send]")
  await env.firefox.waitForPanel<boolean>(
    "content.document.querySelector('[data-testid=replay-confirm]') !== null",
    Boolean,
    { description: "the replay confirmation" }
  )
  await assertAccessibleInBothThemes("the replay confirmation")
  await clickInPanel("[data-testid=replay-confirm]")
  const verdict = await env.firefox.waitForPanel<{ verdict: string; text: string } | null>(
    `(() => { const v = content.document.querySelector("[data-testid=replay-verdict]");` +
      ` return v ? { verdict: v.dataset.verdict, text: v.textContent } : null })()`,
    (value) => value !== null,
    { description: "the replay verdict", timeoutMs: 30_000 }
  )
  assert.ok(verdict)
  await assertAccessibleInBothThemes(`the ${verdict.verdict} verdict`)
  return { summary, verdict }
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
  const { summary, verdict } = await replayWithV1(firstPut ?? "")
  assert.match(summary, /^PUT \/api\/strict\/notes\/1 with If-Match v1 .* \(stale: current is v2\)$/)
  assert.equal(verdict.verdict, "conflict-detected", verdict.text)
  assert.match(verdict.text, /412 Precondition Failed/)
  assert.match(verdict.text, /replay #\d+/)

  // Check protection: the current tag, the same tag once older, then none, after one confirmation.
  await clickInPanel("[data-testid=replay-probe]")
  await env.firefox.waitForPanel<boolean>(
    "content.document.querySelector('[data-testid=replay-confirm]') !== null",
    Boolean,
    { description: "Check protection's confirmation" }
  )
  await assertNoFirefoxAxeViolation(env.firefox, "Check protection's confirmation")
  await clickInPanel("[data-testid=replay-confirm]")
  const probe = await env.firefox.waitForPanel<{ level: string; text: string } | null>(
    `(() => { const v = content.document.querySelector("[data-testid=probe-verdict]");` +
      ` return v ? { level: v.dataset.level, text: v.textContent } : null })()`,
    (value) => value !== null,
    { description: "the Check protection answer", timeoutMs: 30_000 }
  )
  assert.ok(probe)
  await assertNoFirefoxAxeViolation(env.firefox, "Check protection's answer")
  assert.equal(probe.level, "protected", probe.text)
  assert.match(
    probe.text,
    /→ 200 ✔ Accepted \(new version\)[\s\S]*→ 412 ✔ Protected: the second writer was refused[\s\S]*→ 428 ✔ Precondition required/
  )
})

/** PUT rows of the lax note in the traffic table (Firefox's HAR of a cross-origin replay has no marker). */
const LAX_PUT_ROWS =
  `Array.from(content.document.querySelectorAll("[data-testid=traffic-row]"))` +
  `.filter((row) => { const cells = Array.from(row.querySelectorAll(".cell"), (cell) => cell.textContent);` +
  ` return cells[1] === "PUT" && (cells[2] ?? "").endsWith("/api/lax/notes/1") })` +
  `.map((row) => row.dataset.exchangeId)`

test("lax on a cross-origin API: the replay is a lost update, and its live copy is not counted again", async () => {
  const api = env.lab.url
  await resetLab(api)
  // The page on http://localhost:PORT calls the lab API on http://127.0.0.1:PORT (CORS, preflights).
  await env.firefox.page.goto(
    `${api.replace("127.0.0.1", "localhost")}/scenario.html?policy=lax&api=${encodeURIComponent(api)}`
  )
  await env.firefox.page.waitForFunction(() => document.getElementById("run") !== null)
  await env.firefox.page.click("#run")
  await env.firefox.page.waitForFunction(() => document.body.dataset.done === "1")
  assert.match(await env.firefox.page.$eval("#out", (out) => out.textContent ?? ""), /PUT \(stale tag\): 200/)
  const puts = await env.firefox.waitForPanel<string[]>(LAX_PUT_ROWS, (ids) => ids.length === 3, {
    description: "the scenario's three PUTs",
    timeoutMs: 20_000
  })
  const { verdict } = await replayWithV1(puts[0])
  assert.equal(verdict.verdict, "lost-update", verdict.text)
  // One more request from the page; once it shows, the replay's live copy would have shown too.
  await env.firefox.page.evaluate(
    (url: string) => fetch(url).then((response) => response.text()),
    `${api}/api/lax/notes?after-replay=1`
  )
  await env.firefox.waitForPanel<boolean>(
    `content.document.body.innerText.includes("after-replay")`,
    Boolean,
    { description: "the request made after the replay", timeoutMs: 20_000 }
  )
  const after = await env.firefox.waitForPanel<string[]>(LAX_PUT_ROWS, (ids) => ids.length >= 4, {
    description: "the replay's row"
  })
  assert.equal(after.length, 4, "three recorded PUTs and the replay, no live copy of the replay")
})

const CONTENTFUL_PUT_ROWS = LAX_PUT_ROWS.replace("/api/lax/notes/1", "/api/contentful/notes/1")

// Last in this file: it changes the settings (a fresh profile starts the next file).
test("contentful: the finding's offer reads X-Contentful-Version and sys.version; replaying v1 sends it in that header, refused 409", async () => {
  await resetLab(env.lab.url)
  await env.firefox.page.goto(`${env.lab.url}/scenario.html?policy=contentful`)
  await env.firefox.page.waitForFunction(() => document.getElementById("run") !== null)
  await env.firefox.page.click("#run")
  await env.firefox.page.waitForFunction(() => document.body.dataset.done === "1")
  await env.firefox.waitForPanel<string[]>(CONTENTFUL_PUT_ROWS, (ids) => ids.length === 3, {
    description: "the scenario's three PUTs",
    timeoutMs: 20_000
  })
  await clickInPanel("[data-testid=tab-findings]")
  const offer = await env.firefox.waitForPanel<string>(
    `content.document.querySelector("[data-testid=read-body-field]")?.textContent ?? ""`,
    (text) => text !== "",
    { description: "the offer to read the version header" }
  )
  assert.equal(offer, "Read X-Contentful-Version and sys.version as the version")
  await clickInPanel("[data-testid=read-body-field]")
  await clickInPanel("[data-testid=tab-traffic]")
  const puts = await env.firefox.waitForPanel<string[]>(CONTENTFUL_PUT_ROWS, (ids) => ids.length === 3, {
    description: "the PUTs, re-read with the version header"
  })
  const { summary, verdict } = await replayWithV1(puts[0])
  assert.match(
    summary,
    /^PUT \/api\/contentful\/notes\/1 with X-Contentful-Version v1 .* \(stale: current is v2\)$/
  )
  assert.equal(verdict.verdict, "conflict-detected", verdict.text)
  assert.match(verdict.text, /409/)
})
