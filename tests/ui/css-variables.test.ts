/**
 * Every CSS custom property the panel's styles read is one the themes define (panel.css, light and
 * dark) or one a component sets inline. A misspelt name falls back silently: the replay dialog once
 * read `--background`, which no theme sets, and stayed white with light text in the dark theme.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { describe, expect, it } from "vitest"

const UI = resolve(__dirname, "../../src/ui")

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourcesUnder(join(dir, entry.name))
      : /\.(css|ts|tsx)$/.test(entry.name)
        ? [join(dir, entry.name)]
        : []
  )
}

const sources = sourcesUnder(UI).map((path) => ({ path, text: readFileSync(path, "utf8") }))
const css = readFileSync(join(UI, "panel.css"), "utf8")

/** The properties a theme block sets (`--name: value;` inside `.panel { … }` or `.panel[data-theme="dark"] { … }`). */
function themeProperties(selector: string): Set<string> {
  const start = css.indexOf(`${selector} {`)
  const block = css.slice(start, css.indexOf("}", start))
  return new Set([...block.matchAll(/(--[a-z0-9-]+)\s*:/g)].map((match) => match[1]))
}

describe("the panel's CSS custom properties", () => {
  const light = themeProperties(".panel")
  const dark = themeProperties('.panel[data-theme="dark"]')
  // Set from components' inline styles (`style={{ "--name": … }}`).
  const setInline = new Set(
    sources.flatMap(({ text }) => [...text.matchAll(/"(--[a-z0-9-]+)":/g)].map((match) => match[1]))
  )

  it("the light and the dark theme set the same ones", () => {
    expect(light.size).toBeGreaterThan(10)
    expect([...dark].sort()).toEqual([...light].sort())
  })

  it("every one read is set by the themes or inline", () => {
    const read = sources.flatMap(({ path, text }) =>
      [...text.matchAll(/var\((--[a-z0-9-]+)/g)].map((match) => ({ path, name: match[1] }))
    )
    expect(read.length).toBeGreaterThan(50)
    const unset = read.filter(({ name }) => !light.has(name) && !setInline.has(name))
    expect(unset.map(({ path, name }) => `${path.slice(UI.length + 1)}: ${name}`)).toEqual([])
  })
})
