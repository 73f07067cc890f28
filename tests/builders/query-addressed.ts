/**
 * An API that addresses its records by a query parameter (`/api/document?id=7`): two documents
 * read, then each saved with its own current tag. Judged by path alone, the two are one resource
 * and each save looks stale; with `id` in the identity, nothing is wrong.
 */
import { harEntry } from "../adapters/har-entry-builder"

export const documentUrl = (id: number) => `http://127.0.0.1:8787/api/document?id=${id}`

export function queryAddressedSaves(): ReturnType<typeof harEntry>[] {
  const etag = (tag: string) => [{ name: "ETag", value: tag }]
  const save = (id: number, read: string, made: string) =>
    harEntry({
      method: "PUT",
      url: documentUrl(id),
      requestHeaders: [{ name: "If-Match", value: read }],
      requestBody: "{}",
      responseHeaders: etag(made)
    })
  return [
    harEntry({ url: documentUrl(1), responseHeaders: etag('"a1"') }),
    harEntry({ url: documentUrl(2), responseHeaders: etag('"b1"') }),
    save(1, '"a1"', '"a2"'),
    save(2, '"b1"', '"b2"')
  ]
}
