/**
 * In-memory notes for the lab, kept separately per policy so that switching the policy
 * never mixes versions. Every successful write bumps the note's version by one.
 */

export interface Note {
  readonly id: string
  readonly text: string
  /** 1 for the first state of the note, +1 on every successful write. */
  readonly version: number
}

export const MAX_NOTES_PER_POLICY = 200
export const MAX_TEXT_LENGTH = 4_000

const INITIAL_NOTE_TEXT = "Buy milk, eggs and bread."

export class NotesStore {
  private readonly notesByPolicy = new Map<string, Map<string, Note>>()
  private readonly nextIdByPolicy = new Map<string, number>()

  constructor(private readonly policyNames: readonly string[]) {
    this.reset()
  }

  /** Back to the initial state: note 1 in every policy, nothing else. */
  reset(): void {
    for (const policy of this.policyNames) {
      this.notesByPolicy.set(policy, new Map([["1", { id: "1", text: INITIAL_NOTE_TEXT, version: 1 }]]))
      this.nextIdByPolicy.set(policy, 2)
    }
  }

  list(policy: string): Note[] {
    return [...this.notesOf(policy).values()]
  }

  get(policy: string, id: string): Note | undefined {
    return this.notesOf(policy).get(id)
  }

  isFull(policy: string): boolean {
    return this.notesOf(policy).size >= MAX_NOTES_PER_POLICY
  }

  /** Creates a note under the next free numeric id. */
  create(policy: string, text: string): Note {
    const notes = this.notesOf(policy)
    let nextId = this.nextIdByPolicy.get(policy) ?? 2
    while (notes.has(String(nextId))) nextId++
    this.nextIdByPolicy.set(policy, nextId + 1)
    return this.save(policy, String(nextId), text)
  }

  /** Writes the note's text: a new note starts at version 1, an existing one moves to the next version. */
  save(policy: string, id: string, text: string): Note {
    const notes = this.notesOf(policy)
    const previous = notes.get(id)
    const note: Note = { id, text, version: previous ? previous.version + 1 : 1 }
    notes.set(id, note)
    return note
  }

  /** Removes the note; returns the removed note, or undefined when there was none. */
  remove(policy: string, id: string): Note | undefined {
    const notes = this.notesOf(policy)
    const removed = notes.get(id)
    notes.delete(id)
    return removed
  }

  private notesOf(policy: string): Map<string, Note> {
    const notes = this.notesByPolicy.get(policy)
    if (!notes) throw new Error(`unknown lab policy "${policy}"`)
    return notes
  }
}
