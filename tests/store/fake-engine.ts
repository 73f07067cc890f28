/**
 * A test double of the Engine interface for store tests: normalizes the few fields the store
 * reads and lets the test script resources and findings. The real engine has its own tests.
 */
import type { Engine, EngineSnapshot } from "../../src/core/engine"
import {
  DEFAULT_ENGINE_OPTIONS,
  type EngineOptions,
  type Exchange,
  type Finding,
  type ResourceLineage
} from "../../src/core/model"

interface EntryLike {
  request?: { method?: string; url?: string; headers?: { name: string; value: string }[] }
  response?: { status?: number; headers?: { name: string; value: string }[] }
  startedDateTime?: string
  _resourceType?: string
}

export interface FakeEngine extends Engine {
  findings: Finding[]
  resources: ResourceLineage[]
  readonly ingestCalls: number
  readonly snapshotCalls: number
}

export function createFakeEngine(): FakeEngine {
  let options: EngineOptions = DEFAULT_ENGINE_OPTIONS
  let exchanges: Exchange[] = []
  let nextId = 1
  let ingestCalls = 0
  let snapshotCalls = 0
  const engine: FakeEngine = {
    findings: [],
    resources: [],
    get options() {
      return options
    },
    get ingestCalls() {
      return ingestCalls
    },
    get snapshotCalls() {
      return snapshotCalls
    },
    ingestHarEntry(raw, origin) {
      ingestCalls += 1
      const entry = raw as EntryLike
      if (!entry?.request?.url) return { skipped: { index: ingestCalls - 1, reason: "no request" } }
      const etag = entry.response?.headers?.find((header) => header.name.toLowerCase() === "etag")?.value
      const ifMatch = entry.request.headers?.find((header) => header.name.toLowerCase() === "if-match")?.value
      const exchange: Exchange = {
        id: nextId++,
        startedAt: entry.startedDateTime ?? "",
        method: entry.request.method ?? "GET",
        url: entry.request.url,
        status: entry.response?.status ?? 0,
        statusText: "",
        requestHeaders: entry.request.headers ?? [],
        responseHeaders: entry.response?.headers ?? [],
        kind: entry._resourceType === "image" ? "static" : "api",
        origin,
        precondition: ifMatch ? { ifMatch: { kind: "tags", raw: ifMatch, tags: [] } } : {},
        responseTags: etag
          ? [{ tag: { weak: false, opaque: etag.replace(/"/g, ""), raw: etag }, source: "header" }]
          : [],
        itemTags: [],
        notes: []
      }
      exchanges.push(exchange)
      if (exchanges.length > options.maxExchanges) exchanges = exchanges.slice(-options.maxExchanges)
      return { exchange }
    },
    snapshot(): EngineSnapshot {
      snapshotCalls += 1
      return {
        exchanges,
        resources: engine.resources,
        findings: engine.findings,
        policies: [],
        evicted: 0,
        skipped: [],
        renewedSessions: new Map()
      }
    },
    reconfigure(partial) {
      options = { ...options, ...partial }
    },
    clear() {
      exchanges = []
    }
  }
  return engine
}
