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

/**
 * The demo's story on `policy`: Alice and Bob load note 1 (both 200), `afterLoads` looks at what they
 * hold, then Alice saves her edit and Bob his, each save checked against the status it must get.
 */
async function bothEdit(
  page: Page,
  lab: RunningLab,
  policy: string,
  saves: { readonly alice: string; readonly bob: string },
  afterLoads: () => Promise<void> = async () => {}
): Promise<void> {
  await openDemo(page, lab, policy)
  expectStatus("alice load", await act(page, "alice", "load"), "200")
  expectStatus("bob load", await act(page, "bob", "load"), "200")
  await afterLoads()
  await page.fill("#alice-text", "Buy milk, eggs, bread and coffee. (Alice)")
  expectStatus("alice save", await act(page, "alice", "save"), saves.alice)
  await page.fill("#bob-text", "Buy oat milk instead. (Bob)")
  expectStatus("bob save", await act(page, "bob", "save"), saves.bob)
}

/** Bob's last answer must say that Alice's change was overwritten. */
async function expectOverwriteMessage(page: Page, story: string): Promise<void> {
  const message = (await page.textContent("#bob-message")) ?? ""
  if (!message.includes("overwritten"))
    throw new Error(`${story}: Bob's message does not name the overwrite: ${message}`)
}

/** lax: Alice and Bob load v1, Alice saves, Bob saves over her: both 200, Alice's edit is lost. */
export async function recordLaxLostUpdate(page: Page, lab: RunningLab): Promise<void> {
  await bothEdit(page, lab, "lax", { alice: "200", bob: "200" })
  await expectOverwriteMessage(page, "lax")
}

/**
 * lax, and a client that sends no If-Match at all (both users untick "send If-Match"): both load v1,
 * Alice saves (200), Bob saves over her (200). No tag was ever sent, and Alice's edit is lost.
 */
export async function recordLaxBlindSaves(page: Page, lab: RunningLab): Promise<void> {
  await bothEdit(page, lab, "lax", { alice: "200", bob: "200" }, async () => {
    await page.uncheck("#alice-ifmatch")
    await page.uncheck("#bob-ifmatch")
  })
  await expectOverwriteMessage(page, "lax without If-Match")
}

/**
 * lax, saving with a JSON Patch (RFC 6902) and no If-Match: both load v1, Alice's patch replaces the
 * text (200), Bob's replaces it again (200). A patch of one field loses Alice's change all the same.
 */
export async function recordLaxBlindJsonPatches(page: Page, lab: RunningLab): Promise<void> {
  await bothEdit(page, lab, "lax", { alice: "200", bob: "200" }, async () => {
    await page.selectOption("#save-method", "PATCH")
    await page.uncheck("#alice-ifmatch")
    await page.uncheck("#bob-ifmatch")
  })
  await expectOverwriteMessage(page, "lax with JSON Patch without If-Match")
}

/** strict: both load v1, Alice saves (200), Bob's save is refused (412), Bob refreshes and retries (200). */
export async function recordStrictRefreshAndRetry(page: Page, lab: RunningLab): Promise<void> {
  await bothEdit(page, lab, "strict", { alice: "200", bob: "412" })
  expectStatus("bob refresh and retry", await act(page, "bob", "retry"), "200")
}

/**
 * farm: two servers in turn, each with its own tags. Alice loads from web1, Bob from web2: two tags
 * for the same note. Alice saves (web1 takes its own tag: 200); Bob's save is a real conflict (412);
 * his refresh and retry reads web1's new tag and lands on web2: 412 although nobody changed the
 * note; his next load shows that very tag again.
 */
export async function recordFarmTwoUsers(page: Page, lab: RunningLab): Promise<void> {
  await bothEdit(page, lab, "farm", { alice: "200", bob: "412" }, async () => {
    const [aliceTag, bobTag] = [await page.textContent("#alice-tag"), await page.textContent("#bob-tag")]
    if (aliceTag === bobTag) throw new Error(`farm: both users got the same tag ${aliceTag}`)
  })
  expectStatus("bob refresh and retry", await act(page, "bob", "retry"), "412")
  expectStatus("bob load", await act(page, "bob", "load"), "200")
}

/**
 * per-user: a representation and a tag per user (Vary: Authorization). Alice and Bob load note 1 and
 * hold two tags of one version; Alice saves with hers (200); Bob's tag is now stale (412); his refresh
 * and retry with his new tag passes (200).
 */
export async function recordPerUserTwoUsers(page: Page, lab: RunningLab): Promise<void> {
  await bothEdit(page, lab, "per-user", { alice: "200", bob: "412" }, async () => {
    const [aliceTag, bobTag] = [await page.textContent("#alice-tag"), await page.textContent("#bob-tag")]
    if (aliceTag === bobTag) throw new Error(`per-user: both users got the same tag ${aliceTag}`)
  })
  expectStatus("bob refresh and retry", await act(page, "bob", "retry"), "200")
}

/**
 * strict, and a client that "fixes" its 412 with If-Match: *: both load v1, Alice saves (200), Bob's
 * save is refused (412), Bob switches to If-Match: * and saves again: 200, Alice's change is gone.
 */
export async function recordStrictStarOverwrite(page: Page, lab: RunningLab): Promise<void> {
  await bothEdit(page, lab, "strict", { alice: "200", bob: "412" })
  await page.check("#bob-star")
  expectStatus("bob save with If-Match: *", await act(page, "bob", "save"), "200")
  await expectOverwriteMessage(page, "strict with *")
}
