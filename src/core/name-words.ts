/**
 * A name's words, lower-case, split at anything not a letter or digit and at camelCase:
 * `nextPageToken` → next page token, `X-Amz-Signature` → x amz signature, `sig[]` → sig,
 * `docID` → doc id.
 */
export function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== "")
}
