/**
 * TrafficSource over `browser.devtools.network` (webextension-polyfill).
 *
 * Chrome and Firefox differ here, and the difference stays in this file:
 * - Chrome's devtools.network is callback-only (the polyfill does not wrap it):
 *   `getHAR(cb)`, `request.getContent((content, encoding) => …)` with encoding '' or 'base64'.
 * - Firefox returns promises: `getHAR()` → log, `request.getContent()` → `[body, mimeType]`.
 * Chrome hands unsanitized entries (Authorization, Cookie): exports must redact, not us.
 */
import { startHarReconciler } from "./har-reconciler"
import {
  isInFlight,
  isTextualMime,
  withResponseBody,
  type BodyLimits,
  type HarEntry,
  type TrafficSource
} from "./traffic-source"

export type CallStyle = "callback" | "promise"

/** What we use of a DevTools network request object: a HAR entry with `getContent`. */
export interface DevtoolsRequest extends HarEntry {
  getContent(callback?: (content: string, encoding: string) => void): Promise<[string, string]> | void
}

interface ListenerEvent<Listener> {
  addListener(listener: Listener): void
  removeListener(listener: Listener): void
}

/** The slice of `browser.devtools.network` this adapter needs (also what tests fake). */
export interface DevtoolsNetworkApi {
  getHAR(callback?: (log: { entries?: unknown[] }) => void): Promise<{ entries?: unknown[] }> | void
  onRequestFinished: ListenerEvent<(request: DevtoolsRequest) => void>
  onNavigated: ListenerEvent<(url: string) => void>
}

export interface DevtoolsTrafficSourceOptions extends BodyLimits {
  readonly network: DevtoolsNetworkApi
  /** Chrome: "callback"; Firefox: "promise". Chosen at build time by the composition root. */
  readonly style: CallStyle
  /** How long to wait for a body before keeping the entry without it. */
  readonly contentTimeoutMs?: number
  /**
   * Re-read getHAR() this often and deliver entries no onRequestFinished announced. 0 turns it
   * off. Default: HAR_RECONCILE_MS in both browsers.
   */
  readonly harReconcileMs?: number
  /**
   * Also re-read getHAR() this often while no live traffic comes, so that a request nothing
   * announced shows even when it was the page's last. 0 turns it off. Default: HAR_IDLE_READ_MS.
   */
  readonly harIdleReadMs?: number
}

/**
 * How often the live feed is checked against getHAR(), in both browsers, for requests that
 * onRequestFinished never announces:
 * - Firefox ESR skips some repeated 304s (docs/firefox.md);
 * - neither browser announced a request whose answer the page never read. Seen in the e2e: a PUT
 *   sent with `fetch` and only its status looked at was not announced within 20 s, while getHAR()
 *   listed it with its status; Chromium's DevTools' own record of it never finished. A write like
 *   that is common (`if (!(await fetch(url, { method: "PUT", … })).ok) …`).
 */
export const HAR_RECONCILE_MS = 1_000

/**
 * How often getHAR() is read while the page is quiet. The request DevTools does not announce is
 * often the page's last one (a save, then nothing), so waiting for later traffic may mean waiting
 * for ever. Idle reads of a long log back off to thirty times their duration (Firefox takes seconds
 * for a few hundred entries).
 */
export const HAR_IDLE_READ_MS = 5_000

type Body = { text: string; encoding?: string }

function readContent(
  request: DevtoolsRequest,
  style: CallStyle,
  timeoutMs: number
): Promise<Body | undefined> {
  if (typeof request.getContent !== "function") return Promise.resolve(undefined)
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), timeoutMs)
    const done = (body: Body | undefined) => {
      clearTimeout(timer)
      resolve(body)
    }
    try {
      if (style === "callback") {
        request.getContent((content, encoding) =>
          done(typeof content === "string" ? { text: content, encoding: encoding || undefined } : undefined)
        )
      } else {
        const result = request.getContent()
        if (!result) return done(undefined)
        result.then(
          ([content]) => done(typeof content === "string" ? { text: content } : undefined),
          () => done(undefined)
        )
      }
    } catch {
      done(undefined)
    }
  })
}

