/**
 * Which requests should have carried a precondition: state-changing requests to a resource
 * that already exists. Creates (201 to a new URL, `If-None-Match: *`) and POSTs to a
 * collection make something new and have no version to guard.
 */
import { isSafeMethod } from "../http/methods"
import type { Exchange } from "../model"
import type { LineageUpdate, ResourceHistory } from "./resource-history"
import { testsEveryChangedMember } from "../traffic/json-patch"

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
 * A state-changing request to an existing resource that named no version at all (§13.1.1), nor
 * tested, as a JSON Patch, every member it changes (json-patch.ts: a precondition on content).
 */
export function isUnguardedWrite(
  exchange: Exchange,
  update: LineageUpdate,
  history: ResourceHistory | undefined
): boolean {
  return (
    update.event.precondition.mechanism === "none" &&
    isWriteToExistingResource(exchange, update, history) &&
    !testsEveryChangedMember(exchange.requestBody?.text)
  )
}
