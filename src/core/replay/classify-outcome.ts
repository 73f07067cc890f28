/**
 * What the server's answer to a replay means (DESIGN.md "Replay outcomes"). The verdict reports what
 * the server did, whatever the RFC says it should have done: a stale tag answered 2xx is a lost update.
 */
import { isDateVersioned } from "../lineage/date-versions"
import { goneSinceLatestVersion, goneWords } from "../lineage/shown-gone"
import { fieldValue } from "../traffic/json-field"
import { bodyFieldsOf, versionHeaderOf } from "../traffic/tag-sources"
import type { ResourceLineage } from "../model"
import { carrierName } from "./describe-plan"
import { WRITE_CONDITIONS, headerValue } from "./headers"
import { saysVersionRequired } from "../http/version-required-text"
import { isReplayFailure } from "./types"
import type { ReplayHttpResponse, ReplayOutcome, ReplayPlan, ReplayResponse } from "./types"
import { parseJsonObject } from "../traffic/json-body"

export function classifyReplay(
  plan: ReplayPlan,
  response: ReplayResponse,
  lineage: ResourceLineage
): ReplayOutcome {
  if (isReplayFailure(response)) return failed(response.error)
  const newTag = tagInResponse(response, lineage)
  const withTag = newTag === undefined ? {} : { newTag }
  const { status } = response
  const sentWhat = describeSent(plan)
  if (
    (status === 412 || status === 409) &&
    plan.precondition.state === "current" &&
    !plan.precondition.weak
  ) {
    // §13.1.1: a strong tag naming the current version makes If-Match true. Refused all the same:
    // the resource changed after the capture, or the server does not match its own tags.
    return {
      verdict: "current-tag-refused",
      explanation:
        `${status} ${status === 412 ? "Precondition Failed" : "Conflict"}: the server refused ${sentWhat}, ` +
        "the version the capture showed as current. Either the resource changed since (Show the fix " +
        "reads it again), or the server does not match its own tags (see current-tag-refused).",
      ...withTag
    }
  }
  if (status === 412 && plan.precondition.state === "any")
    // §13.1.1: `If-Match: *` is false only when the target has no current representation. No
    // version was compared, so this is no conflict over a stale one: the resource is gone.
    return {
      verdict: "resource-gone",
      explanation:
        "412 Precondition Failed to If-Match: *, which fails only when nothing exists at that URL " +
        "(RFC 9110 §13.1.1): the resource is gone (deleted since the capture?), and nothing was written.",
      ...withTag
    }
  if (status === 412 && plan.precondition.state === "none") return refusedWithoutVersion(plan, withTag)
  if (status === 412) {
    // RFC 9110 §13.1.1, §15.5.13: a failed If-Match is answered 412.
    const weak = plan.precondition.weak
      ? " A weak tag never matches If-Match (strong comparison, RFC 9110 §13.1.1)."
      : ""
    return {
      verdict: "conflict-detected",
      explanation: `412 Precondition Failed: the server refused ${sentWhat}, so nobody's change was overwritten.${weak}`,
      ...withTag
    }
  }
  if (status === 409 && plan.precondition.state === "any")
    // `*` names no version to be stale (§13.1.1): the conflict is about something else.
    return {
      verdict: "inconclusive",
      explanation:
        "Could not tell: 409 Conflict to If-Match: *, which names no version, so no stale version was " +
        "refused. The server found another conflict (the resource's state, a rule of its own, or the " +
        "resource is gone); nothing was written.",
      ...withTag
    }
  if (status === 409) {
    if (plan.precondition.state === "none") {
      return {
        verdict: "precondition-required",
        explanation: `409 Conflict: the server refused a write without a precondition (RFC 6585 §3 names 428 for this; 409 is non-standard here).`,
        ...withTag
      }
    }
    const bodyVersioned = plan.precondition.carriers.some((c) => c.kind !== "if-match")
    const status409 = bodyVersioned
      ? "the API's documented answer for a stale body version"
      : "non-standard status: RFC 9110 §15.5.13 names 412 for a failed If-Match"
    return {
      verdict: "conflict-detected",
      explanation: `409 Conflict (${status409}): the server refused ${sentWhat}, so nobody's change was overwritten.`,
      ...withTag
    }
  }
  if (
    status === 428 ||
    (status === 400 && saysVersionRequired(`${response.statusText} ${response.bodyText}`))
  ) {
    const how =
      status === 428
        ? "428 Precondition Required (RFC 6585 §3)"
        : "400 Bad Request saying a precondition is required"
    if (plan.precondition.state === "none")
      return {
        verdict: "precondition-required",
        explanation: `${how}: the server refuses writes that do not name the version they change.`,
        ...withTag
      }
    // The write did name a version: the server did not see it, or not where it looks.
    const where = plan.precondition.carriers.map(carrierName).join(" and ")
    return {
      verdict: "precondition-required",
      explanation:
        `${how} to ${sentWhat} (sent in ${where}): the server did not take that as the precondition it ` +
        "requires (a proxy that dropped it, a value it could not read, or the API expects its version " +
        "elsewhere). Nothing was written.",
      ...withTag
    }
  }
  if (status >= 200 && status < 300) return accepted(plan, response, lineage, withTag)
  if (status === 304)
    return {
      verdict: "not-modified",
      explanation: "304 Not Modified: the server answered as for a conditional read; nothing was written.",
      ...withTag
    }
  if (status === 404 || status === 410) {
    return {
      verdict: "resource-gone",
      explanation: `${status} ${response.statusText || (status === 404 ? "Not Found" : "Gone")}: the resource no longer exists (deleted since the capture?).`,
      ...withTag
    }
  }
  if (status === 500 && plan.precondition.state === "stale")
    // An unmapped optimistic-lock error looks like this (see conflict-as-server-error).
    return {
      verdict: "inconclusive",
      explanation:
        `Could not tell: the server failed with 500 to ${sentWhat}. It may have detected the conflict ` +
        "and answered it as a server error instead of 412 (see conflict-as-server-error): re-read the " +
        "resource to see whether the write was applied.",
      ...withTag
    }
  if (status >= 500)
    return {
      verdict: "inconclusive",
      explanation: `Could not tell: the server failed with ${statusLine(response)}.`,
      ...withTag
    }
  if (status === 0)
    return {
      verdict: "inconclusive",
      explanation:
        "Could not tell: the answer was opaque (a redirect the replay does not follow, or a no-cors response)."
    }
  return {
    verdict: "inconclusive",
    explanation: `Could not tell: ${statusLine(response)} says nothing about the precondition (authentication, validation or routing?).`,
    ...withTag
  }
}

