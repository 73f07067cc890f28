/**
 * ⚙ Settings: where the API keeps its version (body fields, query parameters, headers; or a known
 * API's places in one choice), limits, theme, which rules are reported. Saved with the settings store.
 */
import { useState, type FormEvent } from "react"

import { API_PRESETS, findApiPreset, withApiPreset } from "../core/api-presets"
import type { PanelState } from "../store/panel-state"
import { useModalDialog } from "./modal-dialog"
import { useCapabilities, usePanel } from "./panel-context"
import { RuleToggles } from "./RuleToggles"

type ThemePreference = PanelState["settings"]["theme"]

function list(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0)
}

/** A comma-separated list setting with a hint under it; `id` is also its test id. */
function HintedField(props: {
  readonly id: string
  readonly label: string
  readonly value: string
  readonly onChange: (value: string) => void
  readonly hint: string
}) {
  return (
    <label>
      {props.label}
      <input
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        aria-describedby={`${props.id}-hint`}
        data-testid={props.id}
      />
      <small id={`${props.id}-hint`} className="muted">
        {props.hint}
      </small>
    </label>
  )
}

/** The panel holds every kept exchange in memory; a million is far past what a tab sends. */
const MAX_EXCHANGES_KEPT = 1_000_000
/** 64 MiB: bodies above it are skipped with the reason, as binary ones are. */
const MAX_BODY_KB = 65_536

/** Digits only: `Number()` would also take `1e3`, `0x64` or `1.0`, and show them back oddly. */
function wholeNumber(text: string): number | undefined {
  const trimmed = text.trim()
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : undefined
}

