import type { Note } from "../notes-store"
import type { LabPolicy, Rejection } from "./types"

/**
 * The object's `metadata.resourceVersion`, as Kubernetes keeps it: an opaque string that changes on
 * every write (there a cluster-wide etcd revision; here derived from the note's version).
 */
export function resourceVersionOf(note: Note): string {
  return String(1000 + note.version)
}

function status(code: 404 | 409, reason: string, message: string): Rejection {
  return {
    status: code,
    body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code }
  }
}

/**
 * Like the Kubernetes API: no ETag; the version is the object's `metadata.resourceVersion`. An
 * update that sends it is checked (409 Conflict when stale); one without it is unconditional and
 * overwrites whatever is there, as a Kubernetes update without a resourceVersion does.
 */
export const kubePolicy: LabPolicy = {
  name: "kube",
  description:
    "Kubernetes-style metadata.resourceVersion in the body (no ETag); 409 Conflict when stale, unconditional without it.",
  headerTag: () => undefined,
  represent: (note) => ({
    apiVersion: "lab.etag-lens.test/v1",
    kind: "Note",
    metadata: { name: note.id, resourceVersion: resourceVersionOf(note) },
    text: note.text
  }),
  // A Kubernetes list: `items`, each named by metadata.name. (The lab keeps no store-wide revision
  // for the list's own metadata.resourceVersion.)
  representList: (notes) => ({
    apiVersion: "lab.etag-lens.test/v1",
    kind: "NoteList",
    metadata: {},
    items: notes.map((note) => kubePolicy.represent(note))
  }),
  checkWrite(current, attempt) {
    if (current === undefined) {
      if (attempt.method === "PUT" && attempt.bodyResourceVersion === undefined) return undefined // create
      return status(404, "NotFound", "the note does not exist: create it with a PUT without resourceVersion")
    }
    const sent = attempt.bodyResourceVersion
    if (sent === undefined || sent === resourceVersionOf(current)) return undefined
    return status(
      409,
      "Conflict",
      `Operation cannot be fulfilled on notes "${current.id}": the object has been modified; please apply your changes to the latest version and try again`
    )
  }
}
