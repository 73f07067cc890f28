/**
 * The ETags panel in real Firefox ESR (headless): the built add-on's devtools page registers
 * the panel, the panel page loads without errors, and traffic from the lab's scenario page
 * reaches the panel through Firefox's devtools.network (onRequestFinished / getHAR) and
 * shows as exchanges and findings.
 */
import assert from "node:assert/strict"
import { existsSync, readFileSync } from "node:fs"
import path from "node:path"
import { test } from "node:test"

import { extensionConfig } from "../../plasmo.config"
import { EXTENSION_ORIGIN, FIREFOX_BUILD_DIR, type DevToolsPanelTool, type KeyName } from "./support/firefox"
import { assertNoFirefoxAxeViolation, firefoxAxeFindings } from "./support/axe"
import { useLabAndFirefox } from "./support/lab-and-browser"
import { resetLab } from "./support/lab-scenario"
import { auditFixture, FIXTURES_DIR, ruleIdsOf } from "../builders/fixture-snapshot"
import { WRITE_ROW_MENU_ITEMS } from "../builders/row-menu-items"

let panelTool: DevToolsPanelTool
const env = useLabAndFirefox(async (lab, firefox) => {
  await resetLab(lab.url)
  await firefox.page.goto(`${lab.url}/scenario.html?policy=lax`)
  panelTool = await firefox.openDevToolsPanel()
})

test("the devtools page registers the panel under the configured title", async () => {
  assert.equal(panelTool.label, extensionConfig.panelTitle)
  // The toolbox tab shows this icon: it must name a file the build contains.
  assert.ok(panelTool.icon.startsWith(`${EXTENSION_ORIGIN}/`), `icon ${panelTool.icon}`)
  const iconFile = path.join(FIREFOX_BUILD_DIR, new URL(panelTool.icon).pathname)
  assert.ok(existsSync(iconFile), `the panel icon ${panelTool.icon} is not in the build`)
  const views = await env.firefox.extensionViews()
  assert.ok(views.includes(`devtools_page ${EXTENSION_ORIGIN}/devtools.html`), `views: ${views.join(", ")}`)
})

/** Text of every element matching `selector` in the panel document. */
const textsOf = (selector: string) =>
  `Array.from(content.document.querySelectorAll(${JSON.stringify(selector)}), (element) => element.textContent)`
const attributeOf = (selector: string, attribute: string) =>
  `content.document.querySelector(${JSON.stringify(selector)})?.getAttribute(${JSON.stringify(attribute)}) ?? null`
/** Each traffic row as its cells: #, method, URL, status, version, precondition sent, tag received, tag source, badges. */
const TRAFFIC_ROWS =
  `Array.from(content.document.querySelectorAll("[data-testid=traffic-row]"),` +
  ` (row) => Array.from(row.querySelectorAll(".cell"), (cell) => cell.textContent))`

/** Types into the filter box through the privileged wrapper (the native setter), then an input event: React sees a change. */
const typeFilter = (text: string) =>
  env.firefox.panelEval(
    `(() => { const input = content.document.querySelector("[data-testid=filter]");` +
      ` input.value = ${JSON.stringify(text)};` +
      ` input.dispatchEvent(new content.Event("input", { bubbles: true })); return true })()`
  )
/** The method cell of each traffic row. */
const METHODS = `Array.from(content.document.querySelectorAll("[data-testid=traffic-row] .cell.method"), (cell) => cell.textContent)`

/** Clicks the first element matching `selector` whose text contains `text`; resolves whether it found one. */
const click = (selector: string, text = "") =>
  `(() => { const target = Array.from(content.document.querySelectorAll(${JSON.stringify(selector)}))` +
  `.find((element) => element.textContent.includes(${JSON.stringify(text)}));` +
  ` target?.click(); return Boolean(target) })()`

test("the panel page loads inside DevTools and renders in the DevTools theme", async () => {
  const href = await env.firefox.waitForPanel<string>(
    "content.location.href",
    (url) => url.endsWith("/panel.html"),
    {
      description: "the panel document"
    }
  )
  assert.equal(href, `${EXTENSION_ORIGIN}/tabs/panel.html`)
  const theme = await env.firefox.waitForPanel<string | null>(
    attributeOf("[data-testid=panel]", "data-theme"),
    (value) => value !== null,
    { description: "the panel app to mount" }
  )
  assert.equal(theme, "light", "Firefox's default DevTools theme")
  const views = await env.firefox.extensionViews()
  assert.ok(
    views.includes(`devtools_panel ${EXTENSION_ORIGIN}/tabs/panel.html`),
    `views: ${views.join(", ")}`
  )
})