export function SettingsDialog({ onClose }: { readonly onClose: () => void }) {
  const settings = usePanel((state) => state.settings)
  const setSettings = usePanel((state) => state.setSettings)
  const [fields, setFields] = useState(settings.bodyTagFields.join(", "))
  const [queryParams, setQueryParams] = useState(settings.queryVersionParams.join(", "))
  const [identityParams, setIdentityParams] = useState(settings.identityQueryParams.join(", "))
  const [versionHeaders, setVersionHeaders] = useState(settings.versionHeaders.join(", "))
  const [nextFields, setNextFields] = useState(settings.nextVersionFields.join(", "))
  // A known API's places, added to the fields as they were before any API was chosen (saved with
  // the rest): arrowing through the list (which changes the choice at each key) ends with the
  // fields plus the API shown, and "choose one…" takes them back out. Editing a field keeps them.
  const [chosenApi, setChosenApi] = useState<{ readonly id: string; readonly before: readonly string[] }>()
  const fillInFor = (id: string) => {
    const before = chosenApi?.before ?? [fields, queryParams, versionHeaders, nextFields]
    const preset = findApiPreset(id)
    setChosenApi(preset === undefined ? undefined : { id, before })
    const [body, query, headers, next] = before.map(list)
    const places = {
      bodyTagFields: body,
      queryVersionParams: query,
      versionHeaders: headers,
      nextVersionFields: next
    }
    const filled = preset === undefined ? places : withApiPreset(places, preset)
    setFields(filled.bodyTagFields.join(", "))
    setQueryParams(filled.queryVersionParams.join(", "))
    setVersionHeaders(filled.versionHeaders.join(", "))
    setNextFields(filled.nextVersionFields.join(", "))
  }
  /** A field edited by hand: what it holds now is the user's, kept if another API is chosen. */
  const edited = (set: (value: string) => void) => (value: string) => {
    setChosenApi(undefined)
    set(value)
  }
  const [maxExchanges, setMaxExchanges] = useState(String(settings.maxExchanges))
  const [maxBodyKb, setMaxBodyKb] = useState(String(Math.round(settings.maxBodyBytes / 1024)))
  const [theme, setTheme] = useState<ThemePreference>(settings.theme)
  const [disabledRules, setDisabledRules] = useState<string[]>([...settings.disabledRules])
  const { rules } = useCapabilities()
  const [error, setError] = useState("")
  const modal = useModalDialog<HTMLDivElement>(onClose)

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    const exchanges = wholeNumber(maxExchanges)
    const bodyKb = wholeNumber(maxBodyKb)
    if (exchanges === undefined || exchanges < 100 || exchanges > MAX_EXCHANGES_KEPT)
      return setError(
        `Keep from 100 to ${MAX_EXCHANGES_KEPT.toLocaleString("en-US")} exchanges (a whole number).`
      )
    if (bodyKb === undefined || bodyKb < 1 || bodyKb > MAX_BODY_KB)
      return setError(
        `The body limit must be from 1 to ${MAX_BODY_KB.toLocaleString("en-US")} KB (a whole number).`
      )
    await setSettings({
      ...settings,
      bodyTagFields: list(fields),
      queryVersionParams: list(queryParams),
      identityQueryParams: list(identityParams),
      versionHeaders: list(versionHeaders),
      nextVersionFields: list(nextFields),
      maxExchanges: exchanges,
      maxBodyBytes: bodyKb * 1024,
      disabledRules,
      theme
    })
    onClose()
  }

  return (
    <div className="dialog-backdrop">
      {/* The dialog role sits on a wrapper: a form may not take it. */}
      <div ref={modal.ref} role="dialog" aria-modal="true" aria-label="Settings" onKeyDown={modal.onKeyDown}>
        <form className="dialog" onSubmit={onSubmit} data-testid="settings">
          <h2>Settings</h2>
          <label>
            Fill in the fields below for an API
            <select
              value={chosenApi?.id ?? ""}
              onChange={(event) => fillInFor(event.target.value)}
              data-testid="setting-api"
            >
              <option value="">choose one…</option>
              {API_PRESETS.map((preset) => (
                <option key={preset.id} value={preset.id}>
                  {preset.name}
                </option>
              ))}
            </select>
          </label>
          <HintedField
            id="setting-body-fields"
            label="Body fields that carry a tag (in lookup order)"
            value={fields}
            onChange={edited(setFields)}
            hint="A dotted name such as metadata.resourceVersion reaches into nested objects when the body has no key of that name."
          />
          <HintedField
            id="setting-query-params"
            label="Query parameters that carry the version a write is based on"
            value={queryParams}
            onChange={edited(setQueryParams)}
            hint="CouchDB sends ?rev=; Elasticsearch ?if_seq_no= (with _seq_no as a body field above)."
          />
          <HintedField
            id="setting-identity-params"
            label="Query parameters that name a resource"
            value={identityParams}
            onChange={setIdentityParams}
            hint="For an API that addresses records as /document?id=7: id. Other parameters are dropped (a query is a view of its path); * keeps them all."
          />
          <HintedField
            id="setting-version-headers"
            label="Headers that carry the version (instead of ETag and If-Match)"
            value={versionHeaders}
            onChange={edited(setVersionHeaders)}
            hint="Contentful: X-Contentful-Version (with sys.version as a body field above)."
          />
          <HintedField
            id="setting-next-version-fields"
            label="Body fields a write sends as the version it makes (the one it read plus one)"
            value={nextFields}
            onChange={edited(setNextFields)}
            hint="Confluence: version.number (also a body field above). Writes are judged by the version before it."
          />
          <label>
            Exchanges kept (oldest evicted)
            <input
              inputMode="numeric"
              value={maxExchanges}
              onChange={(event) => setMaxExchanges(event.target.value)}
            />
          </label>
          <label>
            Largest body kept (KB)
            <input
              inputMode="numeric"
              value={maxBodyKb}
              onChange={(event) => setMaxBodyKb(event.target.value)}
            />
          </label>
          <label>
            Theme
            <select
              value={theme}
              onChange={(event) => setTheme(event.target.value as ThemePreference)}
              data-testid="setting-theme"
            >
              <option value="auto">follow DevTools</option>
              <option value="light">light</option>
              <option value="dark">dark</option>
            </select>
          </label>
          <RuleToggles rules={rules} disabled={disabledRules} onChange={setDisabledRules} />
          {error && (
            <p className="error-text" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-buttons">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" data-testid="save-settings">
              Save
            </button>
          </div>
        </form>
      </div>
    </div>
  )
}
