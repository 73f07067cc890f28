/**
 * `etag-audit --export-tests <dir>`: write a regression test (Node script, Playwright spec,
 * curl script) for every resource with a lost update or a missing precondition (issue #10).
 * The generation is core's (exportScenarioTests); this only writes the files.
 */
import { chmod, mkdir, writeFile } from "node:fs/promises"
import { join } from "node:path"

import type { EngineSnapshot } from "../core/engine"
import type { EngineOptions } from "../core/model"
import { exportScenarioTests, type ScenarioExport } from "../core/scenario/export-tests"
import { plural } from "../core/plural"

export interface WrittenTests {
  readonly paths: readonly string[]
  readonly skipped: ScenarioExport["skipped"]
}

/** `engineOptions`: the audit's, so `--body-tag-field` also decides where the tests look for tags. */
export async function writeScenarioTests(
  snapshot: EngineSnapshot,
  dir: string,
  engineOptions: Partial<EngineOptions> = {}
): Promise<WrittenTests> {
  const { bodyTagFields, queryVersionParams, versionHeaders, nextVersionFields } = engineOptions
  const { files, skipped } = exportScenarioTests(snapshot, {
    bodyTagFields,
    queryVersionParams,
    versionHeaders,
    nextVersionFields
  })
  try {
    await mkdir(dir, { recursive: true })
  } catch (error) {
    throw new Error(`--export-tests ${dir}: cannot create the directory (${(error as Error).message})`)
  }
  const paths: string[] = []
  for (const file of files) {
    const path = join(dir, file.fileName)
    await writeFile(path, file.contents)
    // The Node and curl flavours are scripts with a shebang: make them runnable as they are.
    if (file.flavour !== "playwright") await chmod(path, 0o755)
    paths.push(path)
  }
  return { paths, skipped }
}

/** One line for stderr: what was written, and why resources were left out. */
export function describeWrittenTests(dir: string, written: WrittenTests): string {
  const lines = [`etag-audit: wrote ${plural(written.paths.length, "regression test file")} to ${dir}`]
  for (const skip of written.skipped)
    lines.push(`etag-audit: no test for ${skip.resourceKey} (${skip.ruleId}): ${skip.reason}`)
  return `${lines.join("\n")}\n`
}
