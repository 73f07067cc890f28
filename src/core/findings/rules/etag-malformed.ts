/**
 * Answers whose `ETag` is not an entity-tag (§8.8.3): unquoted (restify's documented use, many
 * hand-written apps), `w/`, text after the closing quote, several lines. The engine reads them
 * leniently; intermediaries and clients do not all do so.
 */
import { NO_FINDINGS, countedEvidence, rfc9110, type PolicyRule } from "../rule"

export const etagMalformed: PolicyRule = {
  id: "etag-malformed",
  severity: "warning",
  scope: "policy",
  title: "ETag is not a valid entity-tag",
  explanation:
    'An entity-tag is quoted, optionally after W/ ("58a74a7a" or W/"58a74a7a"), and an answer carries one ' +
    "ETag line. This server sent tags without quotes, or otherwise not in that form (a lower-case w/, " +
    "text after the closing quote, two ETag lines, which a browser script reads as one text joined by a " +
    "comma). ETag Lens reads them anyway, but not everything between the server and its clients does: " +
    "nginx with gzip on drops an unquoted ETag from the answers it compresses (nginx 1.22, measured), so " +
    "a browser behind it never gets a tag to send back in If-Match; clients and libraries that parse or " +
    "quote the tag send back another text than the one the server compares with.",
  fix: {
    client:
      "Send the tag back exactly as received. If a proxy removed it, the write cannot name a version: " +
      "report it to the API's owner.",
    server:
      'Send one ETag line with the tag in double quotes: ETag: "58a74a7a" (W/"…" for a weak tag). ' +
      "Express's own tags and Django's @condition are quoted; a header set by hand (restify's " +
      "res.header, Express's res.set) is sent as given, and restify's res.header adds a second line."
  },
  rfc: rfc9110("8.8.3", "ETag"),
  check({ policy, observations }) {
    const unquoted = observations.get("unquoted-etag")
    const malformed = observations.get("malformed-etag")
    if (unquoted === undefined && malformed === undefined) return NO_FINDINGS
    const parts: string[] = []
    if (unquoted !== undefined) parts.push(`${countedEvidence(unquoted, "answer")} with an unquoted ETag`)
    if (malformed !== undefined)
      parts.push(`${countedEvidence(malformed, "answer")} with an ETag that is not an entity-tag`)
    return [
      {
        ruleId: etagMalformed.id,
        severity: etagMalformed.severity,
        message: `${policy.scope}: ${parts.join("; ")}`,
        exchangeIds: [...(unquoted?.exchangeIds ?? []), ...(malformed?.exchangeIds ?? [])].sort(
          (a, b) => a - b
        )
      }
    ]
  }
}
