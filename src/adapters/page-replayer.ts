/**
 * Replayer over `devtools.inspectedWindow.eval`: the request runs in the inspected page, so cookies,
 * auth and CORS are the page's own. eval returns by value and does not await promises, so the page
 * starts `fetch`, keeps the answer in `window.__etagLensReplay[id]`, and we poll for it, then delete it.
 * Safety (issue #9): every send is checked by `assertReplayAllowed` before anything reaches the page.
 */
import {
  assertReplayAllowed,
  type ReplayPermission,
  type ReplayPlan,
  type ReplayResponse
} from "../core/replay"
import { buildPollExpression, buildStartExpression, readPollResult } from "./page-replayer-script"

/** Port: sends a confirmed replay plan and gives back the server's answer (or why there is none). */
export interface Replayer {
  /** Throws ReplayRefusedError (nothing sent) when unconfirmed or aimed at another origin. */
  send(plan: ReplayPlan, permission: ReplayPermission): Promise<ReplayResponse>
}

/** `inspectedWindow.eval` as Chrome (callback) or Firefox / the polyfill (promise of `[result, exception]`). */
export interface InspectedWindowEvalApi {
  eval(
    expression: string,
    options?: Record<string, unknown>,
    callback?: (result: unknown, exception?: EvalException) => void
  ): Promise<[unknown, EvalException | undefined] | unknown> | void
}

export interface EvalException {
  readonly isError?: boolean
  readonly isException?: boolean
  readonly value?: unknown
  readonly description?: string
  readonly code?: string
}

export interface PageReplayerOptions {
  readonly inspectedWindow: InspectedWindowEvalApi
  /** Chrome: "callback"; Firefox: "promise" (chosen at build time by the composition root). */
  readonly style: "callback" | "promise"
  /** Give up after this long (the slot is deleted either way). */
  readonly timeoutMs?: number
  /** Largest response body kept, in characters. */
  readonly maxBodyChars?: number
  readonly pollIntervalMs?: number
  readonly newId?: () => string
  readonly now?: () => number
  readonly wait?: (ms: number) => Promise<void>
}

export function evalInPage(api: InspectedWindowEvalApi, style: "callback" | "promise", expression: string) {
  const settle = (result: unknown, exception: EvalException | undefined) => {
    if (exception && (exception.isError || exception.isException)) {
      const detail = exception.value ?? exception.description ?? exception.code ?? "unknown error"
      throw new Error(`inspectedWindow.eval failed: ${String(detail)}`)
    }
    return result
  }
  if (style === "promise") {
    const pending = api.eval(expression)
    if (!pending) return Promise.reject(new Error("inspectedWindow.eval returned no promise"))
    // The polyfill resolves `[result, exceptionInfo]`; Chrome's native `browser` namespace resolves the
    // result alone. Our expressions never return arrays, so an array here is the polyfill's pair.
    return pending.then((resolved: unknown) =>
      Array.isArray(resolved) ? settle(resolved[0], resolved[1] as EvalException | undefined) : resolved
    )
  }
  return new Promise<unknown>((resolve, reject) => {
    api.eval(expression, {}, (result, exception) => {
      try {
        resolve(settle(result, exception))
      } catch (error) {
        reject(error)
      }
    })
  })
}

export function createPageReplayer(options: PageReplayerOptions): Replayer {
  const timeoutMs = options.timeoutMs ?? 15_000
  const maxBodyChars = options.maxBodyChars ?? 1_000_000
  const now = options.now ?? (() => Date.now())
  const wait = options.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const newId = options.newId ?? (() => crypto.randomUUID())
  const run = (expression: string) => evalInPage(options.inspectedWindow, options.style, expression)

  return {
    async send(plan, permission) {
      assertReplayAllowed(plan, permission)
      const id = newId()
      const deadline = now() + timeoutMs
      try {
        await run(buildStartExpression(id, plan, maxBodyChars))
      } catch (error) {
        return { error: `could not start the replay in the page: ${(error as Error).message}` }
      }
      let interval = options.pollIntervalMs ?? 25
      while (now() < deadline) {
        await wait(interval)
        interval = Math.min(interval * 2, 250)
        const polled = readPollResult(await run(buildPollExpression(id, false)).catch((e: Error) => e))
        if (polled.kind === "done") return polled.response
        if (polled.kind === "gone") return { error: polled.reason }
      }
      await run(buildPollExpression(id, true)).catch(() => undefined)
      return { error: `replay timed out after ${timeoutMs} ms` }
    }
  }
}
