/**
 * Where each ingested exchange came from, for the findings' evidence. One audit ingests every
 * entry of every file (100k+), and only a few thousand are ever looked up: so no object per
 * exchange, just parallel arrays indexed by exchange id (ids count up from 1 in arrival order).
 * The objects are built on look-up.
 */
import type { EvidenceExchange } from "../core/report/audit-report"

export class EvidenceLog {
  private readonly methods: string[] = []
  private readonly urls: string[] = []
  private readonly statuses: number[] = []
  private readonly fileNumbers: number[] = []
  private readonly entryIndexes: number[] = []
  private readonly files: string[] = []
  private count = 0

  add(
    exchange: { readonly id: number; readonly method: string; readonly url: string; readonly status: number },
    file: string,
    entryIndex: number
  ): void {
    const { id } = exchange
    let fileNumber = this.files.length - 1
    if (this.files[fileNumber] !== file) {
      fileNumber = this.files.indexOf(file)
      if (fileNumber < 0) fileNumber = this.files.push(file) - 1
    }
    if (this.methods[id] === undefined) this.count++
    this.methods[id] = exchange.method
    this.urls[id] = exchange.url
    this.statuses[id] = exchange.status
    this.fileNumbers[id] = fileNumber
    this.entryIndexes[id] = entryIndex
  }

  get(id: number): EvidenceExchange | undefined {
    const method = this.methods[id]
    if (method === undefined) return undefined
    return {
      id,
      method,
      url: this.urls[id],
      status: this.statuses[id],
      file: this.files[this.fileNumbers[id]],
      entryIndex: this.entryIndexes[id]
    }
  }

  /** Exchanges recorded. */
  get size(): number {
    return this.count
  }
}
