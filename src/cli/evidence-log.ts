/**
 * Where each ingested exchange came from, for the findings' evidence. One audit ingests every
 * entry of every file (100k+), and only a few thousand are ever looked up: so no object per
 * exchange, just parallel arrays indexed by exchange id (ids count up from 1 in arrival order).
 * The objects are built on look-up.
 */
import { requestUser, type AuthorizedUser } from "../core/http/authorization"
import { labelUsers, type UserDirectory, type UserLabels } from "../core/lineage/resource-users"
import type { Exchange } from "../core/model"
import { continuedKey, continuedUser, type RenewedSessions } from "../core/lineage/session-renewals"
import type { EvidenceExchange } from "../core/report/audit-report"

export class EvidenceLog {
  /** Each exchange's user, as a position in `users` (which lists them in order of first appearance). */
  private readonly userNumbers: number[] = []
  private readonly users: AuthorizedUser[] = []
  private readonly userNumberByKey = new Map<string, number>()
  private readonly methods: string[] = []
  private readonly urls: string[] = []
  private readonly statuses: number[] = []
  private readonly fileNumbers: number[] = []
  private readonly entryIndexes: number[] = []
  private readonly files: string[] = []
  private count = 0

  add(
    exchange: Pick<Exchange, "id" | "method" | "url" | "status" | "requestHeaders">,
    file: string,
    entryIndex: number
  ): void {
    const { id } = exchange
    this.noteUser(id, requestUser(exchange.requestHeaders))
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

  private noteUser(id: number, user: AuthorizedUser | undefined): void {
    if (user === undefined) return
    let number = this.userNumberByKey.get(user.key)
    if (number === undefined) {
      number = this.users.push(user) - 1
      this.userNumberByKey.set(user.key, number)
    }
    this.userNumbers[id] = number
  }

  /**
   * Who sent which exchange, for the lineage text (resource-users.ts), once every exchange is
   * added. `lettersOnly`: users by letter, never by a JWT subject or user-id. `renewed`: the
   * engine's renewed sessions, each its first session's user.
   */
  userDirectory(lettersOnly: boolean, renewed: RenewedSessions): UserDirectory {
    let labels: UserLabels | undefined
    return {
      userKeyOf: (id) => {
        const number = this.userNumbers[id]
        return number === undefined ? undefined : continuedKey(this.users[number].key, renewed)
      },
      labels: () =>
        (labels ??= labelUsers(
          this.users.map((user) => continuedUser(user, renewed)),
          lettersOnly
        ))
    }
  }

  /** Exchanges recorded. */
  get size(): number {
    return this.count
  }
}
