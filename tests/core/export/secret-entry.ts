/**
 * A recorded-style HAR entry carrying every kind of secret the exports must hide,
 * and the list of secret strings that must appear nowhere in a default export.
 */
import type { HarEntry as Entry } from "../../../src/core/export/har-types"

export const BASIC_CREDENTIALS = "YWxpY2U6czNjcjN0LXBhc3N3b3Jk" // base64("alice:s3cr3t-password")
export const SESSION_COOKIE = "sess-9f8e7d6c5b4a"
export const SET_COOKIE_VALUE = "refresh-1a2b3c4d5e"
export const SAS_SIGNATURE = "abc%2Bdef"
export const API_KEY = "key-live-0123456789"
export const URL_PASSWORD = "hunter2-url-pass"
export const BODY_PASSWORD = "body-pass-77"

/** Strings that must not survive redaction (each is unique to one secret). */
export const SECRET_STRINGS = [
  BASIC_CREDENTIALS,
  SESSION_COOKIE,
  SET_COOKIE_VALUE,
  SAS_SIGNATURE,
  "abc+def",
  API_KEY,
  URL_PASSWORD,
  BODY_PASSWORD
]

export const SAS_URL = `https://acct.blob.core.windows.net/notes/1?sv=2023-11-03&se=2026-12-01T00%3A00%3A00Z&sp=rw&sig=${SAS_SIGNATURE}`

export function secretEntry(): Entry {
  return {
    startedDateTime: "2026-11-25T19:00:00.000Z",
    time: 12,
    request: {
      method: "PUT",
      url: SAS_URL,
      httpVersion: "HTTP/1.1",
      headers: [
        { name: "Authorization", value: `Basic ${BASIC_CREDENTIALS}` },
        { name: "Cookie", value: `session=${SESSION_COOKIE}; theme=dark` },
        { name: "X-Api-Key", value: API_KEY },
        { name: "If-Match", value: '"0x8DC1"' },
        { name: "Content-Type", value: "application/json" },
        { name: "Referer", value: `https://alice:${URL_PASSWORD}@app.example/edit?token=${SESSION_COOKIE}` }
      ],
      cookies: [
        { name: "session", value: SESSION_COOKIE },
        { name: "theme", value: "dark" }
      ],
      queryString: [
        { name: "sv", value: "2023-11-03" },
        { name: "sig", value: SAS_SIGNATURE }
      ],
      postData: {
        mimeType: "application/json",
        text: `{"title":"it's \\"quoted\\"","password":"${BODY_PASSWORD}"}`
      },
      headersSize: -1,
      bodySize: 40
    },
    response: {
      status: 201,
      statusText: "Created",
      httpVersion: "HTTP/1.1",
      headers: [
        { name: "ETag", value: '"0x8DC2"' },
        { name: "Set-Cookie", value: `refresh=${SET_COOKIE_VALUE}; HttpOnly; Path=/` },
        { name: "Content-Type", value: "application/json" }
      ],
      cookies: [{ name: "refresh", value: SET_COOKIE_VALUE, httpOnly: true }],
      content: { size: 17, mimeType: "application/json", text: '{"@odata.etag":"\\"0x8DC2\\""}' },
      redirectURL: "",
      headersSize: -1,
      bodySize: 17
    },
    cache: {},
    timings: { send: 0, wait: 10, receive: 2 }
  }
}

/** Every secret string found in `text` (empty when the export is clean). */
export function leakedSecrets(text: string): string[] {
  return SECRET_STRINGS.filter((secret) => text.includes(secret))
}
