/**
 * "Export scenario test ▾" under a resource's lineage (issue #10): the resource's concurrency
 * scenario as a Node script, a Playwright test or a curl script, previewed, then copied or
 * downloaded. The generators come from core/scenario; recorded secrets and tags never reach them.
 */
import { useState } from "react"

import type { ResourceLineage } from "../core/model"
import {
  ALL_FLAVOURS,
  TEST_GENERATORS,
  resourceScenario,
  slugForPath,
  type TestFlavour
} from "../core/scenario/export-tests"
import { copyThenConfirm } from "./copy-text"
import { useCapabilities, usePanel } from "./panel-context"

const FLAVOUR_LABELS: Readonly<Record<TestFlavour, string>> = {
  node: "Node script",
  playwright: "Playwright test",
  curl: "curl script"
}

interface Generated {
  readonly fileName: string
  readonly contents: string
}

export function ScenarioExport({ resource }: { readonly resource: ResourceLineage }) {
  const { saveFile, copyText } = useCapabilities()
  const exchanges = usePanel((state) => state.snapshot.exchanges)
  const findings = usePanel((state) => state.snapshot.findings)
  const settings = usePanel((state) => state.settings)
  const [open, setOpen] = useState(false)
  const [generated, setGenerated] = useState<Generated | { readonly skipped: string }>()
  const [copied, setCopied] = useState(false)

  const generate = (flavour: TestFlavour) => {
    setOpen(false)
    setCopied(false)
    const result = resourceScenario(
      resource,
      { exchanges, findings },
      {
        bodyTagFields: settings.bodyTagFields,
        queryVersionParams: settings.queryVersionParams,
        versionHeaders: settings.versionHeaders,
        nextVersionFields: settings.nextVersionFields
      }
    )
    if (!result.ok) {
      setGenerated({ skipped: result.reason })
      return
    }
    const { suffix, generate: make } = TEST_GENERATORS[flavour]
    setGenerated({
      fileName: `${slugForPath(result.scenario.resourcePath)}.${result.scenario.ruleId}.${suffix}`,
      contents: make(result.scenario)
    })
  }

  return (
    <section className="scenario-export dropdown" data-testid="scenario-export">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid="scenario-export-toggle"
        onClick={() => setOpen(!open)}
      >
        Export scenario test ▾
      </button>
      {open && (
        <div role="menu" className="dropdown-menu" aria-label="Scenario test flavour">
          {ALL_FLAVOURS.map((flavour) => (
            <button
              key={flavour}
              type="button"
              role="menuitem"
              data-testid={`scenario-export-${flavour}`}
              onClick={() => generate(flavour)}
            >
              {FLAVOUR_LABELS[flavour]}
            </button>
          ))}
        </div>
      )}
      {generated !== undefined && "skipped" in generated && (
        <p className="scenario-skipped muted" role="status" data-testid="scenario-export-skipped">
          No scenario test for this resource: {generated.skipped}
        </p>
      )}
      {generated !== undefined && "contents" in generated && (
        <div className="scenario-preview">
          <div className="scenario-actions">
            <span className="mono">{generated.fileName}</span>{" "}
            <button
              type="button"
              data-testid="scenario-copy"
              disabled={!copyText}
              onClick={() => copyThenConfirm(copyText, generated.contents, () => setCopied(true))}
            >
              {copied ? "Copied" : "Copy"}
            </button>{" "}
            <button
              type="button"
              data-testid="scenario-download"
              disabled={!saveFile}
              onClick={() => saveFile?.(generated.fileName, generated.contents)}
            >
              Download
            </button>
          </div>
          <pre className="scenario-text" data-testid="scenario-preview">
            {generated.contents}
          </pre>
        </div>
      )}
    </section>
  )
}
