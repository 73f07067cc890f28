/**
 * A concurrency scenario (issue #10): what a regression test re-creates against a live server.
 * Read → concurrent write with the tag just read → [a write that names no version (must be
 * refused), when the capture lost an update to one] → stale write with the first tag (must be
 * refused: 412, 409 or 428) → read back (the concurrent write must have survived).
 * Plain JSON data: the generators embed it as-is in the scripts they write.
 * It holds no recorded secret and no recorded tag: tags are read from the server at run time.
 */

/** Where the version travels in a write (same vocabulary as the replay planner). */
export type ScenarioCarrier =
  | { readonly kind: "if-match" }
  /** `next`: the write sends the version it makes, the one read plus one (Confluence's `version.number`). */
  | { readonly kind: "body-field"; readonly field: string; readonly next?: true }
  | { readonly kind: "query-param"; readonly param: string }
  | { readonly kind: "version-header"; readonly name: string }
  /** The date the read's `Last-Modified` gave, on an API without tags (RFC 9110 §13.1.4). */
  | { readonly kind: "if-unmodified-since" }

export interface ScenarioCreate {
  /** Path (and query) of the collection the capture POSTed to; the new resource is its `Location`. */
  readonly collectionPath: string
  readonly contentType?: string
  readonly body?: string
}

export interface ScenarioWrite {
  /** The method on the wire: a POST when the capture tunnelled the write in a method override. */
  readonly method: string
  /**
   * The override header the recorded POST carried (`X-HTTP-Method: MERGE`, as SAP UI5's OData V2
   * model sends it): the server reads the write's method from it.
   */
  readonly methodOverride?: { readonly header: string; readonly method: string }
  readonly contentType?: string
  /** Recorded body, secrets redacted and recorded tag fields removed. */
  readonly body?: string
  /**
   * The body is a JSON Patch (RFC 6902): the writers set its marker operation and test of the
   * version; any other JSON array is sent as it was.
   */
  readonly jsonPatch?: true
}

export interface Scenario {
  /** One line, e.g. `lost-update on /api/lax/notes/1`. */
  readonly title: string
  /** The finding this scenario guards against (`lost-update`, `missing-if-match`). */
  readonly ruleId: string
  /** Origin of the capture (for the comment only: the base URL is given at run time). */
  readonly recordedOrigin: string
  /** Path (and kept query) of the resource, relative to the base URL. */
  readonly resourcePath: string
  /** Set when the capture created the resource: the test creates a fresh one each run. */
  readonly create?: ScenarioCreate
  /**
   * Where to read the tag at run time, in preference order: the `ETag` header, version headers the
   * capture showed versions in (`X-Resource-Version`), body fields.
   */
  readonly tagFrom: {
    readonly header: boolean
    readonly versionHeaders?: readonly string[]
    readonly bodyFields: readonly string[]
  }
  /** Where writes put the tag. */
  readonly carriers: readonly ScenarioCarrier[]
  /**
   * Wait this long after the read, before the concurrent write: versions named by `Last-Modified`
   * dates count whole seconds (RFC 9110 §8.8.2.2), so a write within the read's second would leave
   * the date, and the stale write would pass for current.
   */
  readonly pauseBeforeWriteMs?: number
  readonly write: ScenarioWrite
  /**
   * The write at fault was a DELETE (a lost update by deleting another user's unread change): the
   * steps that must be refused send a DELETE with no body instead of `write`. The concurrent write
   * stays the recorded PUT or PATCH: a DELETE makes no new version to be stale against.
   */
  readonly refusedMethod?: "DELETE"
  /**
   * The write body's field that repeats the resource's id (FHIR's `id`), when the test creates its
   * own resource: the writers put the created resource's id (its URL's last segment) there.
   */
  readonly idField?: string
  /** A JSON string field each writer sets to its own marker, so the read-back can tell who won. */
  readonly markerField?: string
  /** A JSON Patch body's (RFC 6902): the operation whose `value` sets `markerField`, by index. */
  readonly markerOperation?: number
  /**
   * A JSON Patch body's `test` of the version field (Azure DevOps' `/rev`), by index, its value
   * null: the writers set it to the version they read; a write with no version leaves it out.
   */
  readonly versionOperation?: number
  /** Statuses that mean "stale write refused": 412 (RFC 9110 §13.1.1), 409, 428 (RFC 6585 §3). */
  readonly refusedStatuses: readonly number[]
  /**
   * Set when the capture lost an update to a write that named no version: the test also sends one,
   * which the server must refuse with one of these. Refusing stale tags alone does not stop that loss.
   */
  readonly unversionedRefusedStatuses?: readonly number[]
  /** Exchanges of the capture this scenario comes from. */
  readonly evidence: readonly number[]
}

export type ScenarioResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly resourceKey: string; readonly reason: string }

/** Past the end of the read's second, whatever its fraction (HTTP-dates count whole seconds). */
export const DATE_RESOLUTION_PAUSE_MS = 1100

export const REFUSED_STALE_STATUSES: readonly number[] = [412, 409, 428]

/**
 * A write that names no version, refused: 428 Precondition Required (RFC 6585 §3); 409 as CouchDB
 * answers a document update without `_rev`; 412; 422, as an API that requires its version field
 * answers a body without it (the same body passed with it a step before, so the version is what
 * it refuses); 400, as servers older than RFC 6585 answer.
 */
export const REFUSED_UNVERSIONED_STATUSES: readonly number[] = [428, 409, 412, 422, 400]

/** The scenario as the generated files embed it, with the refused statuses' text (`412/409/428`). */
export function scenarioData(scenario: Scenario): Scenario & {
  writeText: string
  refusedText: string
  refusedStatusesText: string
  unversionedRefusedStatusesText?: string
} {
  const unversioned = scenario.unversionedRefusedStatuses
  return {
    ...scenario,
    writeText: describeWriteMethod(scenario.write),
    refusedText: describeRefusedMethod(scenario),
    refusedStatusesText: describeRefusedStatuses(scenario.refusedStatuses),
    ...(unversioned ? { unversionedRefusedStatusesText: describeRefusedStatuses(unversioned) } : {})
  }
}

/** The write's method as the steps name it: `MERGE (POST with X-HTTP-Method)` for a tunnelled one. */
export function describeWriteMethod(write: ScenarioWrite): string {
  const override = write.methodOverride
  return override === undefined
    ? write.method
    : `${override.method} (${write.method} with ${override.header})`
}

/** The method the steps that must be refused send, as they name it. */
export function describeRefusedMethod(scenario: Scenario): string {
  return scenario.refusedMethod ?? describeWriteMethod(scenario.write)
}

/** How many steps the generated test runs (its progress reads `step 2/4`). */
export function scenarioStepCount(scenario: Scenario): number {
  return 4 + (scenario.create ? 1 : 0) + (scenario.unversionedRefusedStatuses ? 1 : 0)
}

/** The steps, as the generated file's header comment lists them. */
export function describeScenarioSteps(scenario: Scenario): string {
  const refused = scenario.refusedMethod ?? "write"
  const unversioned = scenario.unversionedRefusedStatuses
    ? ` a ${refused} with no version (must be refused),`
    : ""
  return (
    `${scenario.create ? "create, " : ""}read, concurrent write with the current tag,${unversioned} ` +
    `stale ${refused} with the first tag (must be refused), read back.`
  )
}

/** `412/409/428`, as the generated scripts print it. */
export function describeRefusedStatuses(statuses: readonly number[]): string {
  return statuses.join("/")
}
