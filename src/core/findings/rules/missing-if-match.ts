/** The headline: a write to an existing resource that carried no precondition at all. */
import { API_PRESETS } from "../../api-presets"
import { sameHeaderName } from "../../http/headers"
import { validatesByDateOnly } from "../../lineage/date-versions"
import { ECHOED_TAG_SOURCES } from "../../lineage/describe-precondition"
import type { ResourceHistory } from "../../lineage/resource-history"
import { isUnguardedWrite } from "../../lineage/write-target"
import { bodyFieldOf, queryParamOf, versionHeaderOf } from "../../traffic/tag-sources"
import {
  nextVersionLikeBodyField,
  versionLikeBodyField,
  versionTestedInPatch,
  versionLikeHeader
} from "../../traffic/version-field-hint"
import type { Exchange, Finding } from "../../model"
import {
  NO_FINDINGS,
  etagHiddenFrom,
  isClientApiTraffic,
  isSuccess,
  knownVersionText,
  rfc9110,
  type EventRule
} from "../rule"

/**
 * What the write should have carried, in the API's own terms: If-Match, and the version header or
 * query parameter earlier writes sent the version in (Contentful's `X-Contentful-Version`,
 * Elasticsearch's `?if_seq_no=`) or else the body field that decides on a body-versioned API
 * (`_rev`, Kubernetes' `metadata.resourceVersion`), or the date on a server that shows no tag but a
 * Last-Modified.
 */
function missingPreconditionName(history: ResourceHistory): string {
  if (validatesByDateOnly(history.tagSources) && history.lastModified !== undefined)
    return "If-Match or If-Unmodified-Since (it sends Last-Modified)"
  const carrier = carrierUsed(history)
  if (carrier !== undefined) return `If-Match or ${carrier}`
  const bodyVersion = history.tagSources.find(
    (source) => bodyFieldOf(source) !== undefined && !ECHOED_TAG_SOURCES.has(source)
  )
  return bodyVersion === undefined ? "If-Match" : `If-Match or ${bodyFieldOf(bodyVersion)}`
}

/**
 * Where the latest write that sent its version in a header or the query put it: `header:X-V` →
 * `X-V`, `query:rev` → `?rev=`.
 */
function carrierUsed(history: ResourceHistory): string | undefined {
  for (let at = history.events.length - 1; at >= 0; at--) {
    const source = history.events[at].precondition.source
    const header = versionHeaderOf(source)
    if (header !== undefined) return header
    const param = queryParamOf(source)
    if (param !== undefined) return `?${param}=`
  }
  return undefined
}

export const missingIfMatch: EventRule = {
  id: "missing-if-match",
  severity: "warning",
  scope: "event",
  repeat: "each",
  title: "Write sent without If-Match",
  explanation:
    "The request changed an existing resource without saying which version it was based on. If someone " +
    "else changed the resource in the meantime, their change is silently overwritten (a lost update), and " +
    "neither side is told.",
  fix: {
    client:
      "Keep the ETag from the response you edited (header or body field) and send it back as If-Match; on " +
      "an API that sends Last-Modified and no ETag, send that date back as If-Unmodified-Since. On 412, " +
      "re-read, merge or ask the user, then retry. A PUT that creates a resource sends If-None-Match: * " +
      "instead, so that it never overwrites one that exists.",
    server:
      "Require a precondition on writes: answer 428 Precondition Required when If-Match (or, for an API " +
      "without tags, If-Unmodified-Since) is missing."
  },
  rfc: rfc9110("13.1.1", "If-Match"),
  check({ exchange, update, history }) {
    if (!isClientApiTraffic(exchange) || exchange.status === 0) return NO_FINDINGS
    if (!isUnguardedWrite(exchange, update, history)) return NO_FINDINGS
    const seen = update.event.precondition.currentVersionIndex
    const hiddenFrom = seen === undefined ? undefined : etagHiddenFrom(exchange, history)
    const known = knownVersionText(
      seen,
      update.replacedUnseenChange,
      hiddenFrom,
      update.currentUnseenBySender
    )
    const missing = missingPreconditionName(history)
    // A PUT to a resource the capture never showed may have created it (S3 answers a create 200).
    const mayCreate =
      exchange.method === "PUT" && !update.existedBefore && isSuccess(exchange.status)
        ? "; if it created the resource, If-None-Match: * guards that"
        : ""
    const unread = unreadVersion(exchange, history)
    const finding: Finding = {
      ruleId: missingIfMatch.id,
      severity: missingIfMatch.severity,
      message: `#${exchange.id} ${exchange.method} sent no ${missing}${known} → ${exchange.status}${mayCreate}${unread?.text ?? ""}`,
      resourceKey: update.resourceKey,
      exchangeIds: [exchange.id]
    }
    return [unread === undefined ? finding : { ...finding, ...unread.suggested }]
  }
}

