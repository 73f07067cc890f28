/**
 * Work over a long list in batches, yielding between them through an injected scheduler, so a
 * 50,000-entry import leaves the panel responsive (the panel yields with `setTimeout(0)`); tests
 * pass `runNow` and the whole run completes synchronously.
 */

/** Runs `task` later (or now). */
export type Scheduler = (task: () => void) => void

/** Runs the task at once: every batch completes before the caller continues. */
export const runNow: Scheduler = (task) => task()

export interface BatchedRun {
  /** Stops before the next batch; batches already run stay done. */
  cancel(): void
  /** How the run ended. */
  readonly finished: Promise<"complete" | "cancelled">
}

export function runInBatches<Item>(
  items: readonly Item[],
  options: {
    readonly batchSize: number
    readonly schedule: Scheduler
    /** Called with each batch and how many items are done after it. */
    readonly onBatch: (batch: readonly Item[], done: number) => void
    /** Called once, as soon as the run ends (synchronously with `runNow`): complete, cancelled, or the error. */
    readonly onEnd: (ending: "complete" | "cancelled" | Error) => void
  }
): BatchedRun {
  if (!(options.batchSize >= 1))
    throw new RangeError(`batchSize must be at least 1, got ${options.batchSize}`)
  let cancelled = false
  let position = 0
  const finished = new Promise<"complete" | "cancelled">((resolve, reject) => {
    const step = () => {
      if (cancelled) {
        options.onEnd("cancelled")
        return resolve("cancelled")
      }
      try {
        const end = Math.min(position + options.batchSize, items.length)
        const batch = items.slice(position, end)
        position = end
        options.onBatch(batch, position)
      } catch (thrown) {
        const error = thrown instanceof Error ? thrown : new Error(String(thrown))
        options.onEnd(error)
        return reject(error)
      }
      if (position < items.length) return options.schedule(step)
      options.onEnd("complete")
      resolve("complete")
    }
    step()
  })
  return {
    cancel() {
      cancelled = true
    },
    finished
  }
}
