/** The generator's world: six APIs, one per concurrency policy, and how each answers a write. */

export type Policy = "strict" | "nox" | "eve" | "couch" | "lax" | "weak"
export type Precondition = "current" | "stale" | "none"
export interface Api {
  readonly policy: Policy
  readonly origin: string
  readonly base: string
}
export interface Note {
  readonly id: number
  revision: number
  tags: string[]
  deleted: boolean
}
export type Header = { name: string; value: string }

export const APIS: readonly Api[] = [
  { policy: "strict", origin: "https://strict.example.test", base: "/odata/v4/notes" },
  { policy: "nox", origin: "https://nox.example.test", base: "/api/items" },
  { policy: "eve", origin: "https://eve.example.test", base: "/api/people" },
  { policy: "couch", origin: "https://couch.example.test", base: "/notesdb" },
  { policy: "lax", origin: "https://lax.example.test", base: "/api/todos" },
  { policy: "weak", origin: "https://weak.example.test", base: "/dav/docs" }
]
export const APP = "https://app.example.test"
export const WORDS =
  "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris".split(
    " "
  )

/** mulberry32: small, fast, deterministic. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Status a server of this policy gives a write whose precondition is current, stale or missing. */
export function writeStatus(policy: Policy, precondition: Precondition): number {
  if (precondition === "current") return policy === "weak" ? 412 : policy === "couch" ? 201 : 200
  if (policy === "lax") return 200
  if (policy === "strict") return precondition === "none" ? 428 : 412
  if (policy === "nox" || policy === "couch") return 409
  if (policy === "weak") return precondition === "none" ? 204 : 412
  return precondition === "none" ? 200 : 412 // eve
}

export const STATUS_TEXT: Readonly<Record<number, string>> = {
  0: "",
  200: "OK",
  201: "Created",
  204: "No Content",
  304: "Not Modified",
  409: "Conflict",
  412: "Precondition Failed",
  428: "Precondition Required"
}
