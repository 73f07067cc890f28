/**
 * Policy scopes: servers often mount APIs with different rules side by side on one origin
 * (`/api/strict/…` and `/api/lax/…`, `/odata/…` and `/dav/…`). A scope is the origin plus at
 * most the first two path segments, never the last segment (the resource's own name):
 *   http://h/api/strict/notes/1 → http://h/api/strict     http://h/dav/doc.txt → http://h/dav
 *   http://h/notes/1            → http://h/notes           http://h/doc         → http://h
 */
const ORIGIN_AND_PATH = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)([^?#]*)/i

const SCOPE_SEGMENTS = 2

export function policyScopeOf(resourceKey: string): string {
  const match = ORIGIN_AND_PATH.exec(resourceKey)
  if (match === null) return resourceKey
  const [, origin, path] = match
  const segments = path.split("/").filter((segment) => segment !== "")
  const kept = segments.slice(0, Math.min(SCOPE_SEGMENTS, segments.length - 1))
  return kept.length === 0 ? origin : `${origin}/${kept.join("/")}`
}

/** The origin of a scope or key (`scheme://host[:port]`). */
export function originOfScope(scope: string): string {
  return ORIGIN_AND_PATH.exec(scope)?.[1] ?? scope
}
