/**
 * The curl flavour on bash before 4.4 (macOS's /bin/bash 3.2): under `set -u` an empty array's
 * `"${a[@]}"` is an unbound variable, and the script aborts (a DELETE that sends no version has no
 * arguments to add). Every array expansion must be the guarded `${a[@]+"${a[@]}"}`. This machine's
 * bash is newer and expands an empty array under `set -u`, so the script's text is what is checked.
 */
import { describe, expect, it } from "vitest"

import { toCurlScript } from "../../src/core/scenario/to-curl-script"
import { scenarioOnDoc } from "./run-generated"

describe("the curl flavour's bash arrays", () => {
  it("expands every array guarded, as bash 3.2 under set -u needs when it is empty", () => {
    const places = [
      { tagFrom: { header: true, bodyFields: [] }, carriers: [{ kind: "if-match" as const }] },
      {
        tagFrom: { header: false, bodyFields: ["_rev"] },
        carriers: [{ kind: "query-param" as const, param: "rev" }]
      }
    ]
    for (const place of places) {
      const script = toCurlScript(scenarioOnDoc(place, '{"text":"x"}'))
      expect(script).toContain('${args[@]+"${args[@]}"}')
      // An unguarded expansion is a quoted ${name[@]} with no `+` test before it.
      const unguarded = [...script.matchAll(/(.)"\$\{(\w+)\[@\]\}"/g)].filter(([, before]) => before !== "+")
      expect(unguarded.map(([text]) => text)).toEqual([])
    }
  })
})