test("the scenario's exchanges reach the panel through Firefox's devtools.network", async () => {
  await env.firefox.page.click("#run")
  await env.firefox.page.waitForFunction(() => document.body.dataset.done === "1")
  const statuses = await env.firefox.page.evaluate(() => document.body.dataset.statuses)
  // lax: tags are served but never checked, so every write succeeds (the stale one is a lost update).
  assert.equal(statuses, "200 200 200 200")

  const rows = await env.firefox.waitForPanel<string[][]>(
    TRAFFIC_ROWS,
    (cells) => cells.filter((row) => row[2]?.endsWith("/api/lax/notes/1")).length >= 4,
    { description: "the GET and three PUTs in the traffic table", timeoutMs: 20_000 }
  )
  const noteRows = rows.filter((row) => row[2]?.endsWith("/api/lax/notes/1"))
  assert.deepEqual(
    noteRows.map((row) => `${row[1]} ${row[3]}`),
    ["GET 200", "PUT 200", "PUT 200", "PUT 200"]
  )
  // lax serves an ETag on every answer: the panel read a tag from each response's headers.
  assert.ok(
    noteRows.every((row) => row[6] !== "" && row[7] !== ""),
    `tag and source cells: ${JSON.stringify(noteRows)}`
  )
  // The Version column: what the read saw, what each write was based on and made.
  assert.deepEqual(
    noteRows.map((row) => row[4]),
    ["v1", "v1 → v2", "— → v3", "v1 → v4"]
  )
})

test("the findings view shows missing-if-match and lost-update for the lax API", async () => {
  await env.firefox.panelEval(click("[data-testid=tab-findings]"))
  const ruleIds = await env.firefox.waitForPanel<string[]>(
    `Array.from(content.document.querySelectorAll("[data-testid=rule-group]"), (group) => group.dataset.ruleId)`,
    (ids) => ids.includes("missing-if-match") && ids.includes("lost-update"),
    { description: "the missing-if-match and lost-update rule groups", timeoutMs: 20_000 }
  )
  assert.ok(ruleIds.length >= 2, `rule groups: ${ruleIds.join(", ")}`)
  const findingTexts = await env.firefox.panelEval<string[]>(textsOf("[data-testid=finding]"))
  assert.ok(findingTexts.ok && (findingTexts.value ?? []).length >= 2, JSON.stringify(findingTexts))
  // Above them, the server's answer to "lost updates?".
  const answers = await env.firefox.panelEval<string[]>(textsOf("[data-testid=protection-summary] li"))
  assert.ok(
    answers.ok && (answers.value ?? []).some((text) => /^✖ .*\/api\/lax Lost updates happen/.test(text)),
    JSON.stringify(answers)
  )
})

test("the resource's lineage marks the stale write as a lost update", async () => {
  await env.firefox.panelEval(click("[data-testid=tab-resources]"))
  await env.firefox.waitForPanel<boolean>(
    click("[data-testid=resource-row]", "/api/lax/notes/1"),
    (found) => found,
    {
      description: "the /api/lax/notes/1 resource row"
    }
  )
  await env.firefox.panelEval(click("[data-testid=detail-tab-lineage]"))
  const lineage = await env.firefox.waitForPanel<string[]>(
    textsOf("[data-testid=lineage-event]"),
    (events) => events.some((event) => /lost update/.test(event)),
    { description: "a lost-update event in the lineage" }
  )
  assert.ok(lineage.length >= 3, `lineage events: ${JSON.stringify(lineage)}`)
})

test("a PUT row's context menu offers the copies, the lineage, replay and Check protection", async () => {
  await env.firefox.panelEval(click("[data-testid=tab-traffic]"))
  const opened = await env.firefox.waitForPanel<boolean>(
    `(() => { const row = Array.from(content.document.querySelectorAll("[data-testid=traffic-row]"))` +
      `.find((candidate) => candidate.querySelector(".cell.method")?.textContent === "PUT");` +
      ` if (!row) return false;` +
      ` row.dispatchEvent(new content.MouseEvent("contextmenu", { bubbles: true, cancelable: true, clientX: 30, clientY: 30 }));` +
      ` return content.document.querySelector("[data-testid=row-menu]") !== null })()`,
    (found) => found,
    { description: "the row menu of a PUT" }
  )
  assert.ok(opened)
  const items = await env.firefox.panelEval<string[]>(textsOf("[data-testid=row-menu] [role=menuitem]"))
  assert.deepEqual(items.value, WRITE_ROW_MENU_ITEMS)
  await assertNoFirefoxAxeViolation(env.firefox, "the row menu")
  await env.firefox.panelEval(click("[data-testid=row-menu-show-lineage]"))
  const view = await env.firefox.waitForPanel<string | null>(
    attributeOf("[data-testid=tab-resources]", "aria-selected"),
    (selected) => selected === "true",
    { description: "Show lineage to open the Resources view" }
  )
  assert.equal(view, "true")
})

