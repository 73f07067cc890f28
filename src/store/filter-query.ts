/**
 * The toolbar's filter text, read as DevTools' Network panel reads its own: words separated by
 * spaces, each of which must match (`-word` must not; `/…/` is a regular expression), and
 * `key:value` terms. Keys that one view has no use for are ignored there, so a query stays
 * sensible when the view changes:
 *
 * - `method:PUT`, `status-code:412` (or `4xx`), `has:if-match|if-none-match|etag|version|finding`:
 *   Traffic only;
 * - `domain:api.example.com` (or `*.example.com`): Traffic, Resources and Findings;
 * - `rule:lost-update` (a prefix of the rule id): the exchanges and resources a finding of that rule
 *   names, and those findings;
 * - `tag:n1-v2` (part of an entity tag; `tag:"n1-v2"` for the whole of one): the exchanges that
 *   received it or sent it (`If-Match`, `If-None-Match`, a body or query version), and the resources
 *   one of whose versions it names;
 * - `user:alice` (a user's label without its spaces: `user:userA` for "user A"): the exchanges that
 *   user sent, by the user their `Authorization` (or session cookie) names
 *   (lineage/resource-users.ts); Traffic only.
 */

export type FilterKey = "method" | "status-code" | "domain" | "rule" | "has" | "tag" | "user"

export interface FilterTerm {
  /** Absent for a plain word, which matches the view's text. */
  readonly key?: FilterKey
  /** Lower case. */
  readonly value: string
  readonly negated: boolean
  /** A plain word written `/…/`: a regular expression, case aside (as DevTools reads one). */
  readonly pattern?: RegExp
}

const KEYS: ReadonlySet<string> = new Set<FilterKey>([
  "method",
  "status-code",
  "domain",
  "rule",
  "has",
  "tag",
  "user"
])

/** What `has:` asks of an exchange. */
export const HAS_VALUES = ["if-match", "if-none-match", "etag", "version", "finding"] as const

/** `/…/` as a regular expression; undefined for any other word, or one that does not compile. */
function patternOf(word: string): RegExp | undefined {
  if (word.length < 3 || !word.startsWith("/") || !word.endsWith("/")) return undefined
  try {
    return new RegExp(word.slice(1, -1), "i")
  } catch {
    return undefined // read as plain text, as it is being typed
  }
}

export function parseFilterQuery(text: string): readonly FilterTerm[] {
  const terms: FilterTerm[] = []
  for (const original of text.split(/\s+/)) {
    const pattern = patternOf(original.startsWith("-") ? original.slice(1) : original)
    const word = original.toLowerCase()
    const negated = word.startsWith("-")
    const body = negated ? word.slice(1) : word
    if (body === "") continue
    const colon = body.indexOf(":")
    const key = colon > 0 ? body.slice(0, colon) : ""
    if (KEYS.has(key)) {
      const value = body.slice(colon + 1)
      // `method:` alone is a term still being typed: it filters nothing yet.
      if (value !== "") terms.push({ key: key as FilterKey, value, negated })
    } else terms.push(pattern ? { value: body, negated, pattern } : { value: body, negated })
  }
  return terms
}

/** A plain word against a view's text: a substring (case aside), or the `/…/` pattern. */
export function matchesWord(text: string, term: FilterTerm): boolean {
  return term.pattern ? term.pattern.test(text) : text.toLowerCase().includes(term.value)
}

/**
 * How one view answers a term: true or false, or undefined when the term's key means nothing to it
 * (the term is then skipped, negated or not).
 */
export type TermMatcher<Item> = (item: Item, term: FilterTerm) => boolean | undefined

export function matchesQuery<Item>(
  item: Item,
  terms: readonly FilterTerm[],
  matchTerm: TermMatcher<Item>
): boolean {
  for (const term of terms) {
    const matched = matchTerm(item, term)
    if (matched !== undefined && matched === term.negated) return false
  }
  return true
}

/** `domain:` — the host, a parent domain of it, or `*.example.com`. */
export function matchesDomain(url: string, domain: string): boolean {
  const host = hostOf(url)
  if (host === undefined) return false
  const wanted = domain.startsWith("*.") ? domain.slice(2) : domain
  return host === wanted || host.endsWith(`.${wanted}`)
}

function hostOf(url: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(url)
  return match?.[1].toLowerCase()
}

/** `status-code:412`, or a class: `status-code:4xx`. */
export function matchesStatusCode(status: number, value: string): boolean {
  const statusClass = /^([1-5])xx$/.exec(value)
  if (statusClass) return Math.floor(status / 100) === Number(statusClass[1])
  return String(status) === value
}

/** `tag:` — part of the opaque tag, or `"…"` for all of it (both lower case). */
export function matchesTag(opaque: string, value: string): boolean {
  const tag = opaque.toLowerCase()
  const whole = /^"(.*)"$/.exec(value)
  return whole ? tag === whole[1] : tag.includes(value)
}

/** A user's label as a `user:` value: lower case, spaces removed (`user A` → `usera`). */
export function userFilterValue(label: string): string {
  return label.toLowerCase().replace(/\s+/g, "")
}
