/**
 * A scenario as a bash script of curl commands (`set -euo pipefail`, no jq): tags come from
 * the `ETag` response header (grep/sed) or a JSON body field (sed), writes carry them where the
 * API expects them, and each step prints what it checked. Exit 0 / 1, 2 on usage.
 */
import { shellQuote } from "../export/snippets"
import { patchOperationsOf, pointerOf } from "../traffic/json-patch"
import { parseJsonObject } from "../traffic/json-body"
import { withField } from "../traffic/json-field"
import type { Scenario, ScenarioCarrier } from "./scenario"
import {
  describeRefusedMethod,
  describeRefusedStatuses,
  describeScenarioSteps,
  describeWriteMethod,
  scenarioStepCount
} from "./scenario"

const TAG_PLACEHOLDER = "__ETAG_LENS_TAG__"
const MARKER_PLACEHOLDER = "__ETAG_LENS_MARKER__"
const ID_PLACEHOLDER = "__ETAG_LENS_ID__"

type BodyCarrier = Extract<ScenarioCarrier, { kind: "body-field" }>

/** The carrier that puts the version in a body field, if the writes have one. */
function bodyCarrierOf(carriers: readonly ScenarioCarrier[]): BodyCarrier | undefined {
  return carriers.find((carrier): carrier is BodyCarrier => carrier.kind === "body-field")
}

/** The write body with placeholders where the marker and a body-carried tag go (JSON), else as recorded. */
function bodyTemplate(scenario: Scenario, bodyField: BodyCarrier | undefined): string | undefined {
  const json = parseJsonObject(scenario.write.body)
  const operations = scenario.write.jsonPatch ? patchOperationsOf(scenario.write.body) : undefined
  if (operations !== undefined) return patchTemplate(scenario, operations, bodyField)
  if (json === undefined && bodyField === undefined) return scenario.write.body
  let template = { ...(json ?? {}) }
  if (scenario.markerField !== undefined) template[scenario.markerField] = MARKER_PLACEHOLDER
  if (scenario.idField !== undefined) template[scenario.idField] = ID_PLACEHOLDER
  // A dotted field goes into its nested object when the body has one (metadata.resourceVersion).
  if (bodyField !== undefined) template = withField(template, bodyField.field, TAG_PLACEHOLDER)
  return JSON.stringify(template)
}

/**
 * A JSON Patch write (RFC 6902) with the marker's placeholder as its marker operation's value, and
 * the tag's as the value of its test of the version field (one put first when it had none); without
 * a body carrier, that test left out.
 */
function patchTemplate(
  scenario: Scenario,
  recorded: readonly Record<string, unknown>[],
  bodyField: BodyCarrier | undefined
): string {
  const version = scenario.versionOperation
  const operations = recorded.map((operation, index) =>
    index === scenario.markerOperation ? { ...operation, value: MARKER_PLACEHOLDER } : operation
  )
  if (bodyField === undefined) return JSON.stringify(operations.filter((_, index) => index !== version))
  if (version !== undefined) operations[version] = { ...operations[version], value: TAG_PLACEHOLDER }
  else operations.unshift({ op: "test", path: pointerOf(bodyField.field), value: TAG_PLACEHOLDER })
  return JSON.stringify(operations)
}

/** A JSON key as a sed basic regex matches it literally. */
function sedKey(field: string): string {
  return field.replace(/[.[\]*^$\\/]/g, "\\$&")
}

/** A sed expression (basic regex) that prints a JSON number field's value (a JPA @Version). */
function sedForNumberField(field: string): string {
  return `s/.*"${sedKey(field)}"[[:space:]]*:[[:space:]]*\\(-\\{0,1\\}[0-9][0-9.]*\\).*/\\1/p`
}

/** A sed expression (basic regex) that prints a JSON string field's raw (still escaped) value. */
function sedForField(field: string): string {
  return `s/.*"${sedKey(field)}"[[:space:]]*:[[:space:]]*"\\(\\([^"\\\\]\\|\\\\.\\)*\\)".*/\\1/p`
}

