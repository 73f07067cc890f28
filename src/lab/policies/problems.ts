/** JSON problem bodies (RFC 9457 shape) the lab's policies answer with. */
import type { Rejection } from "./types"

export function problem(
  status: Rejection["status"],
  title: string,
  detail: string,
  extra: Record<string, unknown> = {}
): Rejection {
  return { status, body: { type: "about:blank", title, status, detail, ...extra } }
}

export function noteNotFound(id: string): Rejection {
  return problem(404, "Not Found", `There is no note ${id}.`)
}