/**
 * A version the write carried where the engine was not told to look: a header such as Contentful's
 * `X-Contentful-Version`, or a body field (JPA `version`, Rails `lock_version`, …). The server may
 * check it, so say how to let the engine judge the write instead of calling it blind.
 */
function unreadVersion(
  exchange: Exchange,
  history: ResourceHistory
):
  | {
      text: string
      suggested: Pick<
        Finding,
        "suggestedBodyTagField" | "suggestedVersionHeader" | "suggestedNextVersionField"
      >
    }
  | undefined {
  const header = versionLikeHeader(exchange.requestHeaders, exchange.responseBody)
  if (header !== undefined) {
    // The answer's field that shows the version, unless the engine reads it already.
    const field = history.tagSources.includes(`body:${header.answerField}`) ? undefined : header.answerField
    const settings =
      field === undefined
        ? "add it in ⚙ Settings → Headers that carry the version"
        : `add it in ⚙ Settings → Headers that carry the version, and ${field} to the body fields`
    // A known API's header (Contentful's) is one CLI option for all of its places.
    const known = API_PRESETS.find((preset) =>
      preset.versionHeaders.some((name) => sameHeaderName(name, header.header))
    )
    const cli =
      known !== undefined
        ? `--api ${known.id}`
        : `--version-header ${header.header}${field === undefined ? "" : ` --body-tag-field ${field}`}`
    return {
      text: `; it sent ${header.header}: ${header.value} — if the server checks that header, ${settings} (CLI: ${cli})`,
      suggested:
        field === undefined
          ? { suggestedVersionHeader: header.header }
          : { suggestedVersionHeader: header.header, suggestedBodyTagField: field }
    }
  }
  const next = nextVersionLikeBodyField(exchange.requestBody)
  if (next !== undefined) {
    return {
      text:
        `; its body carries ${next.field}: ${next.value}, the version a Confluence-style write makes (the one read ` +
        `plus one) — if the server checks it, choose Confluence in ⚙ Settings (CLI: --api confluence)`,
      suggested: { suggestedBodyTagField: next.field, suggestedNextVersionField: next.field }
    }
  }
  const tested = versionTestedInPatch(exchange.requestBody)
  if (tested !== undefined) {
    return {
      text:
        `; its JSON Patch tests ${tested.field}: ${tested.value} first (RFC 6902 §4.6) — if that is the version ` +
        `the server checks, add ${tested.field} in ⚙ Settings → Body fields that carry a tag (CLI: ${bodyFieldOption(tested.field)})`,
      suggested: { suggestedBodyTagField: tested.field }
    }
  }
  const bodyField = versionLikeBodyField(exchange.requestBody)
  if (bodyField === undefined) return undefined
  return {
    text:
      `; its body carries ${bodyField.field}: ${bodyField.value} — if the server checks that field, add ` +
      `it in ⚙ Settings → Body fields that carry a tag (CLI: ${bodyFieldOption(bodyField.field)})`,
    suggested: { suggestedBodyTagField: bodyField.field }
  }
}

/** The CLI option that reads a body field: a known API's (Azure DevOps' rev, Rails' lock_version) is its preset. */
function bodyFieldOption(field: string): string {
  const known = API_PRESETS.find((preset) => preset.bodyTagFields.includes(field))
  return known !== undefined ? `--api ${known.id}` : `--body-tag-field ${field}`
}
