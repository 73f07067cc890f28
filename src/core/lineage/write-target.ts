/**
 * Which requests should have carried a precondition: state-changing requests to a resource
 * that already exists. Creates (201 to a new URL, `If-None-Match: *`) and POSTs to a
 * collection make something new and have no version to guard.
 */
import { isSafeMethod } from "../http/methods"
import type { Exchange, LineageEvent } from "../model"
import type { LineageUpdate, ResourceHistory } from "./resource-history"

export function isWriteToExistingResource(
  exchange: Exchange,
  update: LineageUpdate,
  history: ResourceHistory | undefined
): boolean {
  if (exchange.kind !== "api" || isSafeMethod(exchange.method)) return false
  const role = update.event.role
  if (role === "create" || role === "read") return false
  if (exchange.status === 404 || exchange.status === 410) return false
  if (exchange.method === "POST") {
    // POST to an existing resource (one whose version the traffic showed), not to a collection.
    return history !== undefined && !history.collection && history.versions.length > 0 && update.existedBefore
  }
  return true
}

/**
 * Whether a request named no version at all (§13.1.1), nor tested, as a JSON Patch, every member it
 * changes (json-patch.ts: a precondition on content). The lineage and the panel mark such writes.
 */
export function sentNoGuard(precondition: LineageEvent["precondition"]): boolean {
  return precondition.mechanism === "none" && precondition.contentTested !== true
}

/** A state-changing request to an existing resource that sent no guard (sentNoGuard). */
export function isUnguardedWrite(
  exchange: Exchange,
  update: LineageUpdate,
  history: ResourceHistory | undefined
): boolean {
  return sentNoGuard(update.event.precondition) && isWriteToExistingResource(exchange, update, history)
}
