/**
 * Where well-known APIs keep the version, as the engine's options (README "Real APIs: what to
 * set"): one choice in ⚙ Settings or `etag-audit --api <id>` instead of three fields. APIs that
 * need nothing (ETag and If-Match, OData, Eve, Cosmos DB, CouchDB, Kubernetes, FHIR, SCIM content)
 * are not listed.
 */
import { sameHeaderName } from "./http/headers"
import type { EngineOptions } from "./model"

export type VersionPlaceOptions = Pick<
  EngineOptions,
  "bodyTagFields" | "queryVersionParams" | "versionHeaders" | "nextVersionFields"
>

export interface ApiPreset extends VersionPlaceOptions {
  /** Stable id, used by the CLI (`--api contentful`) and config files. */
  readonly id: string
  /** What the settings dialog lists. */
  readonly name: string
}

export const API_PRESETS: readonly ApiPreset[] = [
  {
    // Work items: PATCH with a JSON Patch whose `test` of /rev names the version it is based on.
    id: "azure-devops",
    name: "Azure DevOps work items (rev, a JSON Patch test of /rev)",
    bodyTagFields: ["rev"],
    queryVersionParams: [],
    versionHeaders: [],
    nextVersionFields: []
  },
  {
    id: "contentful",
    name: "Contentful (sys.version, X-Contentful-Version)",
    bodyTagFields: ["sys.version"],
    queryVersionParams: [],
    versionHeaders: ["X-Contentful-Version"],
    nextVersionFields: []
  },
  {
    id: "confluence",
    name: "Confluence (version.number, sent as the next version)",
    bodyTagFields: ["version.number"],
    queryVersionParams: [],
    versionHeaders: [],
    nextVersionFields: ["version.number"]
  },
  {
    id: "elasticsearch",
    name: "Elasticsearch, OpenSearch (_seq_no, ?if_seq_no=)",
    bodyTagFields: ["_seq_no"],
    queryVersionParams: ["if_seq_no"],
    versionHeaders: [],
    nextVersionFields: []
  },
  {
    id: "jpa",
    name: "JPA, Spring Data, Hibernate (version)",
    bodyTagFields: ["version"],
    queryVersionParams: [],
    versionHeaders: [],
    nextVersionFields: []
  },
  {
    id: "rails",
    name: "Rails (lock_version)",
    bodyTagFields: ["lock_version"],
    queryVersionParams: [],
    versionHeaders: [],
    nextVersionFields: []
  },
  {
    // SCIM content (application/scim+json) needs nothing (traffic/scim.ts); a server that answers
    // application/json needs its meta.version named.
    id: "scim",
    name: "SCIM 2.0 answered as application/json (meta.version)",
    bodyTagFields: ["meta.version"],
    queryVersionParams: [],
    versionHeaders: [],
    nextVersionFields: []
  }
]

export function findApiPreset(id: string): ApiPreset | undefined {
  return API_PRESETS.find((preset) => preset.id === id)
}

/** The names of `wanted` that `have` lacks (header names compared case-insensitively, RFC 9110 §5.1). */
export function namesNotIn(
  have: readonly string[],
  wanted: readonly string[],
  headerNames = false
): string[] {
  const same = headerNames ? sameHeaderName : (one: string, other: string) => one === other
  return wanted.filter((name) => !have.some((known) => same(known, name)))
}

/**
 * The options with the preset's places added. Its body fields come first (they are looked up in
 * order, and a field the user named is meant); names already there are not repeated.
 */
export function withApiPreset<Options extends VersionPlaceOptions>(
  options: Options,
  preset: ApiPreset
): Options {
  return {
    ...options,
    bodyTagFields: [...namesNotIn(options.bodyTagFields, preset.bodyTagFields), ...options.bodyTagFields],
    queryVersionParams: [
      ...options.queryVersionParams,
      ...namesNotIn(options.queryVersionParams, preset.queryVersionParams)
    ],
    versionHeaders: [
      ...options.versionHeaders,
      ...namesNotIn(options.versionHeaders, preset.versionHeaders, true)
    ],
    nextVersionFields: [
      ...options.nextVersionFields,
      ...namesNotIn(options.nextVersionFields, preset.nextVersionFields)
    ]
  }
}
