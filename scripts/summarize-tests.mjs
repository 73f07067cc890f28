// Prints the closing line of the test command: "N passed, N failed, N skipped", counting
// vitest's tests and node:test's end-to-end tests of this run. A failed step that ran no
// test (typecheck, lint, build) counts as one failure, so the line never hides it.
import { existsSync, readFileSync } from "node:fs"

const [vitestJson, e2eTap, failedSteps] = process.argv.slice(2)
let passed = 0,
  failed = 0,
  skipped = 0
if (existsSync(vitestJson)) {
  const r = JSON.parse(readFileSync(vitestJson, "utf8"))
  passed += r.numPassedTests
  failed += r.numFailedTests
  skipped += r.numPendingTests + (r.numTodoTests ?? 0)
}
if (existsSync(e2eTap)) {
  const tap = readFileSync(e2eTap, "utf8")
  const count = (k) => Number(new RegExp(`^# ${k} (\\d+)$`, "m").exec(tap)?.[1] ?? 0)
  passed += count("pass")
  failed += count("fail") + count("cancelled")
  skipped += count("skipped") + count("todo")
}
const stepFailures = Number(failedSteps || 0)
console.log(`\n${passed} passed, ${failed + (failed === 0 ? stepFailures : 0)} failed, ${skipped} skipped`)
