/** The lab's static pages (demo, scenario, polling) and their scripts, read once from this folder. */
import { readFileSync } from "node:fs"

import { Hono } from "hono"

interface StaticFile {
  readonly route: string
  readonly file: string
  readonly contentType: string
}

const STATIC_FILES: readonly StaticFile[] = [
  { route: "/", file: "demo.html", contentType: "text/html; charset=utf-8" },
  { route: "/demo.js", file: "demo.js", contentType: "text/javascript; charset=utf-8" },
  { route: "/lab.css", file: "lab.css", contentType: "text/css; charset=utf-8" },
  { route: "/tag-access.js", file: "tag-access.js", contentType: "text/javascript; charset=utf-8" },
  { route: "/scenario.html", file: "scenario.html", contentType: "text/html; charset=utf-8" },
  { route: "/scenario.js", file: "scenario.js", contentType: "text/javascript; charset=utf-8" },
  { route: "/poll.html", file: "poll.html", contentType: "text/html; charset=utf-8" },
  { route: "/poll.js", file: "poll.js", contentType: "text/javascript; charset=utf-8" }
]

export function createPageRoutes(): Hono {
  const pages = new Hono()
  for (const { route, file, contentType } of STATIC_FILES) {
    const content = readFileSync(new URL(`./${file}`, import.meta.url), "utf8")
    pages.get(
      route,
      () => new Response(content, { headers: { "Content-Type": contentType, "Cache-Control": "no-cache" } })
    )
  }
  // The extension's icon as an image, so the browser's own favicon request reads as a static asset
  // in the panel (capture noise, hidden), not as an API call on a class's screen.
  const icon = readFileSync(new URL("../../../assets/icon.png", import.meta.url))
  pages.get(
    "/favicon.ico",
    () => new Response(icon, { headers: { "Content-Type": "image/png", "Cache-Control": "max-age=3600" } })
  )
  return pages
}
