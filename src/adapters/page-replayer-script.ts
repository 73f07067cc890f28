/**
 * The page-side half of the replay: expressions `inspectedWindow.eval` runs in the inspected page,
 * and a reader that checks what comes back (the page is untrusted: its answer is validated).
 */
import type { Header } from "../core/model"
import { REPLAY_MARKER_HEADER, REPLAY_SCRIPT_URL, type ReplayPlan, type ReplayResponse } from "../core/replay"

const SLOTS = "window.__etagLensReplay"

/**
 * Starts the fetch in the page and returns at once; the answer lands in the slot.
 * The marker header goes only on same-origin requests: on a cross-origin API it would need the
 * server's CORS preflight to allow it, and an unknown header would block the replay. The script's
 * name (`sourceURL`) marks every replay, cross-origin ones too, in Chromium's `_initiator` stack.
 */
export function buildStartExpression(
  id: string,
  plan: Pick<ReplayPlan, "method" | "url" | "headers" | "body">,
  maxBodyChars: number
): string {
  const init = {
    method: plan.method,
    headers: plan.headers.map((header) => [header.name, header.value]),
    credentials: "include",
    cache: "no-store",
    redirect: "manual",
    ...(plan.body === undefined || plan.method === "GET" || plan.method === "HEAD" ? {} : { body: plan.body })
  }
  return `(() => {
  const slots = (${SLOTS} = ${SLOTS} || {});
  const id = ${JSON.stringify(id)};
  const limit = ${maxBodyChars};
  slots[id] = { done: false };
  const url = ${JSON.stringify(plan.url)};
  const init = ${JSON.stringify(init)};
  try {
    if (new URL(url, location.href).origin === location.origin) init.headers.push([${JSON.stringify(REPLAY_MARKER_HEADER)}, id]);
  } catch (error) {}
  fetch(url, init)
    .then(async (response) => {
      const text = await response.text();
      const headers = [];
      response.headers.forEach((value, name) => headers.push({ name, value }));
      slots[id] = { done: true, status: response.status, statusText: response.statusText, headers,
        bodyText: text.slice(0, limit), bodyTruncated: text.length > limit };
    })
    .catch((error) => {
      slots[id] = { done: true, error: String(error && error.name) + ": " + String(error && error.message) };
    });
  return true;
})()
//# sourceURL=${REPLAY_SCRIPT_URL}`
}

/** Reads the slot; deletes it once done (or when `abandon` is set). */
export function buildPollExpression(id: string, abandon: boolean): string {
  return `(() => {
  const slots = ${SLOTS};
  const id = ${JSON.stringify(id)};
  if (!slots || !(id in slots)) return { gone: true };
  const slot = slots[id];
  if (slot.done || ${abandon}) delete slots[id];
  return slot;
})()`
}

export type PollResult =
  | { readonly kind: "pending" }
  | { readonly kind: "done"; readonly response: ReplayResponse }
  | { readonly kind: "gone"; readonly reason: string }

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
}

function readHeaders(value: unknown): Header[] {
  if (!Array.isArray(value)) return []
  return value
    .filter((h): h is Header => isRecord(h) && typeof h.name === "string" && typeof h.value === "string")
    .map(({ name, value: headerValue }) => ({ name, value: headerValue }))
}

export function readPollResult(value: unknown): PollResult {
  if (value instanceof Error) return { kind: "gone", reason: `lost contact with the page: ${value.message}` }
  if (!isRecord(value)) return { kind: "gone", reason: "the page returned nothing readable" }
  if (value.gone === true)
    return { kind: "gone", reason: "the page navigated or reloaded before the answer came" }
  if (value.done !== true) return { kind: "pending" }
  if (typeof value.error === "string") return { kind: "done", response: { error: value.error } }
  if (typeof value.status !== "number") return { kind: "gone", reason: "the page's answer had no status" }
  return {
    kind: "done",
    response: {
      status: value.status,
      statusText: typeof value.statusText === "string" ? value.statusText : "",
      headers: readHeaders(value.headers),
      bodyText: typeof value.bodyText === "string" ? value.bodyText : "",
      ...(value.bodyTruncated === true ? { bodyTruncated: true } : {})
    }
  }
}