test("the filter box's query words and the splitter work in Firefox's panel too", async () => {
  await env.firefox.panelEval(click("[data-testid=tab-traffic]"))
  await typeFilter("method:PUT -rule:lost")
  const puts = await env.firefox.waitForPanel<string[]>(
    METHODS,
    (shown) => shown.length > 0 && shown.every((method) => method === "PUT"),
    { description: "only PUT rows after method:PUT" }
  )
  assert.ok(puts.length >= 1)
  await typeFilter("")
  await env.firefox.waitForPanel<string[]>(METHODS, (shown) => shown.includes("GET"), {
    description: "every row again"
  })

  const share = attributeOf("[data-testid=splitter]", "aria-valuenow")
  const press = async (key: KeyName) => {
    await env.firefox.panelEval(`content.document.querySelector("[data-testid=splitter]").focus()`)
    await env.firefox.pressKey("panel", key)
  }
  assert.equal((await env.firefox.panelEval<string | null>(share)).value, "40")
  await press("ArrowLeft")
  await env.firefox.waitForPanel<string | null>(share, (value) => value === "45", {
    description: "the detail pane at 45% after ←"
  })
  await press("Enter")
  await env.firefox.waitForPanel<string | null>(share, (value) => value === "40", {
    description: "the detail pane back at 40% after Enter"
  })
})

test("the traffic table sorts by a column header, and a second click reverses it", async () => {
  await env.firefox.panelEval(click("[data-testid=tab-traffic]"))
  const sortState = `content.document.querySelector("[data-testid=sort-method]")?.parentElement?.getAttribute("aria-sort") ?? null`
  const sorted = (shown: string[], direction: 1 | -1) =>
    shown.length > 1 &&
    shown.every((method, at) => at === 0 || direction * shown[at - 1].localeCompare(method) <= 0)
  const before = (await env.firefox.panelEval<string[]>(METHODS)).value ?? []
  assert.ok(new Set(before).size > 1, `rows of more than one method: ${before.join(" ")}`)
  await env.firefox.panelEval(click("[data-testid=sort-method]"))
  await env.firefox.waitForPanel<string[]>(METHODS, (shown) => sorted(shown, 1), {
    description: "rows sorted by method, A to Z"
  })
  assert.equal((await env.firefox.panelEval<string | null>(sortState)).value, "ascending")
  await env.firefox.panelEval(click("[data-testid=sort-method]"))
  await env.firefox.waitForPanel<string[]>(METHODS, (shown) => sorted(shown, -1), {
    description: "rows sorted by method, Z to A"
  })
  assert.equal((await env.firefox.panelEval<string | null>(sortState)).value, "descending")
  // Back to arrival order for the tests after this one.
  await env.firefox.panelEval(click("[data-testid=sort-id]"))
  await env.firefox.waitForPanel<string | null>(
    `content.document.querySelector("[data-testid=sort-id]")?.parentElement?.getAttribute("aria-sort") ?? null`,
    (value) => value === "ascending",
    { description: "sorted by # again" }
  )
})