function tagReaders(scenario: Scenario): string[] {
  const lines = [
    "read_tags() {",
    '  HEADER_TAG=""',
    '  VERSION_TAG=""',
    '  BODY_TAG=""',
    '  BODY_TAG_NUMBER=""'
  ]
  if (scenario.tagFrom.header) {
    lines.push(
      `  HEADER_TAG="$(tr -d '\\r' < "$WORK/headers" | sed -n 's/^[Ee][Tt][Aa][Gg]:[[:space:]]*//p' | tail -n 1)"`
    )
  }
  // A version header (`X-Resource-Version: 3`), its name matched case-insensitively (GNU sed's I).
  for (const name of scenario.tagFrom.versionHeaders ?? []) {
    lines.push(
      `  [ -n "$VERSION_TAG" ] || VERSION_TAG="$(tr -d '\\r' < "$WORK/headers" | sed -n ${shellQuote(`s/^${sedKey(name)}:[[:space:]]*//Ip`)} | tail -n 1)"`
    )
  }
  // Each field by its key; then a dotted one by its last key, wherever it is nested (sed has no paths).
  const nestedKeys = scenario.tagFrom.bodyFields
    .filter((field) => field.includes("."))
    .map((field) => field.slice(field.lastIndexOf(".") + 1))
  const keys = [...scenario.tagFrom.bodyFields, ...nestedKeys]
  for (const field of keys) {
    lines.push(
      `  [ -n "$BODY_TAG" ] || BODY_TAG="$(json_member ${shellQuote(sedForField(field))} | json_unescape)"`
    )
  }
  // A version kept as a JSON number goes back as one (a server binding it to an integer refuses "3").
  for (const field of keys) {
    lines.push(
      `  [ -n "$BODY_TAG" ] || { BODY_TAG="$(json_member ${shellQuote(sedForNumberField(field))})"; [ -z "$BODY_TAG" ] || BODY_TAG_NUMBER=1; }`
    )
  }
  lines.push('  FIRST_TAG="${HEADER_TAG:-${VERSION_TAG:-$BODY_TAG}}"', "}")
  return lines
}

/**
 * `name MARKER`: the recorded write with MARKER in its marker field, $IF_MATCH_TAG / $TAG in the
 * carriers given (none: a write that names no version); with `deletes`, a DELETE with no body.
 */
function writeFunction(
  scenario: Scenario,
  name: string,
  carriers: readonly ScenarioCarrier[],
  deletes = false
): string[] {
  const bodyField = bodyCarrierOf(carriers)
  const template = deletes ? undefined : bodyTemplate(scenario, bodyField)
  const what = deletes ? "a DELETE" : "the recorded write with MARKER in its marker field"
  const lines = [
    carriers.length > 0
      ? `# ${name} MARKER: ${what}, $IF_MATCH_TAG / $TAG where the API wants them`
      : `# ${name} MARKER: ${what} and no version anywhere`,
    `${name}() {`
  ]
  lines.push(`  local url="$RESOURCE_URL" args=()`)
  if (!deletes && (scenario.write.contentType !== undefined || template !== undefined)) {
    const contentType = scenario.write.contentType ?? "application/json"
    lines.push(`  args+=(-H ${shellQuote(`Content-Type: ${contentType}`)})`)
  }
  const override = deletes ? undefined : scenario.write.methodOverride
  if (override !== undefined)
    lines.push(`  args+=(-H ${shellQuote(`${override.header}: ${override.method}`)})`)
  for (const carrier of carriers) {
    if (carrier.kind === "if-match") lines.push('  args+=(-H "If-Match: $(quoted "${IF_MATCH_TAG}")")')
    if (carrier.kind === "query-param") {
      lines.push(
        `  url="$url$([[ "$url" == *\\?* ]] && echo '&' || echo '?')${encodeURIComponent(carrier.param)}=$(urlencode "$(unquote "$TAG")")"`
      )
    }
    if (carrier.kind === "version-header")
      lines.push(`  args+=(-H ${shellQuote(`${carrier.name}: `)}"$(unquote "$TAG")")`)
    if (carrier.kind === "if-unmodified-since") lines.push('  args+=(-H "If-Unmodified-Since: $FIRST_TAG")')
  }
  if (template !== undefined) {
    lines.push(`  local body=${shellQuote(template)}`)
    lines.push(`  body="\${body//${MARKER_PLACEHOLDER}/"$(json_escape "$1")"}"`)
    // The body repeats the resource's id (FHIR): the id of the resource this test created.
    if (scenario.idField !== undefined)
      lines.push(
        '  local created_id="${RESOURCE_URL%%[?#]*}"',
        `  body="\${body//${ID_PLACEHOLDER}/"$(json_escape "\${created_id##*/}")"}"`
      )
    if (bodyField !== undefined) {
      // Confluence wants the version the write makes: the one read plus one.
      const sent = bodyField.next ? '$(($(unquote "$TAG") + 1))' : '$(unquote "$TAG")'
      lines.push(
        `  local sent="${sent}"`,
        `  if [ -n "$BODY_TAG_NUMBER" ]; then body="\${body//\\"${TAG_PLACEHOLDER}\\"/$sent}"; else body="\${body//${TAG_PLACEHOLDER}/"$(json_escape "$sent")"}"; fi`
      )
    }
    lines.push('  args+=(--data-raw "$body")')
  }
  // bash before 4.4 (macOS's /bin/bash 3.2) takes an empty array for unbound under `set -u`.
  lines.push(
    `  request ${shellQuote(deletes ? "DELETE" : scenario.write.method)} "$url" \${args[@]+"\${args[@]}"}`,
    "}"
  )
  return lines
}

