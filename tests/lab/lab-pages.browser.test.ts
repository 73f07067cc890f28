/**
 * The lab's pages in real Chromium (playwright-core, Debian's /usr/bin/chromium): the scenario
 * page's statuses for every policy, and the two-user demo's lost update (lax) and
 * refresh-and-retry (strict, and with a date or a body resourceVersion on dated and kube). Skipped with a reason when Chromium is not installed.
 */
import type { Page } from "playwright-core"
import { describe, expect, it } from "vitest"

import { EXPECTED_SCENARIO_STATUSES } from "../../scripts/record-fixtures-expectations"
import { actAs as act } from "../../scripts/record-fixtures-two-users"
import { hasChromium, useLabInChromium } from "./lab-chromium"

describe.skipIf(!hasChromium)(
  `lab pages in Chromium${hasChromium ? "" : " (skipped: no /usr/bin/chromium)"}`,
  () => {
    const { openPage, url } = useLabInChromium()

    /** The demo on `policy`, with Alice and Bob both holding note 1 as loaded. */
    async function demoWithBothLoaded(policy: string) {
      const page = await openPage(`/?policy=${policy}`)
      await page.waitForSelector("body[data-ready]")
      await act(page, "alice", "load")
      await act(page, "bob", "load")
      return page
    }

    /**
     * Bob holds `held`; Alice saves; Bob's save with what he holds is refused with 412; his retry
     * after a refresh passes, and he then holds `after`.
     */
    async function expectStaleRefusedThenRetried(page: Page, held: string, after: string) {
      expect(await page.textContent("#bob-tag")).toBe(held)
      expect((await act(page, "alice", "save")).code).toBe("200")
      expect(await act(page, "bob", "save")).toEqual({
        code: "412",
        message: "412: someone changed it — refresh and retry."
      })
      expect((await act(page, "bob", "retry")).code).toBe("200")
      expect(await page.textContent("#bob-tag")).toBe(after)
    }

    it.each(Object.entries(EXPECTED_SCENARIO_STATUSES))(
      "scenario page on %s: %s",
      async (policy, expected) => {
        const page = await openPage(`/scenario.html?policy=${policy}`)
        await page.click("#run")
        await page.waitForSelector("body[data-done]")
        expect(await page.evaluate(() => document.body.dataset.statuses)).toBe(expected)
        // Azure DevOps-style updates are JSON Patches: the page says PATCH.
        const write = policy === "azure-devops" ? "PATCH" : "PUT"
        expect(await page.textContent("#out")).toContain(`${write} (stale tag): ${expected.split(" ")[3]}`)
        await page.close()
      }
    )

    it("a page on another loopback origin sends a bearer token to per-user: the preflight allows Authorization", async () => {
      const page = await openPage("/lab.css")
      // The page on http://localhost:PORT, the API on http://127.0.0.1:PORT: another origin.
      await page.goto(`${url().replace("127.0.0.1", "localhost")}/lab.css`)
      const statuses = await page.evaluate(async (api) => {
        const auth = { Authorization: "Bearer alice" }
        const read = await fetch(api, { headers: auth })
        const tag = read.headers.get("ETag") ?? ""
        const write = await fetch(api, {
          method: "PUT",
          headers: { ...auth, "Content-Type": "application/json", "If-Match": tag },
          body: JSON.stringify({ text: "from another origin" })
        })
        return [read.status, write.status]
      }, `${url()}/api/per-user/notes/1`)
      expect(statuses).toEqual([200, 200])
      await page.close()
    })

    it.each(["hide-etag", "block-if-match", "refuse-if-match"])(
      "scenario page with &batch=1 on a cross-origin API with &cors=%s: the batches go to $batch?cors=…, and their operations' tags pass",
      async (mode) => {
        const page = await openPage("/lab.css")
        const batches: { url: string; exposed: string }[] = []
        page.on("response", (response) => {
          if (response.request().method() === "POST" && response.url().includes("/$batch"))
            batches.push({
              url: response.url(),
              exposed: response.headers()["access-control-expose-headers"] ?? ""
            })
        })
        // The page on http://localhost:PORT, the API on http://127.0.0.1:PORT: another origin.
        const pageOrigin = url().replace("127.0.0.1", "localhost")
        await page.goto(`${pageOrigin}/scenario.html?policy=strict&api=${url()}&cors=${mode}&batch=1`)
        await page.click("#run")
        await page.waitForSelector("body[data-done]")
        // If-Match and ETag travel inside the multipart body, where CORS does not look: without the
        // batch, hide-etag gives 200 428 428 428 and the other two 200 failed 428 failed.
        expect(await page.evaluate(() => document.body.dataset.statuses)).toBe("200 200 428 412")
        expect(batches.map((batch) => batch.url)).toEqual(
          Array(4).fill(`${url()}/api/strict/$batch?cors=${mode}`)
        )
        for (const { exposed } of batches) {
          if (mode === "hide-etag") expect(exposed).not.toMatch(/etag/i)
          else expect(exposed).toContain("ETag")
        }
        await page.close()
      }
    )

    it("scenario page: &api= takes an origin with its trailing slash, and names what it ignores", async () => {
      const pageOrigin = url().replace("127.0.0.1", "localhost")
      const page = await openPage("/lab.css")
      const puts: string[] = []
      page.on("request", (request) => {
        if (request.method() === "PUT") puts.push(request.url())
      })
      await page.goto(`${pageOrigin}/scenario.html?policy=strict&api=${url()}/`)
      await page.click("#run")
      await page.waitForSelector("body[data-done]")
      expect(puts[0]).toBe(`${url()}/api/strict/notes/1`)
      expect(await page.textContent("#policy-name")).toBe(`strict (API on ${url()})`)
      await page.goto(`${pageOrigin}/scenario.html?policy=strict&api=${url()}/api`)
      expect(await page.textContent("#policy-name")).toBe(
        `strict (api=${url()}/api ignored: not an origin such as http://127.0.0.1:8787; same origin)`
      )
      await page.close()
    })

    it("demo on lax: Bob's save silently overwrites Alice's and the page says so", async () => {
      const page = await demoWithBothLoaded("lax")
      await page.fill("#alice-text", "Alice's edit")
      expect((await act(page, "alice", "save")).code).toBe("200")
      await page.fill("#bob-text", "Bob's edit")
      const bob = await act(page, "bob", "save")
      expect(bob.code).toBe("200")
      expect(bob.message).toBe("200: saved — but Alice's change was silently overwritten!")
      await page.close()
    })

    it("demo saving with a JSON Patch: on strict the tag still guards it, on lax without If-Match Alice's change is lost", async () => {
      const page = await demoWithBothLoaded("strict")
      await page.selectOption("#save-method", "PATCH")
      await page.fill("#alice-text", "Alice's edit")
      expect((await act(page, "alice", "save")).code).toBe("200")
      await page.fill("#bob-text", "Bob's edit")
      expect((await act(page, "bob", "save")).code).toBe("412")
      expect(await page.textContent("#log")).toMatch(
        /Bob: PATCH \/api\/strict\/notes\/1 If-Match: "n1-v1-[0-9a-f]+" → 412/
      )
      // The choice stays when the policy changes; couch takes its _rev in the body, so PUT only.
      await page.selectOption("#policy", "lax")
      await page.click("#alice-load")
      await page.click("#bob-load")
      await page.waitForFunction(() =>
        ["alice", "bob"].every((user) => document.getElementById(`${user}-status`)?.dataset.code === "200")
      )
      await page.uncheck("#alice-ifmatch")
      await page.uncheck("#bob-ifmatch")
      expect((await act(page, "alice", "save")).code).toBe("200")
      expect(await act(page, "bob", "save")).toEqual({
        code: "200",
        message: "200: saved — but Alice's change was silently overwritten!"
      })
      expect(await page.textContent("#log")).toContain("Bob: PATCH /api/lax/notes/1 → 200")
      await page.selectOption("#policy", "couch")
      expect(await page.inputValue("#save-method")).toBe("PUT")
      expect(await page.isDisabled('#save-method option[value="PATCH"]')).toBe(true)
      await page.close()
    })

    it("demo on dated: the same story with Last-Modified and If-Unmodified-Since instead of tags", async () => {
      const page = await demoWithBothLoaded("dated")
      await expectStaleRefusedThenRetried(
        page,
        "Thu, 01 Jan 2026 00:01:00 GMT",
        "Thu, 01 Jan 2026 00:03:00 GMT"
      )
      expect(await page.textContent("label[for=alice-ifmatch]")).toBe("send If-Unmodified-Since")
      await page.uncheck("#alice-ifmatch")
      expect(await act(page, "alice", "save")).toEqual({
        code: "428",
        message: "428: the server requires If-Unmodified-Since — tick “send If-Unmodified-Since”, then retry."
      })
      expect(await page.textContent("#log")).toContain(
        "Bob: PUT /api/dated/notes/1 If-Unmodified-Since: Thu, 01 Jan 2026 00:01:00 GMT → 412"
      )
      await page.close()
    })

    it("demo on dated-lax: Bob's stale date is accepted and Alice's change is silently overwritten", async () => {
      const page = await demoWithBothLoaded("dated-lax")
      expect(await page.textContent("#bob-tag")).toBe("Thu, 01 Jan 2026 00:01:00 GMT")
      expect(await page.textContent("label[for=bob-ifmatch]")).toBe("send If-Unmodified-Since")
      expect((await act(page, "alice", "save")).code).toBe("200")
      expect(await act(page, "bob", "save")).toEqual({
        code: "200",
        message: "200: saved — but Alice's change was silently overwritten!"
      })
      expect(await page.textContent("#log")).toContain(
        "Bob: PUT /api/dated-lax/notes/1 If-Unmodified-Since: Thu, 01 Jan 2026 00:01:00 GMT → 200"
      )
      await page.close()
    })

    it("demo on deflate: even the current tag is refused, Refresh & retry cannot help, and the page says nobody changed it", async () => {
      const page = await demoWithBothLoaded("deflate")
      expect(await page.textContent("#alice-tag")).toMatch(/-gzip"$/)
      const refusedCurrent = {
        code: "412",
        message:
          "412: the server refused its own current tag — nobody changed the note. It sends its ETag with Apache mod_deflate's “-gzip” suffix but compares If-Match without it, so Refresh & retry gets the same 412."
      }
      expect(await act(page, "alice", "save")).toEqual(refusedCurrent)
      expect(await act(page, "alice", "retry")).toEqual(refusedCurrent)
      await page.uncheck("#alice-ifmatch")
      expect((await act(page, "alice", "save")).code).toBe("200")
      // Bob's tag is of v1 now: a real stale tag, and the page says so.
      expect(await act(page, "bob", "save")).toEqual({
        code: "412",
        message: "412: someone changed it — refresh and retry."
      })
      await page.close()
    })

    it("demo on strict: after a 412, If-Match: * passes and overwrites the other user's change", async () => {
      const page = await demoWithBothLoaded("strict")
      expect((await act(page, "alice", "save")).code).toBe("200")
      expect((await act(page, "bob", "save")).code).toBe("412")
      await page.check("#bob-star")
      const overwrite = await act(page, "bob", "save")
      expect(overwrite.code).toBe("200")
      expect(overwrite.message).toContain("Alice's change was silently overwritten")
      expect(await page.textContent("#log")).toContain("Bob: PUT /api/strict/notes/1 If-Match: * → 200")
      // Where the version travels in the body, or as a date, there is no If-Match to send * in.
      await page.selectOption("#policy", "couch")
      expect(await page.isVisible("#bob-star")).toBe(false)
      await page.close()
    })

    it("demo on farm: the two users get the note from different servers, each with its own tag", async () => {
      const page = await demoWithBothLoaded("farm")
      expect(await page.textContent("#alice-tag")).toMatch(/^"n1-v1-[0-9a-f]+:web1"$/)
      expect(await page.textContent("#bob-tag")).toMatch(/^"n1-v1-[0-9a-f]+:web2"$/)
      // Alice's save lands on web1, which made her tag; Bob's tag is now stale anyway.
      expect((await act(page, "alice", "save")).code).toBe("200")
      expect((await act(page, "bob", "save")).code).toBe("412")
      const log = (await page.textContent("#log")) ?? ""
      expect(log).toContain("Alice: GET /api/farm/notes/1 → 200 (web1)")
      expect(log).toContain("Bob: GET /api/farm/notes/1 → 200 (web2)")
      expect(log).toMatch(/Bob: PUT \/api\/farm\/notes\/1 If-Match: "n1-v1-[0-9a-f]+:web2" → 412 \(web2\)/)
      expect(await page.textContent("#bob-message")).toBe("412: someone changed it — refresh and retry.")
      // His retry reads v2 from web1 and saves to web2: a current tag, refused by the other server.
      expect(await act(page, "bob", "retry")).toEqual({
        code: "412",
        message:
          "412: web2 refused a current tag — nobody changed the note. The tag came from web1, and each server of the farm tags the same note differently: a save passes only on the server whose tag it sends."
      })
      expect(await page.textContent("#bob-tag")).toMatch(/^"n1-v2-[0-9a-f]+:web1"$/)
      await page.close()
    })

    it("demo on kube: the resourceVersion travels in the body; a stale one is a 409 Conflict", async () => {
      const page = await demoWithBothLoaded("kube")
      expect(await page.textContent("#bob-tag")).toBe("1001")
      expect((await act(page, "alice", "save")).code).toBe("200")
      expect((await act(page, "bob", "save")).code).toBe("409")
      expect((await act(page, "bob", "retry")).code).toBe("200")
      expect(await page.textContent("#bob-tag")).toBe("1003")
      expect(await page.textContent("label[for=alice-ifmatch]")).toBe("send metadata.resourceVersion")
      await page.close()
    })

    it("demo on spring: the version number travels in the body; a stale one is a 409 Conflict", async () => {
      const page = await demoWithBothLoaded("spring")
      expect(await page.textContent("#bob-tag")).toBe("1")
      expect((await act(page, "alice", "save")).code).toBe("200")
      const refused = await act(page, "bob", "save")
      expect(refused).toEqual({
        code: "409",
        message: "409: someone changed it — your version is stale. Refresh and retry."
      })
      expect((await act(page, "bob", "retry")).code).toBe("200")
      expect(await page.textContent("#bob-tag")).toBe("3")
      expect(await page.textContent("label[for=alice-ifmatch]")).toBe("send version (in the body)")
      expect(await page.isVisible("#alice-star")).toBe(false)
      await page.close()
    })

    it("demo on confluence: a save sends the next version number; a stale one is a 409", async () => {
      const page = await demoWithBothLoaded("confluence")
      expect(await page.textContent("#bob-tag")).toBe("1")
      expect((await act(page, "alice", "save")).code).toBe("200")
      expect(await act(page, "bob", "save")).toEqual({
        code: "409",
        message: "409: someone changed it — your version.number is not the next one. Refresh and retry."
      })
      expect((await act(page, "bob", "retry")).code).toBe("200")
      expect(await page.textContent("#bob-tag")).toBe("3")
      expect(await page.textContent("label[for=alice-ifmatch]")).toBe("send version.number (in the body)")
      await page.close()
    })

    it("demo on unmapped: a stale tag gets 500, and the page says what that likely hides", async () => {
      const page = await demoWithBothLoaded("unmapped")
      expect((await act(page, "alice", "save")).code).toBe("200")
      expect(await act(page, "bob", "save")).toEqual({
        code: "500",
        message:
          "500: the server failed — was it your stale tag? It detected the conflict but never said so (412): refresh and retry."
      })
      expect((await act(page, "bob", "retry")).code).toBe("200")
      await page.close()
    })

    it("demo on contentful: sys.version goes back in X-Contentful-Version; stale or missing is a 409", async () => {
      const page = await demoWithBothLoaded("contentful")
      expect(await page.textContent("#bob-tag")).toBe("1")
      expect((await act(page, "alice", "save")).code).toBe("200")
      expect(await act(page, "bob", "save")).toEqual({
        code: "409",
        message: "409: VersionMismatch — your X-Contentful-Version is missing or stale. Refresh and retry."
      })
      expect((await act(page, "bob", "retry")).code).toBe("200")
      expect(await page.textContent("#bob-tag")).toBe("3")
      expect(await page.textContent("#log")).toContain(
        "Bob: PUT /api/contentful/notes/1 X-Contentful-Version: 1 → 409"
      )
      expect(await page.textContent("label[for=alice-ifmatch]")).toBe("send X-Contentful-Version (a header)")
      expect(await page.isVisible("#alice-star")).toBe(false)
      // Without the header, the write is refused too: no update goes unguarded.
      await page.uncheck("#alice-ifmatch")
      expect((await act(page, "alice", "save")).code).toBe("409")
      await page.close()
    })

    it("demo on azure-devops: saves are JSON Patches testing rev; a stale one is a 409, one without rev overwrites", async () => {
      const page = await demoWithBothLoaded("azure-devops")
      expect(await page.textContent("#bob-tag")).toBe("1")
      expect(await page.isDisabled('#save-method option[value="PUT"]')).toBe(true)
      expect(await page.inputValue("#save-method")).toBe("PATCH")
      expect(await page.textContent("label[for=alice-ifmatch]")).toBe("send rev (a JSON Patch test)")
      expect((await act(page, "alice", "save")).code).toBe("200")
      expect(await act(page, "bob", "save")).toEqual({
        code: "409",
        message: "409: the patch's test of rev failed — someone changed it. Refresh and retry."
      })
      expect(await page.textContent("#log")).toContain(
        "Bob: PATCH /api/azure-devops/notes/1 test rev: 1 → 409"
      )
      expect((await act(page, "bob", "retry")).code).toBe("200")
      // Without the test, Alice's update overwrites Bob's: accepted, a version skipped.
      await page.uncheck("#alice-ifmatch")
      expect((await act(page, "alice", "save")).message).toMatch(/silently overwritten/)
      // Another policy: saves are PUTs again, as before azure-devops forced PATCH.
      await page.selectOption("#policy", "strict")
      expect(await page.inputValue("#save-method")).toBe("PUT")
      expect(await page.isDisabled('#save-method option[value="PUT"]')).toBe(false)
      await page.close()
    })

    it('demo on fhir: the weak tag W/"1" is sent back and matched by version; Bob\'s stale one is a 412', async () => {
      const page = await demoWithBothLoaded("fhir")
      await expectStaleRefusedThenRetried(page, 'W/"1"', 'W/"3"')
      // Without If-Match, a FHIR server takes the update: Bob's change is overwritten.
      await page.uncheck("#alice-ifmatch")
      expect((await act(page, "alice", "save")).message).toMatch(/silently overwritten/)
      await page.close()
    })

    it('demo on scim: the weak tag W/"1" is sent back as SCIM content and matched by version; Bob\'s stale one is a 412', async () => {
      const page = await demoWithBothLoaded("scim")
      await expectStaleRefusedThenRetried(page, 'W/"1"', 'W/"3"')
      await page.close()
    })

    it("demo on strict: Bob gets 412, refreshes and retries, and the tag he holds moves on", async () => {
      const page = await demoWithBothLoaded("strict")
      const heldBefore = await page.textContent("#bob-tag")
      expect(heldBefore).toMatch(/^"n1-v1-/)
      expect((await act(page, "alice", "save")).code).toBe("200")
      const refused = await act(page, "bob", "save")
      expect(refused).toEqual({ code: "412", message: "412: someone changed it — refresh and retry." })
      expect(await page.isVisible("#bob-retry")).toBe(true)
      const retried = await act(page, "bob", "retry")
      expect(retried.code).toBe("200")
      expect(await page.textContent("#bob-tag")).toMatch(/^"n1-v3-/)
      await page.uncheck("#alice-ifmatch")
      expect((await act(page, "alice", "save")).code).toBe("428")
      await page.click("#reset")
      await page.waitForFunction(() => document.getElementById("notice")?.textContent?.includes("reset"))
      expect(await page.textContent("#alice-tag")).toBe("none")
      await page.close()
    })

    it("demo: Reset lab and a policy switch put each user's If-Match toggles back to their defaults", async () => {
      const page = await demoWithBothLoaded("strict")
      const toggles = async () => ({
        aliceIfMatch: await page.isChecked("#alice-ifmatch"),
        aliceStar: await page.isChecked("#alice-star"),
        bobIfMatch: await page.isChecked("#bob-ifmatch"),
        bobStar: await page.isChecked("#bob-star")
      })
      const defaults = { aliceIfMatch: true, aliceStar: false, bobIfMatch: true, bobStar: false }
      expect(await toggles()).toEqual(defaults)
      await page.check("#bob-star")
      await page.uncheck("#alice-ifmatch")
      await page.click("#reset")
      await page.waitForFunction(() => document.getElementById("notice")?.textContent?.includes("reset"))
      expect(await toggles()).toEqual(defaults)
      // The teacher's path: "as *" ticked on strict, then the stale-tag conflict shown on nox.
      await page.check("#bob-star")
      await page.uncheck("#alice-ifmatch")
      await page.selectOption("#policy", "nox")
      expect(await toggles()).toEqual(defaults)
      await act(page, "alice", "load")
      await act(page, "bob", "load")
      expect((await act(page, "alice", "save")).code).toBe("200")
      expect(await act(page, "bob", "save")).toEqual({
        code: "409",
        message: "409: someone changed it (this API says 409, not 412) — refresh and retry."
      })
      expect(await page.textContent("#log")).toMatch(
        /Bob: PUT \/api\/nox\/notes\/1 If-Match: "n1-v1-[0-9a-f]+" → 409/
      )
      await page.close()
    })

    it("demo on nox: a save without If-Match is a 409 the page reads as a missing tag, not as a change", async () => {
      const page = await demoWithBothLoaded("nox")
      await page.uncheck("#bob-ifmatch")
      // Nobody changed the note: nox answers 409 where strict answers 428.
      expect(await act(page, "bob", "save")).toEqual({
        code: "409",
        message:
          "409: this API wants If-Match on every write (it says 409, not 428) — tick “send If-Match”, then retry."
      })
      await page.check("#bob-ifmatch")
      expect((await act(page, "alice", "save")).code).toBe("200")
      expect(await act(page, "bob", "save")).toEqual({
        code: "409",
        message: "409: someone changed it (this API says 409, not 412) — refresh and retry."
      })
      await page.close()
    })
  }
)