test("the header's menu hides a column and Reset columns brings it back; ← / → resize a column's edge", async () => {
  await env.firefox.panelEval(click("[data-testid=tab-traffic]"))
  const columns = textsOf("[data-testid=traffic-header] [role=columnheader]")
  const firstRowCells = `content.document.querySelector("[data-testid=traffic-row]")?.children.length ?? 0`
  const urlWidth = `content.document.querySelectorAll("[data-testid=traffic-header] [role=columnheader]")[2].getBoundingClientRect().width`
  const before = (await env.firefox.panelEval<string[]>(columns)).value ?? []
  assert.ok(before.includes("Source"), `columns: ${before.join(", ")}`)
  const urlWidthAtFirst = (await env.firefox.panelEval<number>(urlWidth)).value ?? 0
  assert.equal((await env.firefox.panelEval<number>(firstRowCells)).value, 9)

  await env.firefox.panelEval(
    `content.document.querySelector("[data-testid=traffic-header]").dispatchEvent(` +
      `new content.MouseEvent("contextmenu", { bubbles: true, cancelable: true, clientX: 60, clientY: 10 }))`
  )
  await env.firefox.waitForPanel<boolean>(
    `content.document.querySelector("[data-testid=column-menu]") !== null`,
    (open) => open,
    {
      description: "the column menu"
    }
  )
  await assertNoFirefoxAxeViolation(env.firefox, "the column menu")
  await env.firefox.panelEval(click("[data-testid=column-menu-Source]"))
  const hidden = await env.firefox.waitForPanel<string[]>(columns, (shown) => !shown.includes("Source"), {
    description: "Source hidden"
  })
  assert.equal(hidden.length, 8)
  assert.equal((await env.firefox.panelEval<number>(firstRowCells)).value, 8, "rows drop the cell too")

  const widthBefore = (await env.firefox.panelEval<number>(urlWidth)).value ?? 0
  await env.firefox.panelEval(`content.document.querySelector("[data-testid=resize-url]").focus()`)
  for (let press = 0; press < 2; press++) await env.firefox.pressKey("panel", "ArrowRight")
  await env.firefox.waitForPanel<number>(urlWidth, (width) => Math.abs(width - widthBefore - 16) < 1, {
    description: `the URL column 16 px wider than ${widthBefore} px`
  })

  await env.firefox.panelEval(
    `content.document.querySelector("[data-testid=traffic-header]").dispatchEvent(` +
      `new content.MouseEvent("contextmenu", { bubbles: true, cancelable: true, clientX: 60, clientY: 10 }))`
  )
  await env.firefox.panelEval(click("[data-testid=column-menu-reset]"))
  await env.firefox.waitForPanel<string[]>(columns, (shown) => shown.join() === before.join(), {
    description: "every column back"
  })
  await env.firefox.waitForPanel<number>(urlWidth, (width) => Math.abs(width - urlWidthAtFirst) < 1, {
    description: `the URL column back at ${urlWidthAtFirst} px, filling the room`
  })
})

test("the panel follows Firefox's DevTools theme when it changes", async () => {
  await env.firefox.setDevtoolsTheme("dark")
  await env.firefox.waitForPanel<string | null>(
    attributeOf("[data-testid=panel]", "data-theme"),
    (v) => v === "dark",
    {
      description: "data-theme=dark after switching DevTools to the dark theme"
    }
  )
  await env.firefox.setDevtoolsTheme("light")
  await env.firefox.waitForPanel<string | null>(
    attributeOf("[data-testid=panel]", "data-theme"),
    (v) => v === "light",
    {
      description: "data-theme=light after switching back"
    }
  )
})

test("axe-core finds no accessibility violation in the panel's views and settings, light and dark (and does find a planted one)", async () => {
  // The control: an image without a text alternative is a violation axe must report here.
  await env.firefox.panelEval(
    `(() => { const image = content.document.createElement("img"); image.id = "axe-control";` +
      ` content.document.querySelector("[data-testid=panel]").append(image); return true })()`
  )
  const planted = await firefoxAxeFindings(env.firefox)
  assert.ok(
    planted.violations.some((violation) => violation.startsWith("image-alt: #axe-control")),
    JSON.stringify(planted)
  )
  await env.firefox.panelEval(`content.document.getElementById("axe-control").remove()`)

  for (const theme of ["light", "dark"] as const) {
    await env.firefox.setDevtoolsTheme(theme)
    await env.firefox.waitForPanel<string | null>(
      attributeOf("[data-testid=panel]", "data-theme"),
      (v) => v === theme,
      {
        description: `the ${theme} theme`
      }
    )
    for (const view of ["traffic", "resources", "findings", "servers"]) {
      await env.firefox.panelEval(click(`[data-testid=tab-${view}]`))
      await env.firefox.waitForPanel<string | null>(
        attributeOf(`[data-testid=tab-${view}]`, "aria-selected"),
        (v) => v === "true",
        {
          description: `the ${view} view`
        }
      )
      await assertNoFirefoxAxeViolation(env.firefox, `${view} (${theme})`)
    }
    // The settings dialog over the panel.
    await env.firefox.panelEval(click("[data-testid=open-settings]"))
    await env.firefox.waitForPanel<boolean>(
      `content.document.querySelector("[data-testid=settings]") !== null`,
      (open) => open,
      {
        description: "the settings dialog"
      }
    )
    await assertNoFirefoxAxeViolation(env.firefox, `the settings dialog (${theme})`)
    await env.firefox.panelEval(click(".dialog-buttons button", "Cancel"))
    await env.firefox.waitForPanel<boolean>(
      `content.document.querySelector("[data-testid=settings]") === null`,
      (closed) => closed,
      {
        description: "the settings dialog closed"
      }
    )
  }
  await env.firefox.setDevtoolsTheme("light")
})

