/** The two-user demo sessions recorded as fixtures (see record-fixtures.ts). */
import type { Page } from "playwright-core"

import type { RunningLab } from "../src/lab/server"

async function openDemo(page: Page, lab: RunningLab, policy: string): Promise<void> {
  await page.goto(`${lab.url}/?policy=${policy}`)
  await page.waitForSelector("body[data-ready]")
}

/**
 * Clicks a user's button on the two-user demo page and waits until that user's request has been
 * answered: the status code and the message the page shows (the lab's page tests use it too).
 */
export async function actAs(
  page: Page,
  user: "alice" | "bob",
  action: "load" | "save" | "retry"
): Promise<{ code: string; message: string }> {
  const before = await page.getAttribute(`#${user}-status`, "data-seq")
  await page.click(`#${user}-${action}`)
  await page.waitForFunction(([id, previous]) => document.getElementById(id)?.dataset.seq !== previous, [
    `${user}-status`,
    before
  ] as const)
  return {
    code: (await page.getAttribute(`#${user}-status`, "data-code")) ?? "",
    message: (await page.textContent(`#${user}-message`)) ?? ""
  }
}

/** The status code a user's click got. */
async function act(page: Page, user: "alice" | "bob", action: "load" | "save" | "retry"): Promise<string> {
  return (await actAs(page, user, action)).code
}

function expectStatus(step: string, actual: string, expected: string): void {
  if (actual !== expected) throw new Error(`${step}: got ${actual}, expected ${expected}`)
}

/** lax: Alice and Bob load v1, Alice saves, Bob saves over her: both 200, Alice's edit is lost. */
export async function recordLaxLostUpdate(page: Page, lab: RunningLab): Promise<void> {
  await openDemo(page, lab, "lax")
  expectStatus("alice load", await act(page, "alice", "load"), "200")
  expectStatus("bob load", await act(page, "bob", "load"), "200")
  await page.fill("#alice-text", "Buy milk, eggs, bread and coffee. (Alice)")
  expectStatus("alice save", await act(page, "alice", "save"), "200")
  await page.fill("#bob-text", "Buy oat milk instead. (Bob)")
  expectStatus("bob save", await act(page, "bob", "save"), "200")
  const message = (await page.textContent("#bob-message")) ?? ""
  if (!message.includes("overwritten"))
    throw new Error(`lax: Bob's message does not name the lost update: ${message}`)
}

/** strict: both load v1, Alice saves (200), Bob's save is refused (412), Bob refreshes and retries (200). */
export async function recordStrictRefreshAndRetry(page: Page, lab: RunningLab): Promise<void> {
  await openDemo(page, lab, "strict")
  expectStatus("alice load", await act(page, "alice", "load"), "200")
  expectStatus("bob load", await act(page, "bob", "load"), "200")
  await page.fill("#alice-text", "Buy milk, eggs, bread and coffee. (Alice)")
  expectStatus("alice save", await act(page, "alice", "save"), "200")
  await page.fill("#bob-text", "Buy oat milk instead. (Bob)")
  expectStatus("bob save", await act(page, "bob", "save"), "412")
  expectStatus("bob refresh and retry", await act(page, "bob", "retry"), "200")
}
