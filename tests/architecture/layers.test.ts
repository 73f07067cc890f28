// Dependencies point inward (STYLE.md): ui → store → core, adapters → core; core imports
// nothing outside itself. ESLint enforces the same; this test reads the import graph directly
// so a lint config change cannot silently drop the rule.
import { readdirSync, readFileSync, statSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { describe, expect, it } from "vitest"

const src = resolve(__dirname, "../../src")

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|tsx)$/.test(name) ? [path] : []
  })
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8")
  return [
    ...text.matchAll(
      /(?:^|\n)\s*(?:import|export)\s[^"'`]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g
    )
  ].map((m) => m[1] ?? m[2])
}

/** The layer a module specifier lands in, as seen from `file`: "core", "store", …, or the package name. */
function layerOf(file: string, specifier: string): string {
  if (!specifier.startsWith(".") && !specifier.startsWith("~")) return `package:${specifier}`
  const target = specifier.startsWith("~") ? join(src, specifier.slice(1)) : resolve(dirname(file), specifier)
  const rel = relative(src, target)
  if (rel.startsWith("..")) return `outside:${relative(resolve(src, ".."), target)}`
  return rel.split(/[\\/]/)[0]
}

const layers = (name: string) =>
  sourceFiles(join(src, name)).map((file) => ({ file, imports: importsOf(file) }))

function violations(layer: string, allowed: (target: string) => boolean) {
  return layers(layer).flatMap(({ file, imports }) =>
    imports
      .map((specifier) => ({ specifier, target: layerOf(file, specifier) }))
      .filter(({ target }) => !allowed(target))
      .map(({ specifier }) => `${relative(src, file)} imports ${specifier}`)
  )
}

describe("layer boundaries", () => {
  it("the checker sees through relative, aliased and package imports", () => {
    const uiFile = join(src, "ui", "Example.tsx")
    expect(layerOf(uiFile, "../adapters/x")).toBe("adapters")
    expect(layerOf(uiFile, "~store/panel-store")).toBe("store")
    expect(layerOf(uiFile, "react")).toBe("package:react")
    expect(layerOf(join(src, "core", "a.ts"), "../../plasmo.config")).toBe("outside:plasmo.config")
    expect(importsOf(join(src, "core", "engine.ts"))).toContain("./model")
  })

  it("core imports nothing outside src/core (no packages, no Node, no browser)", () => {
    expect(violations("core", (target) => target === "core")).toEqual([])
  })

  it("inside core, reading exchanges (http, traffic) never depends on judging them (lineage, policy, findings, …)", () => {
    const judging = new Set(["lineage", "policy", "findings", "replay", "scenario", "report"])
    const offenders = ["http", "traffic"].flatMap((part) =>
      sourceFiles(join(src, "core", part)).flatMap((file) =>
        importsOf(file)
          .filter((specifier) => specifier.startsWith("."))
          .map(
            (specifier) => relative(join(src, "core"), resolve(dirname(file), specifier)).split(/[\\/]/)[0]
          )
          .filter((target) => judging.has(target))
          .map((target) => `${relative(src, file)} imports core/${target}`)
      )
    )
    expect(offenders).toEqual([])
  })

  it("core uses no browser or extension global", () => {
    const offenders = sourceFiles(join(src, "core")).filter((file) =>
      /\b(chrome|browser|window|document|localStorage)\s*\.\w/.test(
        readFileSync(file, "utf8").replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, "")
      )
    )
    expect(offenders.map((f) => relative(src, f))).toEqual([])
  })

  it("the store depends on core and adapter ports only", () => {
    expect(
      violations(
        "store",
        (t) =>
          t === "core" ||
          t === "store" ||
          t === "adapters" ||
          t.startsWith("package:zustand") ||
          t === "outside:plasmo.config"
      )
    ).toEqual([])
  })

  it("adapters depend on core only", () => {
    expect(
      violations(
        "adapters",
        (t) =>
          t === "core" ||
          t === "adapters" ||
          (t.startsWith("package:") && !/react|zustand/.test(t)) ||
          t === "outside:plasmo.config"
      )
    ).toEqual([])
  })

  it("the UI never touches adapters or browser APIs", () => {
    expect(
      violations(
        "ui",
        (t) =>
          t !== "adapters" &&
          t !== "package:webextension-polyfill" &&
          t !== "tabs" &&
          t !== "cli" &&
          t !== "lab"
      )
    ).toEqual([])
    const offenders = sourceFiles(join(src, "ui")).filter((file) =>
      /\b(chrome|browser)\.\w/.test(readFileSync(file, "utf8").replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ""))
    )
    expect(offenders.map((f) => relative(src, f))).toEqual([])
  })
})
