/**
 * The one typed source of ETag Lens' extension settings.
 *
 * Plasmo itself reads the manifest from package.json; this file is what *our* code
 * imports (the devtools page takes the panel title from it, the panel takes its
 * limits and default tag fields from it, the build scripts take targets from it),
 * and tests/config/plasmo-config.test.ts checks that package.json's `manifest` and
 * the built manifests agree with it.
 */

export type BuildTarget = "chrome-mv3" | "firefox-mv3"

export interface ExtensionConfig {
  /** Title of the DevTools panel (also what the e2e tests look for). */
  readonly panelTitle: string
  /** Browser targets we build and test. */
  readonly targets: readonly BuildTarget[]
  /** Firefox add-on id and the oldest Firefox we support. */
  readonly gecko: { readonly id: string; readonly strictMinVersion: string }
  /** Extension permissions: a DevTools panel needs only storage (settings and session survival). */
  readonly permissions: readonly string[]
  /** CSP of extension pages: our own bundled scripts only, no inline script, no remote code. */
  readonly contentSecurityPolicy: string
  /** Defaults the panel starts with; the user can change them in the settings view. */
  readonly defaults: {
    /** Body fields that may carry an entity tag, in lookup order. */
    readonly bodyTagFields: readonly string[]
    /** Query parameters that carry a body version (CouchDB `?rev=`). */
    readonly queryVersionParams: readonly string[]
    /** Query parameters that name a resource (`?id=7`); none by default: a query is a view of its path. */
    readonly identityQueryParams: readonly string[]
    /** Headers that carry the version instead of ETag/If-Match (Contentful's `X-Contentful-Version`). */
    readonly versionHeaders: readonly string[]
    /** Body fields a write sends as the version it makes (Confluence's `version.number`). */
    readonly nextVersionFields: readonly string[]
    /** Exchanges kept before the oldest are evicted. */
    readonly maxExchanges: number
    /** Largest response/request body kept, in bytes; larger ones are skipped (the exchange is kept). */
    readonly maxBodyBytes: number
  }
}

export const extensionConfig: ExtensionConfig = {
  panelTitle: "ETags",
  targets: ["chrome-mv3", "firefox-mv3"],
  gecko: { id: "etag-lens@etag-lens.dev", strictMinVersion: "142.0" },
  permissions: ["storage"],
  contentSecurityPolicy: "script-src 'self'; object-src 'self'",
  defaults: {
    bodyTagFields: ["@odata.etag", "odata.etag", "_etag", "_rev", "metadata.resourceVersion"],
    queryVersionParams: ["rev"],
    identityQueryParams: [],
    versionHeaders: [],
    nextVersionFields: [],
    maxExchanges: 20_000,
    maxBodyBytes: 1024 * 1024
  }
}

export default extensionConfig