/**
 * A 412 to a write that named no version. 412 answers a condition evaluated false (§15.5.13), and
 * no version was sent to compare: it is no conflict over a stale version. A condition the
 * recording had besides the version (a create's `If-None-Match: *`) may be the one that failed.
 */
function refusedWithoutVersion(plan: ReplayPlan, withTag: { newTag?: string }): ReplayOutcome {
  const kept = WRITE_CONDITIONS.flatMap((name) => {
    const value = headerValue(plan.headers, name)
    return value === undefined ? [] : [`${name}: ${value}`]
  })
  if (kept.length > 0)
    return {
      verdict: "inconclusive",
      explanation:
        `Could not tell: 412 Precondition Failed to a write that named no version but kept the recording's ` +
        `${kept.join(" and ")}: the server found that false (RFC 9110 §13.2.2), which says nothing about versions.`,
      ...withTag
    }
  return {
    verdict: "inconclusive",
    explanation:
      "Could not tell: refused with 412 Precondition Failed although no precondition was sent, so it is " +
      "not a tag check (RFC 9110 §15.5.13: 412 answers a condition found false). Either the server refuses " +
      "writes that name no version by a rule of its own (RFC 6585 §3 names 428 for that), or something in " +
      "the page added a precondition to the request. Show the fix reads the current version to retry with its tag.",
    ...withTag
  }
}

/** "404 Not Found", or "404" when the answer had no reason phrase (HTTP/2 has none). */
function statusLine(response: ReplayHttpResponse): string {
  return `${response.status} ${response.statusText}`.trim()
}

