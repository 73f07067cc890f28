/** ● Rec  ⊘ Clear  ☐ Preserve log  [filter]  Method  Status  ☐ with tags  ☐ non-API  Import  Export  ⚙ */
import { useEffect, useRef, useState, type ChangeEvent } from "react"

import { HAS_VALUES } from "../store/filter-query"
import type { StatusClass } from "../store/panel-state"
import { copyThenConfirm } from "./copy-text"
import { Dropdown } from "./Dropdown"
import { useCapabilities, usePanel, usePanelStore } from "./panel-context"
import { importFiles } from "./read-import-file"
import { isTextEditor, modalDialogOpen, onMac, shortcutLabel, shortcutOf } from "./shortcuts"

/** Tooltips name the Mac keys on a Mac. */
const MAC = onMac()

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
const STATUSES: readonly StatusClass[] = ["2xx", "3xx", "4xx", "5xx", "failed"]

/** The filter box's query words (store/filter-query.ts), in its tooltip. */
const FILTER_SYNTAX =
  "every word must match, -word must not, /regex/; method:PUT, status-code:412 or 4xx, domain:api.example.com, " +
  `rule:lost-update, tag:n1-v2 or tag:"n1-v2" (received or sent), user:alice (who sent it), ` +
  HAS_VALUES.map((what) => `has:${what}`).join(", ")

function toggled<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((item) => item !== value) : [...list, value]
}

/** A filter dropdown of checkboxes; its title counts the ticked ones. */
function ChoicesDropdown<Choice extends string>(props: {
  readonly title: string
  readonly testId: string
  readonly choices: readonly Choice[]
  readonly chosen: readonly Choice[]
  readonly onChange: (chosen: Choice[]) => void
}) {
  const { title, testId, choices, chosen, onChange } = props
  return (
    <Dropdown summary={chosen.length > 0 ? `${title} (${chosen.length})` : title} testId={testId}>
      {choices.map((choice) => (
        <label key={choice}>
          <input
            type="checkbox"
            checked={chosen.includes(choice)}
            onChange={() => onChange(toggled(chosen, choice))}
          />
          {choice}
        </label>
      ))}
    </Dropdown>
  )
}

function ExportMenu() {
  const [includeSecrets, setIncludeSecrets] = useState(false)
  const exportHar = usePanel((state) => state.exportHar)
  const exportReport = usePanel((state) => state.exportReport)
  const count = usePanel((state) => state.snapshot.exchanges.length)
  const captureNumber = usePanel((state) => state.captureNumber)
  const { saveFile, copyText, rules, version = "" } = useCapabilities()
  // The opt-in holds for one export, as the row menu's "with secrets" copies: the next one is
  // redacted again unless it is ticked again.
  const once = (make: (secrets: boolean) => string): string => {
    const text = make(includeSecrets)
    setIncludeSecrets(false)
    return text
  }
  const report = () =>
    once((secrets) => exportReport({ includeSecrets: secrets, rules: [...rules.values()], version }))
  const har = () => once((secrets) => exportHar({ includeSecrets: secrets }))
  // "Copied" until the capture changes (grows, or is cleared and refilled): the clipboard then holds an older report.
  const shown = `${captureNumber}:${count}`
  const [copiedAt, setCopiedAt] = useState<string>()
  return (
    <Dropdown summary="Export" className="export-menu" testId="export-menu">
      <label title="Authorization, cookies and signed URL parameters are redacted unless you opt in">
        <input
          type="checkbox"
          checked={includeSecrets}
          onChange={(event) => setIncludeSecrets(event.target.checked)}
        />
        include secrets
      </label>
      <button
        type="button"
        disabled={!saveFile || count === 0}
        data-testid="export"
        onClick={() => saveFile?.("etag-lens.har", har())}
      >
        Save HAR ({count})
      </button>
      <button
        type="button"
        disabled={!saveFile || count === 0}
        data-testid="export-report"
        title="Findings with evidence and fixes, servers and lineage, as etag-audit --markdown writes them"
        onClick={() => saveFile?.("etag-lens-report.md", report())}
      >
        Save report (Markdown)
      </button>
      <button
        type="button"
        disabled={!copyText || count === 0}
        data-testid="copy-report"
        title="The same report on the clipboard, for a bug report or a pull request"
        onClick={() => copyThenConfirm(copyText, report(), () => setCopiedAt(shown))}
      >
        {copiedAt === shown ? "Copied" : "Copy report"}
      </button>
    </Dropdown>
  )
}

