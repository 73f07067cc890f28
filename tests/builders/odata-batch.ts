/**
 * OData `$batch` entries as a SAP UI5 app sends them (multipart, CRLF line ends, the boundaries SAP
 * writes), after the OData 4.01 protocol's examples (§11.7.7): hand-written, not recorded.
 */
import { harEntry } from "./har"

export const SERVICE = "https://s4.example.test/sap/opu/odata4/sap/books/srvd/sap/books/0001/"
export const BATCH_URL = `${SERVICE}$batch`
export const BOOK = `${SERVICE}Books(201)`

/** A multipart body with CRLF line ends, as the OData 4.01 protocol's examples (§11.7.7) show it. */
const crlf = (...lines: string[]) => lines.join("\r\n")

/** Request and response of one batch, in the shape a UI5 app sends them (boundaries as SAP writes them). */
export function multipartBatch(requestLines: string[], responseLines: string[]) {
  return harEntry({
    method: "POST",
    url: BATCH_URL,
    requestHeaders: [
      { name: "Content-Type", value: "multipart/mixed;boundary=batch_id-1732600000000-12" },
      { name: ":method", value: "POST" },
      { name: ":path", value: "/sap/opu/odata4/sap/books/srvd/sap/books/0001/$batch" },
      { name: "X-CSRF-Token", value: "tok3n" },
      { name: "Accept", value: "multipart/mixed" }
    ],
    requestMime: "multipart/mixed;boundary=batch_id-1732600000000-12",
    requestBody: crlf(...requestLines),
    responseHeaders: [{ name: "Content-Type", value: "multipart/mixed; boundary=B7A1E5C0D3A2" }],
    responseMime: "multipart/mixed",
    responseBody: crlf(...responseLines)
  })
}

/** The batch reads Books(201) and, in a change set, PATCHes it with `ifMatch`; the server answers `patchAnswer`. */
export function readThenPatch(ifMatch: string, patchAnswer: string[]) {
  return multipartBatch(
    [
      "--batch_id-1732600000000-12",
      "Content-Type:application/http",
      "Content-Transfer-Encoding:binary",
      "",
      "GET Books(201) HTTP/1.1",
      "Accept:application/json",
      "",
      "",
      "--batch_id-1732600000000-12",
      "Content-Type: multipart/mixed; boundary=changeset_id-1732600000000-13",
      "",
      "--changeset_id-1732600000000-13",
      "Content-Type:application/http",
      "Content-Transfer-Encoding:binary",
      "Content-ID:0.0",
      "",
      "PATCH Books(201) HTTP/1.1",
      "Content-Type:application/json;charset=UTF-8",
      `If-Match:${ifMatch}`,
      "",
      '{"title":"New title"}',
      "--changeset_id-1732600000000-13--",
      "--batch_id-1732600000000-12--",
      ""
    ],
    [
      "--B7A1E5C0D3A2",
      "Content-Type: application/http",
      "Content-Transfer-Encoding: binary",
      "",
      "HTTP/1.1 200 OK",
      "Content-Type: application/json;odata.metadata=minimal",
      'ETag: W/"20241126090000"',
      "",
      '{"ID":201,"title":"Old title","@odata.etag":"W/\\"20241126090000\\""}',
      "--B7A1E5C0D3A2",
      ...patchAnswer,
      "--B7A1E5C0D3A2--",
      ""
    ]
  )
}

/** The change set answered part by part: the PATCH made version `etag`. */
export const patchedTo = (etag: string) => [
  "Content-Type: multipart/mixed; boundary=CS9F2E",
  "",
  "--CS9F2E",
  "Content-Type: application/http",
  "Content-ID: 0.0",
  "",
  "HTTP/1.1 200 OK",
  "Content-Type: application/json;odata.metadata=minimal",
  `ETag: ${etag}`,
  "",
  `{"ID":201,"title":"New title","@odata.etag":${JSON.stringify(etag)}}`,
  "--CS9F2E--"
]

/** The change set refused as a whole: one 412 for all of it (OData answers a failed change set so). */
export const refusedWith412 = [
  "Content-Type: application/http",
  "",
  "HTTP/1.1 412 Precondition Failed",
  "Content-Type: application/json;odata.metadata=minimal",
  "",
  '{"error":{"code":"412","message":"The entity was changed by another user"}}'
]
