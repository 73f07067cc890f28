/**
 * A read that shows the content of the previous read under another strong tag, with nothing
 * written in between: the tag changed although the representation did not (RFC 9110 §8.8.1 wants
 * a strong validator to change with the representation data). Servers behind a load balancer
 * whose nodes tag differently do this (IIS farms, Apache's inode-based tags). Lineage then keeps
 * one version known by both tags, and the rule tag-changed-without-write reports it.
 */
import { headerValue } from "../http/headers"
import type { Exchange, HeaderList, ObservedTag } from "../model"
import { isDateVersion } from "./date-versions"
import type { ReadContent } from "./resource-history"
import type { ResourceState } from "./resource-state"
import { comparableText, sameContent } from "./same-content"

/** Representation metadata that may rightly give the same content another tag (§8.3–§8.5, §8.8.1). */
const VARIANT_HEADERS = ["content-type", "content-encoding", "content-language"] as const

function sameVariant(a: HeaderList, b: HeaderList): boolean {
  for (const name of VARIANT_HEADERS) {
    if (headerValue(a, name)?.toLowerCase() !== headerValue(b, name)?.toLowerCase()) return false
  }
  return true
}

function isStrongEntityTag(tag: ObservedTag): boolean {
  return !tag.tag.weak && !isDateVersion(tag)
}

/**
 * The resource's previous 2xx GET, when this 2xx GET (showing `tags`, header first) shows the same
 * content as it under a different strong tag from the same source, with no 2xx write, create or
 * delete since. Undefined otherwise; cheap checks first, the content last (most reads keep their tag).
 */
export function retaggedSince(
  state: ResourceState,
  exchange: Exchange,
  tags: readonly ObservedTag[]
): ReadContent | undefined {
  const last = state.lastRead
  const tag = tags[0]
  if (last === undefined || tag === undefined || tag.tag.opaque === last.tag.tag.opaque) return undefined
  if (tag.source !== last.tag.source || !isStrongEntityTag(tag) || !isStrongEntityTag(last.tag))
    return undefined
  if (state.lastChangeBy !== undefined && state.lastChangeBy > last.exchangeId) return undefined
  const text = comparableText(exchange.responseBody?.text)
  if (text === undefined || last.text === undefined) return undefined
  if (!sameVariant(last.headers, exchange.responseHeaders)) return undefined
  return sameContent(last.text, text) ? last : undefined
}

/**
 * Keep what a 2xx GET showed, for the next read to compare with. Most reads show the tag the last
 * one did: the record is then refilled in place (a retagged read always gets a new one, so the
 * record `retaggedSince` returned stays as it was).
 */
export function noteRead(
  state: ResourceState,
  exchange: Exchange,
  versionIndex: number,
  tag: ObservedTag
): void {
  const last = state.lastRead
  const text = state.representation
  if (last !== undefined && last.versionIndex === versionIndex && last.tag.tag.opaque === tag.tag.opaque) {
    last.exchangeId = exchange.id
    last.tag = tag
    last.text = text
    last.headers = exchange.responseHeaders
    return
  }
  state.lastRead = { exchangeId: exchange.id, versionIndex, tag, text, headers: exchange.responseHeaders }
}
