/** In-memory TrafficSource for tests and the harness page: the test pushes entries and navigations. */
import type { HarEntry, TrafficSource } from "./traffic-source"

export interface MemoryTrafficSource extends TrafficSource {
  /** Deliver one finished request to every subscriber. */
  emit(entry: HarEntry): void
  /** Simulate the inspected page navigating. */
  navigate(url: string): void
  /** What the next `backfill()` returns. */
  setRecorded(entries: HarEntry[]): void
  readonly listenerCount: number
}

export function createMemoryTrafficSource(recorded: HarEntry[] = []): MemoryTrafficSource {
  const entryListeners = new Set<(entry: HarEntry) => void>()
  const navigationListeners = new Set<(url: string) => void>()
  let backlog = recorded
  return {
    onEntry(listener) {
      entryListeners.add(listener)
      return () => entryListeners.delete(listener)
    },
    async backfill() {
      return backlog.map((entry) => structuredClone(entry))
    },
    onNavigated(listener) {
      navigationListeners.add(listener)
      return () => navigationListeners.delete(listener)
    },
    emit(entry) {
      for (const listener of entryListeners) listener(structuredClone(entry))
    },
    navigate(url) {
      for (const listener of navigationListeners) listener(url)
    },
    setRecorded(entries) {
      backlog = entries
    },
    get listenerCount() {
      return entryListeners.size
    }
  }
}