test("repeated 304s all reach the panel, though Firefox announces only some of them", async () => {
  // Firefox ESR skips onRequestFinished for some repeated 304s that getHAR() lists;
  // the traffic source reconciles the two (src/adapters/har-reconciler.ts).
  const statuses = await env.firefox.page.evaluate(async () => {
    const first = await fetch("/api/lax/notes/1")
    const tag = first.headers.get("ETag") ?? ""
    const answers: number[] = []
    for (let i = 0; i < 5; i++) {
      answers.push((await fetch("/api/lax/notes/1", { headers: { "If-None-Match": tag } })).status)
    }
    return answers
  })
  assert.deepEqual(statuses, [304, 304, 304, 304, 304])
  await env.firefox.panelEval(click("[data-testid=tab-traffic]"))
  // 304s are capture noise: shown only when asked.
  await env.firefox.panelEval(
    `(() => { const box = content.document.querySelector("[data-testid=show-noise]");` +
      ` if (box && !box.checked) box.click(); return Boolean(box) })()`
  )
  await env.firefox.waitForPanel<string[][]>(
    TRAFFIC_ROWS,
    (rows) => rows.filter((row) => row[2]?.endsWith("/api/lax/notes/1") && row[3] === "304").length === 5,
    { description: "five 304 rows for /api/lax/notes/1", timeoutMs: 10_000 }
  )
})

test("a write whose answer the page never reads reaches the panel", async () => {
  // Firefox does not announce such a request either (not within 20 s when the panel's idle
  // getHAR() reads were off): the traffic source finds it in getHAR().
  const status = await env.firefox.page.evaluate(() =>
    fetch("/api/lax/notes/1?unread-answer=1", {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: '{"text":"answer never read"}'
    }).then((response) => response.status)
  )
  assert.equal(status, 200)
  await env.firefox.panelEval(click("[data-testid=tab-traffic]"))
  await env.firefox.waitForPanel<string[][]>(
    TRAFFIC_ROWS,
    (rows) => rows.some((row) => row[1] === "PUT" && row[2]?.endsWith("?unread-answer=1")),
    { description: "the PUT whose answer was never read", timeoutMs: 20_000 }
  )
})

test("a cross-origin write whose preflight does not allow If-Match: Firefox refuses it, and the panel says why", async () => {
  // From the page on 127.0.0.1, the lab on localhost is another origin: the PUT needs a preflight.
  const api = `${env.lab.url.replace("127.0.0.1", "localhost")}/api/strict/notes/1?cors=block-if-match`
  const outcome = await env.firefox.page.evaluate(async (url: string) => {
    const read = await fetch(url)
    const tag = read.headers.get("ETag") ?? ""
    try {
      const init = {
        method: "PUT",
        headers: { "Content-Type": "application/json", "If-Match": tag },
        body: '{"text":"from another origin"}'
      }
      return `sent: ${(await fetch(url, init)).status}`
    } catch (error) {
      return `refused: ${String(error)}`
    }
  }, api)
  assert.match(outcome, /^refused: TypeError/)
  // Firefox reports the preflight (OPTIONS 204) but not the PUT it refused: the preflight is the evidence.
  await env.firefox.panelEval(click("[data-testid=tab-findings]"))
  const texts = await env.firefox.waitForPanel<string[]>(
    textsOf("[data-testid=finding]"),
    (found) => found.some((text) => text.includes("preflight for a PUT")),
    { description: "the precondition-blocked-by-cors finding", timeoutMs: 20_000 }
  )
  assert.ok(
    texts.some((text) =>
      /#\d+ preflight for a PUT from http:\/\/127\.0\.0\.1:\d+ asked to send If-Match; its answer allows only Content-Type/.test(
        text
      )
    ),
    JSON.stringify(texts)
  )
  await env.firefox.panelEval(click("[data-testid=tab-traffic]"))
})

