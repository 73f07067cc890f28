/** A one-line percentage on stderr while long files are read, only when stderr is a terminal. */
export interface Progress {
  update(label: string, done: number, total: number): void
  finish(): void
}

export function createProgress(stream: NodeJS.WriteStream, enabled: boolean): Progress {
  if (!enabled) return { update: () => {}, finish: () => {} }
  let shown = ""
  return {
    update(label, done, total) {
      const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0
      const line = `etag-audit: ${label} ${percent}%`
      if (line === shown) return
      shown = line
      stream.write(`\r${line}\u001b[K`)
    },
    finish() {
      if (shown) stream.write("\r\u001b[K")
      shown = ""
    }
  }
}