function accepted(
  plan: ReplayPlan,
  response: ReplayHttpResponse,
  lineage: ResourceLineage,
  withTag: { newTag?: string }
): ReplayOutcome {
  const code = statusLine(response)
  const { state, versionIndex, currentVersionIndex } = plan.precondition
  switch (state) {
    case "stale": {
      const gone = plan.precondition.goneSince
      if (gone !== undefined)
        // §13.1.1: with no current representation no tag matches, so a server that checks answers 412.
        return {
          verdict: "lost-update",
          explanation:
            `LOST UPDATE: ${code} to a write based on v${versionIndex} although the capture showed the ` +
            `resource gone since (${goneWords(gone)}): no tag matches a resource that does not exist ` +
            "(RFC 9110 §13.1.1), so a server that checks answers 412. Unless something re-created it since, " +
            "the write brought back what another client deleted, and the deletion is lost.",
          ...withTag
        }
      return {
        verdict: "lost-update",
        explanation: `LOST UPDATE: ${code} to a write based on v${versionIndex} while v${currentVersionIndex} was current. The server overwrote a version this write never saw.`,
        ...withTag
      }
    }
    case "none":
      return {
        verdict: "lost-update",
        explanation: `LOST UPDATE risk shown: ${code} to a write with no precondition. The server overwrites whatever version it has; concurrent edits are silently lost.`,
        ...withTag
      }
    case "unknown":
      return {
        verdict: "lost-update",
        explanation: `LOST UPDATE: ${code} to a write naming ${plan.precondition.sent}, a version this capture never showed. The server does not check the tag.`,
        ...withTag
      }
    case "any": {
      // §13.1.1: `*` is false when nothing exists. A 202 DELETE may not have been enacted yet.
      const gone = goneSinceLatestVersion(lineage.events)
      if (gone !== undefined) {
        const how = gone.method === "DELETE" ? "deleted" : `not found (${gone.status})`
        return {
          verdict: "lost-update",
          explanation:
            `LOST UPDATE: ${code} to If-Match: * although the capture showed the resource ${how} ` +
            `(#${gone.exchangeId}): * is false when nothing exists (RFC 9110 §13.1.1), so a server ` +
            "that checks it answers 412. Unless something re-created the resource since, the write brought " +
            "back what another client deleted, and the deletion is lost (see if-match-star-created).",
          ...withTag
        }
      }
      return {
        verdict: "accepted",
        explanation: `${code}: If-Match: * matches any existing version (RFC 9110 §13.1.1), so the write was accepted.`,
        ...withTag
      }
    }
    case "current": {
      const weak = plan.precondition.weak && plan.precondition.carriers.some((c) => c.kind === "if-match")
      const note = weak
        ? " The server matched a weak tag in If-Match, which RFC 9110 §13.1.1 forbids (strong comparison)."
        : ""
      return {
        verdict: "accepted",
        explanation: `${code}: the write named the current version v${versionIndex}, so the server accepted it.${note}`,
        ...withTag
      }
    }
  }
}

function failed(error: string): ReplayOutcome {
  const lower = error.toLowerCase()
  let why = "the request did not complete"
  if (lower.includes("timeout") || lower.includes("timed out")) why = "no answer in time"
  else if (
    lower.includes("failed to fetch") ||
    lower.includes("networkerror") ||
    lower.includes("load failed")
  )
    why =
      "the browser blocked or could not send the request (network error, CORS, or the page's CSP connect-src; see the page's Console)"
  return { verdict: "inconclusive", explanation: `Could not tell: ${why}. (${error})` }
}

function describeSent(plan: ReplayPlan): string {
  const { state, versionIndex, sent, goneSince } = plan.precondition
  if (state === "stale" && goneSince !== undefined)
    return `a write based on v${versionIndex} of a resource gone since (${goneWords(goneSince)})`
  if (state === "stale") return `a write based on the stale version v${versionIndex}`
  if (state === "none") return "a write without a precondition"
  if (state === "any") return "a write with If-Match: *"
  if (state === "current") return `a write naming v${versionIndex}`
  return `a write naming ${sent}`
}

/**
 * The tag the answer revealed, raw: the ETag header, or where the resource's versions were seen
 * when it is body-versioned: a version header (`X-Resource-Version`), else a body field, a number
 * written as text (a JPA `version`, Contentful's `sys.version`). CouchDB's GET ETag is an unrelated
 * body hash; its writes answer `rev`.
 */
export function tagInResponse(response: ReplayHttpResponse, lineage: ResourceLineage): string | undefined {
  // A server without tags names its new version by the date it was modified.
  if (isDateVersioned(lineage)) return headerValue(response.headers, "Last-Modified")
  const header = headerValue(response.headers, "ETag")
  const bodyVersioned = lineage.tagSources.length > 0 && !lineage.tagSources.includes("header")
  if (header !== undefined && !bodyVersioned) return header
  for (const source of lineage.tagSources) {
    const name = versionHeaderOf(source)
    const value = name === undefined ? undefined : headerValue(response.headers, name)
    if (value !== undefined) return value
  }
  const json = parseJsonObject(response.bodyText)
  const fields = bodyFieldsOf(lineage.tagSources)
  if (fields.includes("_rev")) fields.push("rev")
  const value = json
    ? fields
        .map((field) => fieldValue(json, field))
        .find((v) => typeof v === "string" || (typeof v === "number" && Number.isFinite(v)))
    : undefined
  return typeof value === "string" || typeof value === "number" ? String(value) : header
}
