/** Findings grouped by rule: what it means, RFC link, what to do, and the proving exchanges. */
import { Fragment, useMemo, useState } from "react"

import { sameHeaderName } from "../core/http/headers"
import { SEVERITY_MARK, type Finding } from "../core/model"
import { findingIssueMarkdown } from "../core/report/finding-issue"
import { copyThenConfirm } from "./copy-text"
import { ExchangeLink } from "./ExchangeLink"
import { UserName } from "./UserName"
import {
  findingKey,
  selectExchange,
  selectFilteredFindings,
  selectFindingGroups,
  selectResourceByKey,
  selectResourceUsers
} from "../store/selectors"
import { useCapabilities, usePanel, usePanelStore, useShowInTraffic, type RuleInfo } from "./panel-context"
import { ProtectionAnswer } from "./ProtectionAnswer"

/**
 * One click to read what the finding found as this API's version: a body field (a JPA `version`), a
 * version header (Contentful's `X-Contentful-Version`) or both; a field the write sends as the version
 * it makes (Confluence's `version.number`) becomes a next-version field too. They are added to the
 * settings, and the engine re-reads the capture with them.
 */
function ReadVersionButton({
  field,
  header,
  next
}: {
  readonly field?: string
  readonly header?: string
  readonly next?: string
}) {
  const settings = usePanel((state) => state.settings)
  const setSettings = usePanel((state) => state.setSettings)
  const newNext = next !== undefined && !settings.nextVersionFields.includes(next) ? next : undefined
  const newField = field !== undefined && !settings.bodyTagFields.includes(field) ? field : undefined
  const newHeader =
    header !== undefined && !settings.versionHeaders.some((known) => sameHeaderName(known, header))
      ? header
      : undefined
  if (newField === undefined && newHeader === undefined && newNext === undefined) return null
  // A next-version field is a body field too (Confluence's version.number): named once.
  const names = [...new Set([newHeader, newField, newNext].filter((name) => name !== undefined))]
  const places = [
    newHeader === undefined ? undefined : `${newHeader} to ⚙ Settings → Headers that carry the version`,
    newField === undefined ? undefined : `${newField} to ⚙ Settings → Body fields that carry a tag`,
    newNext === undefined ? undefined : `${newNext} to the fields a write sends as the version it makes`
  ].filter((place) => place !== undefined)
  return (
    <button
      type="button"
      className="read-field"
      data-testid="read-body-field"
      title={`Add ${places.join(", and ")}, and re-read the capture`}
      onClick={() =>
        void setSettings({
          ...settings,
          bodyTagFields:
            newField === undefined ? settings.bodyTagFields : [...settings.bodyTagFields, newField],
          versionHeaders:
            newHeader === undefined ? settings.versionHeaders : [...settings.versionHeaders, newHeader],
          nextVersionFields:
            newNext === undefined ? settings.nextVersionFields : [...settings.nextVersionFields, newNext]
        })
      }
    >
      Read {names.join(" and ")} as the version{newNext === undefined ? "" : " this write makes"}
    </button>
  )
}

/**
 * The finding as a bug report on the clipboard (Markdown: evidence, lineage, the request as curl,
 * the fix), secrets redacted: for a tester filing an issue about this one finding.
 */
function CopyFindingButton({ finding }: { readonly finding: Finding }) {
  const store = usePanelStore()
  const { copyText, rules } = useCapabilities()
  const [copied, setCopied] = useState(false)
  if (!copyText) return null
  const copy = () => {
    const { snapshot } = store.getState()
    const text = findingIssueMarkdown({
      finding,
      rule: rules.get(finding.ruleId),
      exchange: (id) => selectExchange({ snapshot }, id),
      resource: selectResourceByKey({ snapshot }, finding.resourceKey),
      resourceFindings: snapshot.findings.filter((other) => other.resourceKey === finding.resourceKey),
      includeSecrets: false
    })
    copyThenConfirm(copyText, text, () => setCopied(true))
  }
  return (
    <button
      type="button"
      className="link-button"
      data-testid="copy-finding"
      title="Copy as a bug report (Markdown: evidence, lineage, the request as curl, the fix), secrets redacted"
      onClick={copy}
    >
      {copied ? "copied" : "copy"}
    </button>
  )
}

