/**
 * The body a version is known by, to show and compare versions (the panel's Diff tab): the answer
 * that introduced or revealed it; else the write's request body when it is the whole representation
 * (a PUT, RFC 9110 §9.3.4); else, for a PATCH answered without a body (a 204), its patch applied to
 * the version before it: a JSON merge patch (RFC 7396) or a JSON Patch (RFC 6902). Without that, the
 * patch itself, said to be one.
 */
import type { Exchange, ResourceLineage } from "../model"
import { patchFormatOf, patchedRepresentation, type PatchFormat } from "./patch-writes"

/** A PATCH's body in a format it can be applied by. */
interface ReadablePatch {
  readonly format: PatchFormat
  readonly text: string
}

export type VersionBody =
  /** An answer's body, or a PUT's: the representation as the traffic shows it. */
  | { readonly kind: "shown"; readonly text: string }
  /** The representation worked out: the version `from` with the PATCHes up to this one applied. */
  | { readonly kind: "patched"; readonly text: string; readonly from: number }
  /** Only the PATCH's body is known: a change, not the representation. */
  | { readonly kind: "patch"; readonly text: string }

/** PATCHes applied in a row at most: a longer run of them is shown as the patch itself. */
const MAX_PATCHES_APPLIED = 50

export function versionBody(
  resource: ResourceLineage,
  exchangeOf: (id: number) => Exchange | undefined,
  index: number
): VersionBody | undefined {
  const at = resource.versions.findIndex((version) => version.index === index)
  if (at < 0) return undefined
  const introducing = exchangeOf(resource.versions[at].introducedBy)
  if (introducing === undefined) return undefined
  const patches: ReadablePatch[] = []
  for (let position = at; position >= 0 && patches.length <= MAX_PATCHES_APPLIED; position--) {
    const exchange = position === at ? introducing : exchangeOf(resource.versions[position].introducedBy)
    const shown = exchange === undefined ? undefined : representationShown(exchange)
    if (shown !== undefined) {
      if (patches.length === 0) return { kind: "shown", text: shown }
      const text = applyInOrder(shown, patches)
      if (text !== undefined) return { kind: "patched", text, from: resource.versions[position].index }
      break
    }
    const format = exchange?.method === "PATCH" ? patchFormatOf(exchange) : undefined
    const text = exchange?.requestBody?.text
    if (format === undefined || text === undefined) break
    patches.push({ format, text })
  }
  const sent = introducing.requestBody?.text
  return sent === undefined || sent === "" ? undefined : { kind: "patch", text: sent }
}

/** The whole representation an exchange carries: its answer's body, else a PUT's request body. */
function representationShown(exchange: Exchange): string | undefined {
  const answer = exchange.responseBody?.text
  if (answer !== undefined && answer !== "") return answer
  const sent = exchange.requestBody?.text
  return exchange.method !== "PATCH" && sent !== undefined && sent !== "" ? sent : undefined
}

/** `patches` newest first, applied oldest first. */
function applyInOrder(representation: string, patches: readonly ReadablePatch[]): string | undefined {
  let text: string | undefined = representation
  for (let position = patches.length - 1; position >= 0 && text !== undefined; position--)
    text = patchedRepresentation(text, patches[position].text, patches[position].format)
  return text
}
