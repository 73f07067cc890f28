/**
 * Regression tests for a whole capture (`etag-audit --export-tests <dir>`, the panel's download):
 * one scenario per resource with a lost update or a missing precondition, in each flavour asked for.
 * File names come from the resource path and the rule id: `api-lax-notes-1.lost-update.test.mjs`.
 */
import type { EngineSnapshot } from "../engine"
import type { Exchange, Finding, ResourceLineage } from "../model"
import { extractScenario, type ExtractOptions } from "./extract-scenario"
import type { Scenario, ScenarioResult } from "./scenario"
import { toCurlScript } from "./to-curl-script"
import { toNodeScript } from "./to-node-script"
import { toPlaywrightTest } from "./to-playwright-test"

export type TestFlavour = "node" | "playwright" | "curl"
export const ALL_FLAVOURS: readonly TestFlavour[] = ["node", "playwright", "curl"]

/** Rules whose resources get a regression test, most serious first. */
export const EXPORTED_RULES: readonly string[] = ["lost-update", "missing-if-match"]

export interface ExportedTestFile {
  readonly fileName: string
  readonly contents: string
  readonly flavour: TestFlavour
  readonly resourceKey: string
  readonly ruleId: string
}

export interface ScenarioExport {
  readonly files: readonly ExportedTestFile[]
  /** Resources with a finding that could not become a scenario, and why. */
  readonly skipped: readonly {
    readonly resourceKey: string
    readonly ruleId: string
    readonly reason: string
  }[]
}

/** Where the API keeps its versions (the engine's options). */
type ScenarioOptions = Pick<
  ExtractOptions,
  "bodyTagFields" | "queryVersionParams" | "versionHeaders" | "nextVersionFields"
>

/** Where the API keeps its versions (the engine's options), and which test flavours to write. */
export interface ExportTestsOptions extends ScenarioOptions {
  readonly flavours?: readonly TestFlavour[]
}

/** Each flavour's file suffix and generator. */
export const TEST_GENERATORS: Readonly<
  Record<TestFlavour, { suffix: string; generate: (scenario: Scenario) => string }>
> = {
  node: { suffix: "test.mjs", generate: toNodeScript },
  playwright: { suffix: "spec.ts", generate: toPlaywrightTest },
  curl: { suffix: "test.sh", generate: toCurlScript }
}

/** `/api/lax/notes/1?x=y` → `api-lax-notes-1-x-y` (safe on every file system). */
export function slugForPath(path: string): string {
  const slug = path
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
  return slug === "" ? "root" : slug
}

/** Each resource's most serious exported finding (the first of the most serious rule), in one pass. */
function exportedFindings(findings: readonly Finding[]): ReadonlyMap<string, Finding> {
  const chosen = new Map<string, Finding>()
  const rank = (finding: Finding) => EXPORTED_RULES.indexOf(finding.ruleId)
  for (const finding of findings) {
    if (finding.resourceKey === undefined || rank(finding) < 0) continue
    const held = chosen.get(finding.resourceKey)
    if (held === undefined || rank(finding) < rank(held)) chosen.set(finding.resourceKey, finding)
  }
  return chosen
}

function scenarioGuarding(
  lineage: ResourceLineage,
  finding: Finding | undefined,
  exchanges: readonly Exchange[],
  options: ScenarioOptions
): ScenarioResult {
  const { bodyTagFields, queryVersionParams, versionHeaders, nextVersionFields } = options
  return extractScenario(lineage, exchanges, {
    ruleId: finding?.ruleId ?? "lost-update",
    evidence: finding?.exchangeIds ?? [],
    contextEvidence: finding?.contextExchangeIds ?? [],
    bodyTagFields,
    queryVersionParams,
    versionHeaders,
    nextVersionFields
  })
}

/** The resource's scenario (the panel's per-resource export), guarding against its most serious exported finding, else a lost update. */
export function resourceScenario(
  lineage: ResourceLineage,
  snapshot: Pick<EngineSnapshot, "exchanges" | "findings">,
  options: ScenarioOptions = {}
): ScenarioResult {
  const own = snapshot.findings.filter((finding) => finding.resourceKey === lineage.key)
  return scenarioGuarding(lineage, exportedFindings(own).get(lineage.key), snapshot.exchanges, options)
}

export function exportScenarioTests(
  snapshot: EngineSnapshot,
  options: ExportTestsOptions = {}
): ScenarioExport {
  const flavours = options.flavours ?? ALL_FLAVOURS
  const files: ExportedTestFile[] = []
  const skipped: { resourceKey: string; ruleId: string; reason: string }[] = []
  const usedNames = new Set<string>()
  const chosen = exportedFindings(snapshot.findings)
  for (const lineage of snapshot.resources) {
    const finding = chosen.get(lineage.key)
    if (finding === undefined) continue
    const result = scenarioGuarding(lineage, finding, snapshot.exchanges, options)
    if (!result.ok) {
      skipped.push({ resourceKey: lineage.key, ruleId: finding.ruleId, reason: result.reason })
      continue
    }
    let stem = `${slugForPath(result.scenario.resourcePath)}.${finding.ruleId}`
    for (let n = 2; usedNames.has(stem); n++)
      stem = `${slugForPath(result.scenario.resourcePath)}-${n}.${finding.ruleId}`
    usedNames.add(stem)
    for (const flavour of flavours) {
      const { suffix, generate } = TEST_GENERATORS[flavour]
      files.push({
        fileName: `${stem}.${suffix}`,
        contents: generate(result.scenario),
        flavour,
        resourceKey: lineage.key,
        ruleId: finding.ruleId
      })
    }
  }
  return { files, skipped }
}