test("an OData $batch's operations reach the panel as rows of their own (Firefox gives the multipart answer)", async () => {
  const statuses = await env.firefox.page.evaluate(async () => {
    const body = [
      "--b1",
      "Content-Type: multipart/mixed; boundary=c1",
      "",
      "--c1",
      "Content-Type: application/http",
      "Content-ID: 1",
      "",
      "PUT notes/1?in-batch=1 HTTP/1.1",
      "Content-Type: application/json",
      "",
      '{"text":"sent in a batch"}',
      "--c1--",
      "--b1--",
      ""
    ].join("\r\n")
    const response = await fetch("/api/lax/$batch", {
      method: "POST",
      headers: { "Content-Type": "multipart/mixed; boundary=b1" },
      body
    })
    return `${response.status} ${/HTTP\/1\.1 (\d{3})/.exec(await response.text())?.[1]}`
  })
  assert.equal(statuses, "200 200")
  await env.firefox.panelEval(click("[data-testid=tab-traffic]"))
  const rows = await env.firefox.waitForPanel<string[][]>(
    TRAFFIC_ROWS,
    (cells) => cells.some((row) => row[1] === "PUT" && row[2]?.endsWith("/api/lax/notes/1?in-batch=1")),
    { description: "the PUT sent inside the batch", timeoutMs: 20_000 }
  )
  const put = rows.find((row) => row[1] === "PUT" && row[2]?.endsWith("/api/lax/notes/1?in-batch=1"))
  const batch = rows.find((row) => Number(row[0]) === Number(put?.[0]) - 1)
  assert.equal(put?.[3], "200")
  assert.deepEqual([batch?.[1], batch?.[2]?.endsWith("/api/lax/$batch"), batch?.[4]], ["POST", true, "RPC"])
})

test("recorded traffic survives closing and reopening DevTools (storage.session)", async () => {
  // 304s are capture noise, hidden again in a fresh panel: compare the API exchanges.
  const noteRows = (rows: string[][]) =>
    rows.filter((row) => row[2]?.endsWith("/api/lax/notes/1") && row[3] !== "304").length
  const before = noteRows((await env.firefox.panelEval<string[][]>(TRAFFIC_ROWS)).value ?? [])
  assert.ok(before >= 4, `rows before closing: ${before}`)
  await env.firefox.closeDevTools()
  await env.firefox.openDevToolsPanel()
  await env.firefox.waitForPanel<string[][]>(TRAFFIC_ROWS, (rows) => noteRows(rows) === before, {
    description: `the ${before} /api/lax/notes/1 rows restored after reopening DevTools`
  })
  // A new toolbox starts a new network log: the rows came from the saved session, not from getHAR().
  const har = await env.firefox.panelEval<number>(
    "content.wrappedJSObject.browser.devtools.network.getHAR().then((log) => log.entries.length)"
  )
  assert.ok(har.ok && (har.value ?? 0) < before, `getHAR() after reopening: ${JSON.stringify(har)}`)

  // The filter box's text is kept with the session too.
  await typeFilter("method:PUT")
  const savedFilter =
    "content.wrappedJSObject.browser.storage.session.get(null).then((stored) => Object.entries(stored)" +
    ".find(([key]) => key.endsWith('.meta'))?.[1]?.viewState?.filter?.text ?? null)"
  await env.firefox.waitForPanel<string | null>(savedFilter, (text) => text === "method:PUT", {
    description: "the filter saved with the session"
  })
  await env.firefox.closeDevTools()
  await env.firefox.openDevToolsPanel()
  await env.firefox.waitForPanel<string[]>(
    METHODS,
    (shown) => shown.length > 0 && shown.every((method) => method === "PUT"),
    { description: "only PUT rows after reopening" }
  )
  const box = await env.firefox.panelEval<string | null>(
    `content.document.querySelector("[data-testid=filter]")?.value ?? null`
  )
  assert.equal(box.value, "method:PUT")
  await typeFilter("")
  await env.firefox.waitForPanel<string[]>(METHODS, (shown) => shown.includes("GET"), {
    description: "every row again"
  })
})

/** Drops a fixture HAR on the panel as Firefox delivers a drop; resolves with the import notice. */
async function dropFixture(name: string): Promise<string> {
  const har = readFileSync(path.join(FIXTURES_DIR, name), "utf8")
  // A drop as Firefox delivers one: a DataTransfer holding the file, in the panel's own compartment.
  const dropped = await env.firefox.panelEval<boolean>(
    // Objects made by the page's own constructors: the privileged scope's arrays and dictionaries
    // cannot be read from there.
    `(() => { const win = content.wrappedJSObject; const doc = win.document;` +
      ` const transfer = new win.DataTransfer();` +
      ` const parts = new win.Array(${JSON.stringify(har)});` +
      ` transfer.items.add(new win.File(parts, ${JSON.stringify(name)}, win.JSON.parse('{"type":"application/json"}')));` +
      ` const panel = doc.querySelector("[data-testid=panel]");` +
      ` for (const type of ["dragenter", "dragover", "drop"]) {` +
      `   const init = win.JSON.parse('{"bubbles":true,"cancelable":true}'); init.dataTransfer = transfer;` +
      `   panel.dispatchEvent(new win.DragEvent(type, init)) }` +
      ` return true })()`
  )
  assert.ok(dropped.ok, JSON.stringify(dropped))
  const notice = await env.firefox.waitForPanel<string | null>(
    `content.document.querySelector("[data-testid=notice]")?.textContent ?? null`,
    (text) => text !== null && text.includes(`from ${name}`),
    { description: `the import notice for the dropped ${name}` }
  )
  return notice ?? ""
}