function readHar(network: DevtoolsNetworkApi, style: CallStyle): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const take = (log: { entries?: unknown[] } | undefined) =>
      resolve(Array.isArray(log?.entries) ? log.entries : [])
    try {
      if (style === "callback") network.getHAR(take)
      else {
        const result = network.getHAR()
        if (result) result.then(take, reject)
        else resolve([])
      }
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)))
    }
  })
}

function isRequestLike(value: unknown): value is DevtoolsRequest {
  const candidate = value as { request?: unknown; response?: unknown } | null
  return typeof candidate === "object" && candidate !== null && !!candidate.request && !!candidate.response
}

export function createDevtoolsTrafficSource(options: DevtoolsTrafficSourceOptions): TrafficSource {
  const { network, style } = options
  const timeoutMs = options.contentTimeoutMs ?? 5_000
  const reconcileMs = options.harReconcileMs ?? HAR_RECONCILE_MS
  const idleReadMs = options.harIdleReadMs ?? HAR_IDLE_READ_MS
  let limits: BodyLimits = { maxBodyBytes: options.maxBodyBytes }
  /**
   * Entries and navigations are delivered in the order DevTools announced them: bodies are read at
   * once, side by side, but a request whose body takes longer (a big answer, a getContent that never
   * calls back) holds back what came after it. Else a PUT could reach the engine before the GET whose
   * tag it sends, and the last request of a page, its body read after the navigation, would land in
   * the next page's capture.
   */
  let queue: Promise<void> = Promise.resolve()
  let queued = 0
  function inOrder(deliver: () => void, after?: Promise<unknown>): void {
    if (queued === 0 && after === undefined) return deliver()
    queued++
    queue = queue
      .then(() => after)
      .then(deliver)
      .catch(() => undefined)
      .then(() => void queued--)
  }

  async function toEntry(request: DevtoolsRequest): Promise<HarEntry> {
    const mimeType = request.response?.content?.mimeType
    const body = isTextualMime(mimeType) ? await readContent(request, style, timeoutMs) : undefined
    return withResponseBody(request, body, limits)
  }
  /** Reads the body now, delivers it in its turn (not after `stop`). */
  function deliverInTurn(request: DevtoolsRequest, listener: (entry: HarEntry) => void, live: () => boolean) {
    let entry: HarEntry | undefined
    const read = toEntry(request).then((read) => void (entry = read))
    inOrder(() => {
      if (entry !== undefined && live()) listener(entry)
    }, read)
  }

  return {
    setBodyLimits(next) {
      limits = { maxBodyBytes: next.maxBodyBytes }
    },
    onEntry(listener) {
      let subscribed = true
      const live = () => subscribed
      const reconciler =
        reconcileMs > 0
          ? startHarReconciler({
              readEntries: async () => (await readHar(network, style)).filter(isRequestLike),
              intervalMs: reconcileMs,
              graceMs: 3 * reconcileMs,
              ...(idleReadMs > 0 ? { idleReadMs } : {}),
              onMissed: (request) => deliverInTurn(request, listener, live)
            })
          : undefined
      const onFinished = (request: DevtoolsRequest) => {
        // Handed over from getHAR already: the recorder would count it as a second request.
        if (reconciler?.announce(request) === false) return
        deliverInTurn(request, listener, live)
      }
      network.onRequestFinished.addListener(onFinished)
      return () => {
        subscribed = false
        reconciler?.stop()
        network.onRequestFinished.removeListener(onFinished)
      }
    },
    async backfill() {
      const entries = await readHar(network, style)
      // A request in flight is left to the live feed (or to the reconciler once it completes): taken
      // now, it would show as failed, and again as answered when its event came (another status).
      const finished = entries.filter(isRequestLike).filter((entry) => !isInFlight(entry))
      return Promise.all(finished.map(toEntry))
    },
    onNavigated(listener) {
      // After the entries announced before it: they belong to the page that was left.
      let subscribed = true
      const onNavigated = (url: string) => inOrder(() => void (subscribed && listener(url)))
      network.onNavigated.addListener(onNavigated)
      return () => {
        subscribed = false
        network.onNavigated.removeListener(onNavigated)
      }
    }
  }
}
