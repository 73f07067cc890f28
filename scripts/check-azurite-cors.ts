/**
 * precondition-blocked-by-cors against a real server's preflights, in the built extension's panel:
 * Azurite (Azure Storage's emulator, pinned) with a CORS rule that allows Content-Type but not
 * If-Match, and a page on another origin that PUTs a blob with If-Match, without, and with it again.
 * Azurite refuses the preflights that ask for If-Match whole (403), as Azure Storage does, and lets
 * the other pass; the panel must report the rule with both refused preflights and both refused PUTs.
 * Not part of the test command (it installs Azurite from npm): run `npm run build:chrome`, then
 *   npx tsx scripts/check-azurite-cors.ts
 */
import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync } from "node:fs"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"

import { launchChromium, openPanel, waitFor } from "../tests/e2e/support/chromium"
import { AZURITE_DIR, AZURITE_PACKAGES, installPinned } from "./real-servers/pinned-install"

const PAGES = join(import.meta.dirname, "real-servers")
const PAGE = join(PAGES, "blob-cors-page.html")

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** The store's CORS rule for the page: Content-Type and x-ms-* allowed, If-Match forgotten; no preflight cache. */
function corsRule(pageOrigin: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?><StorageServiceProperties><Cors><CorsRule>' +
    `<AllowedOrigins>${pageOrigin}</AllowedOrigins><AllowedMethods>GET,PUT,DELETE</AllowedMethods>` +
    "<MaxAgeInSeconds>0</MaxAgeInSeconds><ExposedHeaders>etag,x-ms-*</ExposedHeaders>" +
    "<AllowedHeaders>content-type,x-ms-*</AllowedHeaders></CorsRule></Cors></StorageServiceProperties>"
  )
}

async function main(): Promise<void> {
  installPinned(AZURITE_DIR, AZURITE_PACKAGES, "azurite")
  const [proxyPort, storePort] = [await freePort(), await freePort()]
  // azurite-proxy.mjs signs set-up requests with the emulator's development key; the page calls the store itself.
  const proxy = spawn(
    process.execPath,
    [
      join(PAGES, "azurite-proxy.mjs"),
      String(proxyPort),
      String(storePort),
      join(AZURITE_DIR, "node_modules", "azurite"),
      "blob",
      PAGE,
      mkdtempSync(join(tmpdir(), "etag-lens-azurite-cors-"))
    ],
    { stdio: "inherit" }
  )
  const pages = createServer((_request, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" })
    response.end(readFileSync(PAGE))
  })
  await new Promise<void>((resolve) => pages.listen(0, "127.0.0.1", resolve))
  const pageOrigin = `http://localhost:${(pages.address() as AddressInfo).port}`
  const chromium = await launchChromium()
  try {
    const setUp = `http://127.0.0.1:${proxyPort}`
    await waitFor(
      () =>
        fetch(`${setUp}/blob-cors-page.html`).then(
          (answer) => answer.ok,
          () => false
        ),
      "Azurite"
    )
    const container = await fetch(`${setUp}/notes?restype=container`, { method: "PUT" })
    if (container.status !== 201) throw new Error(`creating the container answered ${container.status}`)
    const properties = await fetch(`${setUp}/?restype=service&comp=properties`, {
      method: "PUT",
      headers: { "Content-Type": "application/xml" },
      body: corsRule(pageOrigin)
    })
    if (properties.status !== 202) throw new Error(`setting the CORS rule answered ${properties.status}`)

    const { page } = chromium
    await page.goto(`${pageOrigin}/blob-cors-page.html`)
    const panel = await openPanel(page)
    const outcomes = await page.evaluate(
      (url: string) => (window as unknown as { runPuts(url: string): Promise<string> }).runPuts(url),
      `http://127.0.0.1:${storePort}/devstoreaccount1/notes/1.json`
    )
    // The unguarded PUT passes CORS and reaches the store, which answers it with an error of its own
    // (the page sends no credentials and no blob type): what matters here is that it was sent.
    if (!/^failed \d{3} failed$/.test(outcomes)) throw new Error(`the page's PUTs: ${outcomes}`)
    await panel.clickInPanel('[data-testid="tab-findings"]')
    const finding = await waitFor(
      () =>
        panel.frame.evaluate(
          () =>
            [...document.querySelectorAll<HTMLElement>('[data-testid="finding"]')]
              .map((element) => element.innerText.replace(/\s+/g, " "))
              .find((text) => text.includes("preflight for a PUT")) ?? false
        ),
      "the precondition-blocked-by-cors finding"
    )
    const expected =
      /^#(\d+) preflight for a PUT from http:\/\/localhost:\d+ asked to send If-Match; it was refused \(403\), while #(\d+), for a PUT without it, passed, so the browser refuses to send the PUT/
    if (!expected.test(finding)) throw new Error(`unexpected finding: ${finding}`)
    // The evidence links follow the message: "#1#2#3#5#6lineage".
    const evidence = /((?:#\d+)+)lineage/.exec(finding)?.[1]?.match(/#\d+/g) ?? []
    if (evidence.length !== 5)
      throw new Error(`expected both refused preflights and PUTs as evidence: ${finding}`)
    console.log(`page: ${outcomes}\npanel: ${finding}`)
    await panel.closeDevtools()
  } finally {
    await chromium.close()
    pages.close()
    proxy.kill("SIGTERM")
  }
}

main().catch((error: unknown) => {
  console.error(`check-azurite-cors: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