// After the tests that read the Traffic table's columns by position: two users add a User column.
test("a session id the server renews at every save (?session=renew): Firefox's entries carry Cookie and Set-Cookie, and one browser stays one user", async () => {
  const statuses = await env.firefox.page.evaluate(async () => {
    const note = "/api/lax/notes/renewed?session=renew"
    const answers: number[] = []
    document.cookie = "PHPSESSID=firefox-first; path=/"
    for (const text of ["mine", "mine again", "theirs"]) {
      // Before the last save, a session the server did not renew: another person, as far as the traffic tells.
      if (text === "theirs") document.cookie = "PHPSESSID=firefox-another; path=/"
      const init = {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text })
      }
      answers.push((await fetch(note, init)).status)
    }
    document.cookie = "PHPSESSID=; Max-Age=0; path=/"
    return answers
  })
  assert.deepEqual(statuses, [201, 200, 200])
  await env.firefox.panelEval(click("[data-testid=tab-resources]"))
  await env.firefox.waitForPanel<boolean>(
    click("[data-testid=resource-row]", "/api/lax/notes/renewed"),
    (found) => found,
    { description: "the /api/lax/notes/renewed resource row", timeoutMs: 20_000 }
  )
  const users = await env.firefox.waitForPanel<string[]>(
    `Array.from(content.document.querySelectorAll("[data-testid=resources-view] [data-testid=lineage-event]"),` +
      ` (row) => row.querySelector("[data-testid=event-user]")?.textContent ?? "")`,
    (found) => found.length === 3,
    { description: "the renewed note's three lineage events", timeoutMs: 20_000 }
  )
  // The create and the renewed save are one user's; only the other session's save is another's.
  assert.deepEqual(users, ["user A", "user A", "user B"])
})

test("a HAR file dropped on the panel is imported", async () => {
  assert.match(await dropFixture("lab-strict.har"), /^Imported \d+ entries from lab-strict\.har/)
})

test("a capture of a real server (nginx's WebDAV) dropped on the cleared panel shows the engine's findings", async () => {
  const name = "real-nginx-dav.har"
  const expected = ruleIdsOf(auditFixture(name).snapshot)
  assert.ok(expected.includes("if-match-star-created") && expected.includes("lost-update"), expected.join())
  await env.firefox.panelEval(click("[data-testid=clear]"))
  assert.match(await dropFixture(name), /^Imported 13 entries from real-nginx-dav\.har/)
  await env.firefox.panelEval(click("[data-testid=tab-findings]"))
  const shown = await env.firefox.waitForPanel<string[]>(
    `Array.from(content.document.querySelectorAll("[data-testid=rule-group]"), (group) => group.dataset.ruleId).sort()`,
    (ids) => JSON.stringify(ids) === JSON.stringify(expected),
    { description: `the rule groups ${expected.join(", ")}`, timeoutMs: 20_000 }
  )
  assert.deepEqual(shown, expected)
})

test("two users' saves without If-Match, dropped on the cleared panel: Bob's save over Alice's unread one is a lost update", async () => {
  await env.firefox.panelEval(click("[data-testid=clear]"))
  assert.match(
    await dropFixture("lab-lax-blind-two-users.har"),
    /^Imported \d+ entries from lab-lax-blind-two-users\.har/
  )
  await env.firefox.panelEval(click("[data-testid=tab-findings]"))
  const findings = await env.firefox.waitForPanel<string[]>(
    textsOf("[data-testid=finding]"),
    (texts) => texts.some((text) => text.includes("another user's change")),
    { description: "the lost update without a tag", timeoutMs: 20_000 }
  )
  assert.ok(
    findings.some((text) =>
      /#\d+ PUT sent no precondition and was accepted with 200: it overwrote v2, another user's change \(#\d+\)/.test(
        text
      )
    ),
    JSON.stringify(findings)
  )
  await env.firefox.panelEval(click("[data-testid=tab-resources]"))
  await env.firefox.waitForPanel<boolean>(
    click("[data-testid=resource-row]", "/api/lax/notes/1"),
    (found) => found,
    {
      description: "the /api/lax/notes/1 resource row"
    }
  )
  const lost = await env.firefox.waitForPanel<string[]>(
    textsOf("[data-testid=lineage-event].lost-update"),
    (rows) => rows.length > 0,
    { description: "the lost-update row of the lineage" }
  )
  assert.equal(lost.length, 1, JSON.stringify(lost))
  assert.match(lost[0], /bob.*\(no precondition\).*lost update: overwrote v2/)
})

