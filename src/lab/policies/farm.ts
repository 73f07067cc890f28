import { strongTagFor } from "./entity-tags"
import { checkIfMatchWrite } from "./if-match-checks"
import type { LabNode, LabPolicy } from "./types"
import type { Note } from "../notes-store"

/**
 * One web server of the farm. Like IIS (`"…:changeNumber"`) or Apache's inode-based tags, each server
 * derives the tag from something of its own (here, its name), so the same note has a tag per server.
 */
function farmNode(name: string): LabNode {
  const tagOf = (note: Note) => `${strongTagFor(note).slice(0, -1)}:${name}"`
  return {
    name,
    headerTag: tagOf,
    checkWrite: (current, attempt) =>
      checkIfMatchWrite(current, attempt, { tagOf, missingStatus: 428, staleStatus: 412 })
  }
}

const FARM_NODES = [farmNode("web1"), farmNode("web2")] as const

/**
 * Two servers behind a round-robin load balancer, each strict on its own (428 without If-Match, 412
 * when If-Match does not match), but each tags the same note differently. A tag read from one server
 * fails If-Match on the other: 412 although nobody changed the note, and two reads with nothing written
 * in between show two tags for the same content (RFC 9110 §8.8.1 wants tags that follow the content).
 */
export const farmPolicy: LabPolicy = {
  name: "farm",
  description:
    "Two servers behind a round-robin load balancer (X-Served-By), each strict (428, 412) but tagging the same note differently: a tag from one server fails If-Match on the other, 412 although nothing changed.",
  // The lab hands every request to a node; these are the first node's, as the interface asks.
  headerTag: FARM_NODES[0].headerTag,
  represent: (note) => ({ id: note.id, text: note.text }),
  checkWrite: FARM_NODES[0].checkWrite,
  nodes: FARM_NODES
}
