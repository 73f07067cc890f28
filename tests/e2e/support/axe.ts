/**
 * axe-core's browser bundle as text, for the accessibility checks of the Chromium and Firefox e2e
 * tests to evaluate in the panel (never part of the build).
 */
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"

import type { FirefoxSession } from "./firefox"

export const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8")

/**
 * axe-core's violations in Firefox's panel as it is now (ids and elements). axe runs in a sandbox
 * over the panel window from the frame script, so the extension's CSP does not apply and nothing of
 * it is in the build; `passes` counts the checks that ran clean (zero would mean axe looked at nothing).
 */
const FIREFOX_AXE_RUN = `(async () => {
  const sandbox = Components.utils.Sandbox(content, { sandboxPrototype: content, wantXrays: false })
  if (!content.wrappedJSObject.axe) Components.utils.evalInSandbox(${JSON.stringify(AXE_SOURCE)}, sandbox)
  const result = await content.wrappedJSObject.axe.run(content.document, {})
  return JSON.stringify({
    passes: result.passes.length,
    violations: Array.from(result.violations, (violation) =>
      violation.id + ": " + Array.from(violation.nodes, (node) => node.target.join(" ")).join(", "))
  })
})()`

export interface AxeOutcome {
  readonly passes: number
  readonly violations: readonly string[]
}

export async function firefoxAxeFindings(firefox: FirefoxSession): Promise<AxeOutcome> {
  const outcome = await firefox.panelEval<string>(FIREFOX_AXE_RUN)
  if (!outcome.ok) throw new Error(`axe: ${outcome.error}`)
  return JSON.parse(outcome.value ?? "{}") as AxeOutcome
}

/** Fails unless axe checked something in Firefox's panel and found no violation; `where` names the state. */
export async function assertNoFirefoxAxeViolation(firefox: FirefoxSession, where: string): Promise<void> {
  const { passes, violations } = await firefoxAxeFindings(firefox)
  if (passes === 0) throw new Error(`axe checked nothing in ${where}`)
  if (violations.length > 0) throw new Error(`axe, ${where}: ${violations.join("; ")}`)
}