test("two people's captures dropped one after the other: Merge by start time in the notice shows the lost update", async () => {
  await env.firefox.panelEval(click("[data-testid=clear]"))
  await dropFixture("real-django-sessions-blind-alice.har")
  const appended = await dropFixture("real-django-sessions-blind-bob.har")
  assert.match(appended, /judged first \(arrival order\): Merge by start time/)
  const ruleIds = `Array.from(content.document.querySelectorAll("[data-testid=rule-group]"), (group) => group.dataset.ruleId)`
  await env.firefox.panelEval(click("[data-testid=tab-findings]"))
  const before = await env.firefox.waitForPanel<string[]>(
    ruleIds,
    (ids) => ids.includes("missing-if-match"),
    {
      description: "the appended capture's findings"
    }
  )
  assert.ok(!before.includes("lost-update"), before.join())
  await env.firefox.panelEval(click("[data-testid=merge-by-start-time]"))
  await env.firefox.waitForPanel<string[]>(ruleIds, (ids) => ids.includes("lost-update"), {
    description: "the lost update of the merged capture",
    timeoutMs: 20_000
  })
})

test("keyboard, with real keys: Ctrl+E pauses and resumes recording, Ctrl+F goes to the filter box, Ctrl+L clears", async () => {
  await env.firefox.openDevToolsPanel()
  await env.firefox.panelEval(click("[data-testid=tab-traffic]"))
  const state =
    `({ recording: content.document.querySelector("[data-testid=record]")?.getAttribute("aria-pressed"),` +
    ` rows: content.document.querySelectorAll("[data-testid=traffic-row]").length,` +
    ` focused: content.document.activeElement?.getAttribute("data-testid") ?? null })`
  type KeyState = { recording: string | null; rows: number; focused: string | null }
  const focusTable = () => env.firefox.panelEval(`content.document.querySelector(".traffic-scroll").focus()`)
  await env.firefox.waitForPanel<KeyState>(state, (now) => now.recording === "true" && now.rows > 0, {
    description: "recording, with rows"
  })
  await focusTable()
  await env.firefox.pressKey("panel", "e", { control: true })
  await env.firefox.waitForPanel<KeyState>(state, (now) => now.recording === "false", {
    description: "paused after Ctrl+E"
  })
  await env.firefox.pressKey("panel", "e", { control: true })
  await env.firefox.waitForPanel<KeyState>(state, (now) => now.recording === "true", {
    description: "recording again after a second Ctrl+E"
  })
  await env.firefox.pressKey("panel", "f", { control: true })
  await env.firefox.waitForPanel<KeyState>(state, (now) => now.focused === "filter", {
    description: "the filter box focused after Ctrl+F"
  })
  await focusTable()
  await env.firefox.pressKey("panel", "l", { control: true })
  await env.firefox.waitForPanel<KeyState>(state, (now) => now.rows === 0, {
    description: "no rows after Ctrl+L"
  })
})

test("Escape in the panel stays there: Firefox's split console does not open (an Escape in the toolbox opens it)", async () => {
  await env.firefox.openDevToolsPanel()
  const escapesSeen = "content.document.body.dataset.escapesSeen ?? '0'"
  await env.firefox.panelEval(
    "(() => { content.addEventListener('keydown', (event) => { if (event.key === 'Escape')" +
      " content.document.body.dataset.escapesSeen = String(Number(content.document.body.dataset.escapesSeen ?? '0') + 1) }, true); return true })()"
  )
  // The keyboard reaches the toolbox: there Escape toggles the split console.
  assert.equal(
    await env.firefox.pressKey("toolbox", "Escape"),
    true,
    "Escape in the toolbox opens the split console"
  )
  assert.equal(await env.firefox.pressKey("toolbox", "Escape"), false, "and closes it again")
  assert.equal(await env.firefox.pressKey("panel", "Escape"), false, "Escape in the panel leaves it closed")
  assert.equal(await env.firefox.pressKey("panel", "Escape"), false)
  const seen = await env.firefox.panelEval<string>(escapesSeen)
  assert.equal(seen.value, "2", "the panel got both Escapes")
})

test("the extension's pages logged no errors", async () => {
  const problems = await env.firefox.consoleProblems()
  assert.deepEqual(
    problems.filter((problem) => problem.level === "error"),
    [],
    "errors from the devtools page or the panel"
  )
})