function FindingRow({ finding }: { readonly finding: Finding }) {
  const key = findingKey(finding)
  const selected = usePanel((state) => state.selection.findingKey === key)
  const selectFinding = usePanel((state) => state.selectFinding)
  const setView = usePanel((state) => state.setView)
  const resourceKey = finding.resourceKey
  // Who sent the evidence, where two or more users touched the resource (as its lineage names them).
  const users = usePanel((state) => {
    const resource = selectResourceByKey(state, resourceKey)
    return resource === undefined ? undefined : selectResourceUsers(state, resource)
  })
  return (
    <li className={selected ? "finding selected" : "finding"} data-testid="finding">
      <button type="button" className="link-button finding-message" onClick={() => selectFinding(key)}>
        {finding.message}
      </button>{" "}
      {finding.exchangeIds.map((id) => (
        <Fragment key={id}>
          <ExchangeLink id={id} />
          <UserName user={users?.get(id)} />
        </Fragment>
      ))}
      {resourceKey && (
        <button
          type="button"
          className="link-button"
          onClick={() => {
            // The finding's resource, with this finding (not the resource's first) still selected.
            selectFinding(key)
            setView("resources")
          }}
        >
          lineage
        </button>
      )}
      <CopyFindingButton finding={finding} />
      {(finding.suggestedBodyTagField !== undefined || finding.suggestedVersionHeader !== undefined) && (
        <ReadVersionButton
          field={finding.suggestedBodyTagField}
          header={finding.suggestedVersionHeader}
          next={finding.suggestedNextVersionField}
        />
      )}
    </li>
  )
}

/**
 * Findings listed per rule before a "Show more": a busy capture has thousands (one per unguarded
 * write), and rendering them all made the view slow to open and to follow live traffic.
 */
const FINDINGS_PER_PAGE = 25

function RuleGroup({
  ruleId,
  findings,
  rule
}: {
  ruleId: string
  findings: readonly Finding[]
  rule?: RuleInfo
}) {
  const severity = rule?.severity ?? findings[0].severity
  const showInTraffic = useShowInTraffic()
  const [limit, setLimit] = useState(FINDINGS_PER_PAGE)
  // A finding selected elsewhere (a Traffic badge, an exchange) is shown, however far down it is.
  const selectedKey = usePanel((state) => state.selection.findingKey)
  const selectedAt = useMemo(
    () =>
      selectedKey === undefined ? -1 : findings.findIndex((finding) => findingKey(finding) === selectedKey),
    [findings, selectedKey]
  )
  const shown = Math.max(limit, selectedAt + 1)
  return (
    <section className={`rule-group ${severity}`} data-testid="rule-group" data-rule-id={ruleId}>
      <h3>
        <span className={`badge ${severity}`}>{SEVERITY_MARK[severity]}</span> <code>{ruleId}</code>{" "}
        {rule?.title ?? ""} <span className="muted">({findings.length})</span>{" "}
        <button
          type="button"
          className="link-button rule-in-traffic"
          title={`Traffic filtered by rule:${ruleId}`}
          data-testid="rule-in-traffic"
          onClick={() => showInTraffic(`rule:${ruleId}`)}
        >
          in Traffic
        </button>
      </h3>
      {rule && (
        <div className="rule-text">
          <p>{rule.explanation}</p>
          <p>
            <strong>Client:</strong> {rule.fix.client}
          </p>
          <p>
            <strong>Server:</strong> {rule.fix.server}
          </p>
          <p>
            <a href={rule.rfc.url} target="_blank" rel="noreferrer">
              {rule.rfc.section} {rule.rfc.title}
            </a>
          </p>
        </div>
      )}
      <ul>
        {findings.slice(0, shown).map((finding) => (
          <FindingRow key={findingKey(finding)} finding={finding} />
        ))}
        {shown < findings.length && (
          <li>
            <button
              type="button"
              className="link-button"
              data-testid="more-findings"
              onClick={() => setLimit(shown + FINDINGS_PER_PAGE)}
            >
              Show {Math.min(FINDINGS_PER_PAGE, findings.length - shown)} more ({findings.length - shown} not
              shown)
            </button>
          </li>
        )}
      </ul>
    </section>
  )
}

/**
 * Above the findings, the question users come with, answered per server (the Servers view has the
 * evidence): does it protect its clients from lost updates?
 */
function ProtectionSummary() {
  const policies = usePanel((state) => state.snapshot.policies)
  const setView = usePanel((state) => state.setView)
  if (policies.length === 0) return null
  return (
    <ul className="protection-summary" data-testid="protection-summary" aria-label="Lost updates, per server">
      {policies.map((policy) => (
        <li key={policy.scope}>
          <ProtectionAnswer policy={policy}>
            <button type="button" className="link-button mono" onClick={() => setView("servers")}>
              {policy.scope}
            </button>{" "}
          </ProtectionAnswer>
        </li>
      ))}
    </ul>
  )
}

export function FindingsView() {
  const anyFinding = usePanel((state) => state.snapshot.findings.length > 0)
  const groups = usePanel((state) => selectFindingGroups(selectFilteredFindings(state)))
  const { rules } = useCapabilities()
  return (
    <div className="findings" data-testid="findings-view">
      <ProtectionSummary />
      {!anyFinding && <div className="empty">No findings yet.</div>}
      {anyFinding && groups.length === 0 && <div className="empty">No finding matches the filter.</div>}
      {groups.map((group) => (
        <RuleGroup
          key={group.ruleId}
          ruleId={group.ruleId}
          findings={group.findings}
          rule={rules.get(group.ruleId)}
        />
      ))}
    </div>
  )
}
