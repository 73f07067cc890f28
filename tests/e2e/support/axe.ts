/**
 * axe-core's browser bundle as text, for the accessibility checks of the Chromium and Firefox e2e
 * tests to evaluate in the panel (never part of the build).
 */
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"

export const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8")
