import type { LabPolicy, Rejection } from "./types"

/**
 * Like Azure DevOps work items: no ETag; the item shows its revision, `rev`, and an update is a
 * JSON Patch (RFC 6902) that names the revision it is based on in a `test` operation first
 * (`{"op": "test", "path": "/rev", "value": 3}`). The lab applies the patch to the item as it is now:
 * a stale `rev` fails the test, a 409 (RFC 5789 §2.2, a patch that cannot apply to the current state);
 * an update without the test overwrites whatever is there. A PUT is not how work items are updated
 * (405); a DELETE takes no revision. ETag Lens judges the updates once `rev` is a body tag field
 * (⚙ Settings → Azure DevOps, `--api azure-devops`): its missing-if-match hint offers that.
 */
export const azureDevOpsPolicy: LabPolicy = {
  name: "azure-devops",
  description:
    "Azure DevOps-style rev in the body (no ETag); updates are JSON Patches whose test of /rev names the revision: 409 when it fails, unconditional without it. Choose Azure DevOps in ⚙ Settings.",
  headerTag: () => undefined,
  represent: (note) => ({ id: note.id, rev: note.version, text: note.text }),
  checkWrite: (_current, attempt) => (attempt.method === "PUT" ? PUT_NOT_ALLOWED : undefined)
}

const PUT_NOT_ALLOWED: Rejection = {
  status: 405,
  headers: { Allow: "GET, PATCH, DELETE" },
  body: { message: "Update a work item with PATCH and a JSON Patch document (application/json-patch+json)." }
}