export function Toolbar({ onOpenSettings }: { readonly onOpenSettings: () => void }) {
  const recording = usePanel((state) => state.recording)
  const preserveLog = usePanel((state) => state.preserveLog)
  const filter = usePanel((state) => state.filter)
  // Actions never change identity: read them once instead of subscribing to every update.
  const store = usePanelStore()
  const actions = store.getState()
  const { devtoolsSearch = false } = useCapabilities()
  const fileInput = useRef<HTMLInputElement>(null)
  const filterInput = useRef<HTMLInputElement>(null)

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const ignored = isTextEditor(event.target) || modalDialogOpen(document)
      const shortcut = ignored ? undefined : shortcutOf(event, MAC)
      // Where DevTools has its own search bar (Chrome), Ctrl+F is DevTools': it fills the filter box.
      if (shortcut === undefined || (shortcut === "find" && devtoolsSearch)) return
      event.preventDefault()
      // The store's state, not this render's `recording`: the listener is added once.
      if (shortcut === "toggle-recording") actions.setRecording(!store.getState().recording)
      else if (shortcut === "clear") actions.clear()
      else {
        filterInput.current?.focus()
        filterInput.current?.select()
      }
    }
    document.addEventListener("keydown", onKeyDown)
    return () => document.removeEventListener("keydown", onKeyDown)
  }, [actions, store, devtoolsSearch])

  const onImport = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])]
    event.target.value = ""
    void importFiles(files, actions)
  }

  return (
    <div className="toolbar" role="toolbar" aria-label="Recording and filters">
      <button
        type="button"
        className={recording ? "rec on" : "rec"}
        aria-pressed={recording}
        title={`${recording ? "Stop recording" : "Record"} (${shortcutLabel("E", MAC)})`}
        data-testid="record"
        onClick={() => actions.setRecording(!recording)}
      >
        ● {recording ? "Rec" : "Paused"}
      </button>
      <button
        type="button"
        title={`Clear (${MAC ? "⌘K" : "Ctrl+L"})`}
        data-testid="clear"
        onClick={actions.clear}
      >
        ⊘ Clear
      </button>
      <label>
        <input
          type="checkbox"
          checked={preserveLog}
          onChange={(event) => actions.setPreserveLog(event.target.checked)}
        />
        Preserve log
      </label>
      <input
        className="filter"
        type="search"
        placeholder="Filter"
        aria-label="Filter traffic (URL, method, status), resources (URL) and findings (rule, message)"
        title={`Filter (${shortcutLabel("F", MAC)}): ${FILTER_SYNTAX}`}
        ref={filterInput}
        value={filter.text}
        data-testid="filter"
        onChange={(event) => actions.setFilter({ text: event.target.value })}
      />
      <ChoicesDropdown
        title="Method"
        testId="method-filter"
        choices={METHODS}
        chosen={filter.methods}
        onChange={(methods) => actions.setFilter({ methods })}
      />
      <ChoicesDropdown
        title="Status"
        testId="status-filter"
        choices={STATUSES}
        chosen={filter.statuses}
        onChange={(statuses) => actions.setFilter({ statuses })}
      />
      <label>
        <input
          type="checkbox"
          checked={filter.onlyWithTags}
          title="Only exchanges that sent a precondition or received a tag"
          data-testid="only-with-tags"
          onChange={(event) => actions.setFilter({ onlyWithTags: event.target.checked })}
        />
        with tags
      </label>
      <label>
        <input
          type="checkbox"
          checked={filter.showNoise}
          title="Also show documents, scripts, images, preflights and 304s"
          data-testid="show-noise"
          onChange={(event) => actions.setFilter({ showNoise: event.target.checked })}
        />
        non-API
      </label>
      <span className="spacer" />
      <button
        type="button"
        data-testid="import"
        title="Import HAR files; several are merged into one timeline by start time"
        onClick={() => fileInput.current?.click()}
      >
        Import
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".har,.json,.gz,.zhar,application/json,application/gzip"
        multiple
        hidden
        onChange={onImport}
        data-testid="import-file"
      />
      <ExportMenu />
      <button
        type="button"
        title="Settings"
        aria-label="Settings"
        data-testid="open-settings"
        onClick={onOpenSettings}
      >
        ⚙
      </button>
    </div>
  )
}
