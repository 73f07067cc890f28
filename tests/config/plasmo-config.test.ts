import { existsSync, readFileSync } from "node:fs"
import { resolve } from "node:path"
import { describe, expect, it } from "vitest"

import { extensionConfig } from "../../plasmo.config"

const root = resolve(__dirname, "../..")
const readJson = (path: string) => JSON.parse(readFileSync(resolve(root, path), "utf8"))
const packageJson = readJson("package.json")

function builtManifest(target: string) {
  const path = `build/${target}-prod/manifest.json`
  if (!existsSync(resolve(root, path))) throw new Error(`${path} is missing: run \`npm run build\` first`)
  return readJson(path)
}

describe("plasmo.config.ts is the source of the extension's settings", () => {
  it("package.json's manifest asks for exactly the configured permissions", () => {
    expect(packageJson.manifest.permissions).toEqual(extensionConfig.permissions)
    expect(packageJson.manifest.host_permissions ?? []).toEqual([])
  })

  it("package.json's manifest sets the configured CSP: no inline script, no remote code", () => {
    const csp: string = packageJson.manifest.content_security_policy.extension_pages
    expect(csp).toBe(extensionConfig.contentSecurityPolicy)
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/)
  })

  it("package.json's gecko settings match the configured add-on id and minimum version", () => {
    const gecko = packageJson.manifest.browser_specific_settings.gecko
    expect(gecko.id).toBe(extensionConfig.gecko.id)
    expect(gecko.strict_min_version).toBe(extensionConfig.gecko.strictMinVersion)
  })

  it("package.json has a build script for every configured target and no other", () => {
    const targets = Object.values(packageJson.scripts as Record<string, string>)
      .flatMap((script) => [...script.matchAll(/plasmo build --target=([\w-]+)/g)].map((m) => m[1]))
      .sort()
    expect(targets).toEqual([...extensionConfig.targets].sort())
  })

  it("the devtools page takes the panel title from the config", () => {
    const devtools = readFileSync(resolve(root, "src/devtools.tsx"), "utf8")
    expect(devtools).toMatch(/extensionConfig\.panelTitle/)
  })

  for (const target of extensionConfig.targets) {
    it(`the built ${target} manifest agrees with the config`, () => {
      const manifest = builtManifest(target)
      expect(manifest.name).toBe(packageJson.displayName)
      expect(manifest.manifest_version).toBe(3)
      expect(manifest.permissions).toEqual(extensionConfig.permissions)
      expect(manifest.host_permissions ?? []).toEqual([])
      expect(manifest.content_scripts ?? []).toEqual([])
      expect(manifest.devtools_page).toBe("devtools.html")
      // The toolbar button opens a popup saying where the panel is, rather than doing nothing.
      expect(manifest.action?.default_popup).toBe("popup.html")
      expect(manifest.content_security_policy?.extension_pages).toBe(extensionConfig.contentSecurityPolicy)
      if (target.startsWith("firefox")) {
        expect(manifest.browser_specific_settings.gecko.id).toBe(extensionConfig.gecko.id)
        expect(manifest.browser_specific_settings.gecko.strict_min_version).toBe(
          extensionConfig.gecko.strictMinVersion
        )
      }
    })
  }
})