/** Bash helpers shared by every script (`\${` is written escaped here and unescaped below). */
const HELPERS = String.raw`WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
AUTH=()
if [ -n "\${ETAG_LENS_AUTHORIZATION:-}" ]; then AUTH+=(-H "Authorization: $ETAG_LENS_AUTHORIZATION"); fi
if [ -n "\${ETAG_LENS_COOKIE:-}" ]; then AUTH+=(-H "Cookie: $ETAG_LENS_COOKIE"); fi
RUN_ID="$(date +%s)$$"
STEP=0
step() { STEP=$((STEP + 1)); LABEL="step $STEP/$TOTAL_STEPS $1"; }
pass() { echo "$LABEL: $1 — ok"; }
fail() { echo "$LABEL: $1"; echo "FAIL $TITLE"; exit 1; }
# request METHOD URL [curl args…]: sets STATUS; headers in $WORK/headers, body in $WORK/body
request() {
  local method="$1" url="$2"
  shift 2
  STATUS="$(curl --globoff --silent --show-error --output "$WORK/body" --dump-header "$WORK/headers" \
    --write-out '%{http_code}' --request "$method" \${AUTH[@]+"\${AUTH[@]}"} "$@" "$url")" || STATUS=000
}
# One pass, left to right: \" \\ and \/ (PHP's json_encode escapes every slash: "W\/\"3\"").
json_unescape() { sed -e 's/\\\(["\\/]\)/\1/g'; }
json_escape() { local text="\${1//\\/\\\\}"; printf '%s' "\${text//\"/\\\"}"; }
quoted() { if [[ "$1" =~ ^(W/)?\".*\"$ ]]; then printf '%s' "$1"; else printf '"%s"' "$1"; fi; }
unquote() { local text="\${1#W/}"; if [[ "$text" =~ ^\"(.*)\"$ ]]; then printf '%s' "\${BASH_REMATCH[1]}"; else printf '%s' "$1"; fi; }
urlencode() {
  # Byte by byte: a character outside ASCII goes as its UTF-8 bytes (%C3%A9), as encodeURIComponent sends it.
  local LC_ALL=C text="$1" out="" char i
  for ((i = 0; i < \${#text}; i++)); do
    char="\${text:i:1}"
    case "$char" in [A-Za-z0-9._~-]) out+="$char" ;; *) out+="$(printf '%%%02X' "'$char")" ;; esac
  done
  printf '%s' "$out"
}
# The body's top-level members: nested objects and arrays become null, innermost first (sed has no
# parser), every one of a depth in a pass: a 1 MB list takes a second, not minutes.
top_level_json() {
  tr -d '\n' < "$WORK/body" |
    sed -e ':a' -e 's/\([,:[][[:space:]]*\)\({\([^][{}"]\|"\([^"\\]\|\\.\)*"\)*}\|\[\([^][{}"]\|"\([^"\\]\|\\.\)*"\)*\]\)/\1null/g' -e 'ta'
}
# json_member SED: what SED prints from the body's top-level members (a nested member of the same
# name, {"title": …, "author": {"title": …}}, is not the resource's), else from anywhere in the body
# (OData V2's {"d": {…}}, a version nested in metadata.resourceVersion).
json_member() {
  local found
  found="$(top_level_json | sed -n "$1")"
  if [ -z "$found" ]; then found="$(tr -d '\n' < "$WORK/body" | sed -n "$1")"; fi
  printf '%s\n' "$found"
}
is_2xx() { [[ "$1" =~ ^2[0-9][0-9]$ ]]; }
`.replace(/\\\$\{/g, "${")

/** The step that sends a write naming no version, when the capture lost an update to one. */
function unversionedWriteLines(scenario: Scenario): string[] {
  const statuses = scenario.unversionedRefusedStatuses
  if (statuses === undefined) return []
  const refused = describeRefusedStatuses(statuses)
  const refusedText = describeRefusedMethod(scenario)
  return [
    'step "write with no version"',
    'write_without_version "ETag Lens writer C $RUN_ID"',
    `if is_2xx "$STATUS"; then fail "expected ${refused}, got $STATUS — LOST UPDATE: the server accepted a ${scenario.refusedMethod ?? "write"} that named no version over the concurrent write"; fi`,
    `case "$STATUS" in ${statuses.join("|")}) ;; *) fail "expected ${refused}, got $STATUS — not a precondition refusal" ;; esac`,
    `pass "${refusedText} with no version → $STATUS"`,
    ""
  ]
}

export function toCurlScript(scenario: Scenario): string {
  const refused = describeRefusedStatuses(scenario.refusedStatuses)
  const writeText = describeWriteMethod(scenario.write)
  const deletes = scenario.refusedMethod === "DELETE"
  const markerCheck =
    scenario.markerField === undefined
      ? []
      : [
          `MARKER_NOW="$(json_member ${shellQuote(sedForField(scenario.markerField))} | json_unescape)"`,
          `[ "$MARKER_NOW" = "$WRITER_A" ] || fail "${scenario.markerField} expected the concurrent write's value, got '$MARKER_NOW'"`
        ]
  const lines = [
    "#!/usr/bin/env bash",
    `# ETag Lens regression test: ${scenario.title} (rule ${scenario.ruleId}).`,
    `# Re-creates the capture's scenario (exchanges ${scenario.evidence.map((id) => `#${id}`).join(", ")} of ${scenario.recordedOrigin}):`,
    `# ${describeScenarioSteps(scenario)}`,
    "# Usage: bash this-file.sh <base-url>   (or ETAG_LENS_BASE_URL=<base-url>). Needs bash, curl, sed.",
    "# Auth: set ETAG_LENS_AUTHORIZATION (an Authorization header value) and/or ETAG_LENS_COOKIE.",
    "# Recorded secrets and tags are not in this file: tags are read from the server at run time.",
    "set -euo pipefail",
    'BASE_URL="${1:-${ETAG_LENS_BASE_URL:-}}"',
    'if [ -z "$BASE_URL" ]; then echo "usage: $0 <base-url>   (or set ETAG_LENS_BASE_URL)" >&2; exit 2; fi',
    'BASE_URL="${BASE_URL%/}"',
    `TITLE=${shellQuote(scenario.title)}`,
    `TOTAL_STEPS=${scenarioStepCount(scenario)}`,
    HELPERS,
    ...tagReaders(scenario),
    ...writeFunction(scenario, "write", scenario.carriers),
    ...(deletes ? writeFunction(scenario, "refused_write", scenario.carriers, true) : []),
    ...(scenario.unversionedRefusedStatuses
      ? writeFunction(scenario, "write_without_version", [], deletes)
      : []),
    "",
    `RESOURCE_URL="$BASE_URL"${shellQuote(scenario.resourcePath)}`,
    ...createLines(scenario),
    'step "read"',
    'request GET "$RESOURCE_URL"',
    '[ "$STATUS" = 200 ] || fail "GET $RESOURCE_URL expected 200, got $STATUS"',
    "read_tags",
    `[ -n "$FIRST_TAG" ] || fail "GET $RESOURCE_URL returned no tag (looked in ${[...(scenario.tagFrom.header ? ["ETag"] : []), ...(scenario.tagFrom.versionHeaders ?? []), ...scenario.tagFrom.bodyFields].join(", ")})"`,
    'TAG="${BODY_TAG:-$FIRST_TAG}"; IF_MATCH_TAG="$FIRST_TAG"',
    'pass "GET → 200, tag $FIRST_TAG"',
    // Last-Modified counts whole seconds: a write within the read's second would keep its date.
    ...(scenario.pauseBeforeWriteMs !== undefined ? [`sleep ${scenario.pauseBeforeWriteMs / 1000}`] : []),
    "",
    'WRITER_A="ETag Lens writer A $RUN_ID"',
    'step "concurrent write"',
    'write "$WRITER_A"',
    `is_2xx "$STATUS" || fail "${writeText} with the current tag $FIRST_TAG expected 2xx, got $STATUS: the server refused a current tag"`,
    `pass "${writeText} with the current tag → $STATUS"`,
    "",
    ...unversionedWriteLines(scenario),
    'step "stale write"',
    `${deletes ? "refused_write" : "write"} "ETag Lens writer B $RUN_ID"`,
    `if is_2xx "$STATUS"; then fail "expected ${refused}, got $STATUS — LOST UPDATE: the server ${deletes ? "deleted" : "overwrote"} the concurrent write"; fi`,
    `case "$STATUS" in ${scenario.refusedStatuses.join("|")}) ;; *) fail "expected ${refused}, got $STATUS — not a precondition refusal" ;; esac`,
    `pass "${describeRefusedMethod(scenario)} with the first tag → $STATUS"`,
    "",
    'step "read back"',
    'request GET "$RESOURCE_URL"',
    '[ "$STATUS" = 200 ] || fail "GET expected 200, got $STATUS"',
    ...markerCheck,
    'pass "the concurrent write survived"',
    'echo "PASS $TITLE"',
    ""
  ]
  return lines.join("\n")
}

function createLines(scenario: Scenario): string[] {
  const create = scenario.create
  if (create === undefined) return []
  const args = [
    ...(create.contentType !== undefined ? [`-H ${shellQuote(`Content-Type: ${create.contentType}`)}`] : []),
    ...(create.body !== undefined ? [`--data-raw ${shellQuote(create.body)}`] : [])
  ]
  return [
    'step "create"',
    `COLLECTION_URL="$BASE_URL"${shellQuote(create.collectionPath)}`,
    `request POST "$COLLECTION_URL" ${args.join(" ")}`,
    `LOCATION="$(tr -d '\\r' < "$WORK/headers" | sed -n 's/^[Ll][Oo][Cc][Aa][Tt][Ii][Oo][Nn]:[[:space:]]*//p' | tail -n 1)"`,
    'if ! is_2xx "$STATUS" || [ -z "$LOCATION" ]; then fail "POST expected 2xx with a Location, got $STATUS"; fi',
    // RFC 9110 §10.2.2: Location may be relative to the request's URL.
    `ORIGIN="$(printf %s "$BASE_URL" | sed -E 's#^([A-Za-z][A-Za-z0-9+.-]*://[^/]+).*#\\1#')"`,
    'case "$LOCATION" in http://* | https://*) RESOURCE_URL="$LOCATION" ;; /*) RESOURCE_URL="$ORIGIN$LOCATION" ;; *) RESOURCE_URL="${COLLECTION_URL%/*}/$LOCATION" ;; esac',
    "# A FHIR create's Location names the new version (…/_history/1): the resource is the URL before it.",
    'case "$RESOURCE_URL" in */_history/*) RESOURCE_URL="${RESOURCE_URL%/_history/*}" ;; esac',
    'pass "POST → $STATUS, Location $LOCATION"',
    ""
  ]
}
