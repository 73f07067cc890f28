import { describe, expect, it } from "vitest"

import {
  redactBodyText,
  redactHarEntry,
  redactHeaders,
  redactUrl,
  redactUrlsInText
} from "../../../src/core/export/redact"
import { REDACTED } from "../../../src/core/export/secret-names"
import { BASIC_CREDENTIALS, SAS_URL, leakedSecrets, secretEntry } from "./secret-entry"

function header(entryHeaders: readonly { name: string; value: string }[], name: string): string | undefined {
  return entryHeaders.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value
}

describe("redactHarEntry", () => {
  it("leaves no recorded secret anywhere in the entry", () => {
    const redacted = redactHarEntry(secretEntry())
    expect(leakedSecrets(JSON.stringify(redacted))).toEqual([])
  })

  it("keeps entity tags, conditional headers and non-secret values", () => {
    const redacted = redactHarEntry(secretEntry())
    expect(header(redacted.request.headers, "If-Match")).toBe('"0x8DC1"')
    expect(header(redacted.response.headers, "ETag")).toBe('"0x8DC2"')
    expect(redacted.response.content.text).toBe('{"@odata.etag":"\\"0x8DC2\\""}')
    expect(redacted.request.url).toContain("sv=2023-11-03")
    expect(redacted.request.url).toContain("se=2026-12-01T00%3A00%3A00Z")
    expect(redacted.request.cookies.map((c) => c.name)).toEqual(["session", "theme"])
    expect(header(redacted.request.headers, "Authorization")).toBe(REDACTED)
    expect(redacted.request.postData?.text).toBe(`{"title":"it's \\"quoted\\"","password":"${REDACTED}"}`)
  })

  it("does not change its input", () => {
    const entry = secretEntry()
    redactHarEntry(entry)
    expect(entry).toEqual(secretEntry())
  })

  it("keeps everything with includeSecrets", () => {
    const redacted = redactHarEntry(secretEntry(), { includeSecrets: true })
    expect(redacted).toEqual(secretEntry())
    expect(JSON.stringify(redacted)).toContain(BASIC_CREDENTIALS)
  })
})

describe("redactHeaders", () => {
  it("redacts the listed names and the name pattern, case-insensitively", () => {
    const names = [
      "PROXY-AUTHORIZATION",
      "x-amz-security-token",
      "X-CSRF-Token",
      "X-My-Session",
      "Api-Key",
      "x-client-secret"
    ]
    const redacted = redactHeaders(names.map((name) => ({ name, value: "s" })))
    expect(redacted.map((h) => h.value)).toEqual(names.map(() => REDACTED))
  })

  it("redacts auth, JWT, assertion and credential headers, and keeps look-alikes that are no secret", () => {
    const secrets = ["X-Auth", "X-Auth-Key", "X-JWT-Assertion", "X-Client-Credentials", "X-Hub-Signature-256"]
    const kept = ["X-Author", "X-OAuth-Scopes", "WWW-Authenticate", "X-Assertions-Count", "Idempotency-Key"]
    const redacted = redactHeaders([...secrets, ...kept].map((name) => ({ name, value: "s" })))
    expect(redacted.map((h) => h.value)).toEqual([...secrets.map(() => REDACTED), ...kept.map(() => "s")])
  })

  it("compares names trimmed: a space around an imported header's name does not hide it", () => {
    const redacted = redactHeaders([
      { name: "authorization ", value: "Bearer s3cret" },
      { name: " Cookie", value: "sid=s3cret" },
      { name: "X-Api-Token\t", value: "s3cret" },
      { name: "If-Match ", value: '"v1"' },
      { name: "Accept ", value: "application/json" }
    ])
    expect(redacted.map((h) => h.value)).toEqual([REDACTED, REDACTED, REDACTED, '"v1"', "application/json"])
    expect(redacted[0].name).toBe("authorization ")
  })

  it("redacts a secret header line smuggled after CR/LF in another header's value", () => {
    const [smuggled] = redactHeaders([{ name: "X-A", value: "one\r\nCookie: sid=s3cret\r\nX-B: kept" }])
    expect(smuggled.value).toBe(`one\r\nCookie: ${REDACTED}\r\nX-B: kept`)
  })

  it("keeps nothing else of a secret header (a HAR comment may repeat the value)", () => {
    const [redacted] = redactHeaders([
      { name: "Authorization", value: "Bearer s3cret", comment: "Bearer s3cret" }
    ])
    expect(redacted).toEqual({ name: "Authorization", value: REDACTED })
  })

  it("never redacts entity tags or conditional headers, nor ordinary headers", () => {
    const names = [
      "ETag",
      "If-Match",
      "If-None-Match",
      "If-Unmodified-Since",
      "Accept",
      "X-Tokenizer-Mode",
      "Content-Type"
    ]
    const redacted = redactHeaders(names.map((name) => ({ name, value: "kept" })))
    expect(redacted.map((h) => h.value)).toEqual(names.map(() => "kept"))
  })

  it("redacts signed URLs inside other headers' values (Link, an upload URL), never inside a tag", () => {
    const signed = "https://b.s3.example/k?X-Amz-Expires=60&X-Amz-Signature=abc123"
    const [link, upload, etag] = redactHeaders([
      { name: "Link", value: `<${signed}>; rel="next"` },
      { name: "X-Upload-Url", value: signed },
      { name: "ETag", value: `"${signed}"` }
    ])
    expect(link.value).toBe(
      '<https://b.s3.example/k?X-Amz-Expires=60&X-Amz-Signature=%5Bredacted%5D>; rel="next"'
    )
    expect(upload.value).not.toContain("abc123")
    expect(etag.value).toBe(`"${signed}"`)
  })
})

describe("redactHeaders on relative URL references", () => {
  it("redacts HTTP/2's :path like the request URL it repeats, keeping the rest", () => {
    const [path] = redactHeaders([{ name: ":path", value: "/files/1?sig=s3cret&x=1" }])
    expect(path.value).toBe("/files/1?sig=%5Bredacted%5D&x=1")
  })

  it("redacts relative Link targets, Location, Content-Location, Referer and Refresh URLs", () => {
    const redacted = redactHeaders([
      { name: "Link", value: '</files/1?page=2&token=s3cret>; rel="next", </files/1?page=1>; rel="prev"' },
      { name: "Location", value: "/cb?code=s3cret&state=1" },
      { name: "Content-Location", value: "notes/1?access_token=s3cret" },
      { name: "Referer", value: "/edit?token=s3cret" },
      { name: "Refresh", value: "0; url='/next?sig=s3cret&a=1'" },
      { name: "X-Upload-Url", value: "/upload?X-Amz-Signature=s3cret" }
    ])
    expect(redacted.map((h) => h.value)).toEqual([
      '</files/1?page=2&token=%5Bredacted%5D>; rel="next", </files/1?page=1>; rel="prev"',
      "/cb?code=%5Bredacted%5D&state=1",
      "notes/1?access_token=%5Bredacted%5D",
      "/edit?token=%5Bredacted%5D",
      "0; url='/next?sig=%5Bredacted%5D&a=1'",
      "/upload?X-Amz-Signature=%5Bredacted%5D"
    ])
  })

  it("redacts a Link's anchor parameter, quoted or not, like its target", () => {
    const [link] = redactHeaders([
      {
        name: "Link",
        value:
          '</notes/1>; rel="alternate"; anchor="/notes/1?token=s3cret&v=2", ' +
          "</n/2>; rel=next; ANCHOR=#access_token=s3cret&state=1, " +
          '</n/3>; anchor="https://h.example/x?sig=s3cret"; title="kept"'
      }
    ])
    expect(link.value).toBe(
      '</notes/1>; rel="alternate"; anchor="/notes/1?token=%5Bredacted%5D&v=2", ' +
        "</n/2>; rel=next; ANCHOR=#access_token=%5Bredacted%5D&state=1, " +
        '</n/3>; anchor="https://h.example/x?sig=%5Bredacted%5D"; title="kept"'
    )
    const plain = { name: "Link", value: '</n/2>; rel=next; anchor="#section-2"' }
    expect(redactHeaders([plain])).toEqual([plain])
  })

  it("leaves a Refresh without a URL and relative references without secrets byte for byte", () => {
    const headers = [
      { name: "Refresh", value: "5" },
      { name: "Link", value: '</style.css>; rel=preload; as="style"' },
      { name: "Location", value: "/notes/1?rev=2-a" }
    ]
    expect(redactHeaders(headers)).toEqual(headers)
  })

  it("leaves no relative-URL secret in an exported HTTP/2 entry", () => {
    const entry = secretEntry()
    entry.request.headers.push(
      { name: ":path", value: "/notes/1?sv=2023-11-03&sig=PATHSECRET" },
      { name: "Link", value: "</next?token=LINKSECRET>; rel=next" }
    )
    entry.response.headers.push({ name: "Link", value: "</notes/1?page=2&token=RESPONSESECRET>; rel=next" })
    const text = JSON.stringify(redactHarEntry(entry))
    for (const secret of ["PATHSECRET", "LINKSECRET", "RESPONSESECRET"]) expect(text).not.toContain(secret)
    expect(text).toContain("/notes/1?sv=2023-11-03&sig=%5Bredacted%5D")
  })
})

describe("redactUrl", () => {
  it("redacts the SAS signature and keeps the SAS version, expiry and permissions", () => {
    expect(redactUrl(SAS_URL)).toBe(
      "https://acct.blob.core.windows.net/notes/1?sv=2023-11-03&se=2026-12-01T00%3A00%3A00Z&sp=rw&sig=%5Bredacted%5D"
    )
  })

  it("redacts userinfo, signed-URL and OAuth values, including in the fragment", () => {
    expect(
      redactUrl(
        "https://u:p@h.example/a?X-Amz-Signature=1&X-Amz-Credential=2&rev=3-a&code=4#access_token=5&state=6"
      )
    ).toBe(
      "https://%5Bredacted%5D@h.example/a?X-Amz-Signature=%5Bredacted%5D&X-Amz-Credential=%5Bredacted%5D&rev=3-a&code=%5Bredacted%5D#access_token=%5Bredacted%5D&state=6"
    )
  })

  it("matches percent-encoded parameter names and leaves malformed encodings alone", () => {
    expect(redactUrl("http://h/p?%73ig=x&bad=%E0%A4%A")).toBe("http://h/p?%73ig=%5Bredacted%5D&bad=%E0%A4%A")
  })

  it("redacts the secrets of a URL carried percent-encoded in a parameter's value, and keeps the rest", () => {
    const next = "https://b.s3.example/k?X-Amz-Date=20261127T220000Z&X-Amz-Signature=abc123"
    const page = `https://app.example/upload?next=${encodeURIComponent(next)}&step=2`
    const redacted = redactUrl(page)
    expect(redacted).not.toContain("abc123")
    expect(redacted).toBe(
      `https://app.example/upload?next=${encodeURIComponent(
        "https://b.s3.example/k?X-Amz-Date=20261127T220000Z&X-Amz-Signature=%5Bredacted%5D"
      )}&step=2`
    )
  })

  it("redacts every parameter of a credential family, and keeps the ordinary ones", () => {
    const url =
      "https://h.example/x?auth_token=1&jwt=2&client_assertion=3&access-token=4&sig[]=5&user%5Bpassword%5D=6" +
      "&page=2&token_type=Bearer&partition_key=p&rev=3-a"
    expect(redactUrl(url)).toBe(
      "https://h.example/x?auth_token=%5Bredacted%5D&jwt=%5Bredacted%5D&client_assertion=%5Bredacted%5D" +
        "&access-token=%5Bredacted%5D&sig[]=%5Bredacted%5D&user%5Bpassword%5D=%5Bredacted%5D" +
        "&page=2&token_type=Bearer&partition_key=p&rev=3-a"
    )
  })

  it("reads ; as a pair separator in the query and fragment, a secret's value running to the next &", () => {
    expect(redactUrl("https://h.example/x?a=1;token=s3cret&b=2#c=3;access_token=s3cret")).toBe(
      "https://h.example/x?a=1;token=%5Bredacted%5D&b=2#c=3;access_token=%5Bredacted%5D"
    )
    expect(redactUrl("https://h.example/x?sig=s3c;ret&b=2")).toBe(
      "https://h.example/x?sig=%5Bredacted%5D&b=2"
    )
    expect(redactUrl("https://h.example/x?filter=a;b&sort=c;d")).toBe(
      "https://h.example/x?filter=a;b&sort=c;d"
    )
  })

  it("redacts secret path parameters (a servlet's ;jsessionid=) and keeps the others", () => {
    expect(redactUrl("https://shop.example/cart;jsessionid=S3CRET/items;color=red?x=1")).toBe(
      "https://shop.example/cart;jsessionid=%5Bredacted%5D/items;color=red?x=1"
    )
    expect(redactUrl("/a;v=1/b;token=s3cret;lang=en")).toBe("/a;v=1/b;token=%5Bredacted%5D")
    const [path] = redactHeaders([{ name: ":path", value: "/cart;JSESSIONID=S3CRET?x=1" }])
    expect(path.value).toBe("/cart;JSESSIONID=%5Bredacted%5D?x=1")
    expect(redactUrl("https://h.example/a;b/c;v=2?x=1")).toBe("https://h.example/a;b/c;v=2?x=1")
  })

  it("redacts a ;-separated secret inside a HAR queryString entry's value", () => {
    const entry = secretEntry()
    entry.request.url = "https://h.example/x?a=1;token=QSSECRET"
    entry.request.queryString = [{ name: "a", value: "1;token=QSSECRET" }]
    const redacted = redactHarEntry(entry)
    expect(redacted.request.queryString).toEqual([{ name: "a", value: `1;token=${REDACTED}` }])
    expect(JSON.stringify(redacted)).not.toContain("QSSECRET")
  })

  it("keeps a URL without secrets byte for byte", () => {
    const url = "http://127.0.0.1:8787/api/couch/notes/1?rev=2-abc&a=%20b#top"
    expect(redactUrl(url)).toBe(url)
  })
})

describe("redactBodyText", () => {
  it("redacts form-encoded OAuth secrets", () => {
    expect(
      redactBodyText(
        "grant_type=authorization_code&code=abc&client_secret=xyz",
        "application/x-www-form-urlencoded"
      )
    ).toBe("grant_type=authorization_code&code=%5Bredacted%5D&client_secret=%5Bredacted%5D")
  })

  it("redacts nested JSON secret fields and keeps formatting and tag fields", () => {
    const body = '{\n  "_rev": "2-x",\n  "auth": { "refresh_token" : "r-1", "key": "k" }\n}'
    expect(redactBodyText(body, "application/json")).toBe(
      '{\n  "_rev": "2-x",\n  "auth": { "refresh_token" : "[redacted]", "key": "k" }\n}'
    )
  })
})

describe("redactBodyText on JSON secret names", () => {
  it("redacts token, key and password fields whatever their case or separators, and keeps the rest", () => {
    const body =
      '{"token":"t1","session_token":"t2","authToken":"t3","apiKey":"k1","API_KEY":"k2",' +
      '"newPassword":"p1","token_type":"Bearer","key":"title","_etag":"\\"e1\\""}'
    expect(redactBodyText(body, "application/json")).toBe(
      '{"token":"[redacted]","session_token":"[redacted]","authToken":"[redacted]","apiKey":"[redacted]",' +
        '"API_KEY":"[redacted]","newPassword":"[redacted]","token_type":"Bearer","key":"title","_etag":"\\"e1\\""}'
    )
  })

  it("redacts every member of a list of secrets, named as a field or its plural, and keeps counts", () => {
    const body =
      '{"tokens": ["t1", "t2"], "apiKeys":["k1"], "token":[7, "t3"], "max_tokens": 5, ' +
      '"ids": [1, 2], "refresh_tokens": [], "sessions": [{"password": "p"}]}'
    expect(redactBodyText(body, "application/json")).toBe(
      '{"tokens": ["[redacted]", "[redacted]"], "apiKeys":["[redacted]"], "token":["[redacted]", "[redacted]"], ' +
        '"max_tokens": 5, "ids": [1, 2], "refresh_tokens": [], "sessions": [{"password": "[redacted]"}]}'
    )
  })

  it("reads a long unclosed list in time linear in its length (members must be comma-separated)", () => {
    const digits = "1".repeat(20_000)
    const body = `{"tokens": [${digits} {"token": "t"}`
    expect(redactBodyText(body, "application/json")).toBe(`{"tokens": [${digits} {"token": "[redacted]"}`)
  })

  it("reads a field name written with escapes as JSON does, and redacts numeric secrets", () => {
    const body = '{"pass\\u0077ord":"s3cret","\\u0074oken":"t0k","pin":1234,"count":2,"t\\u0069tle":"kept"}'
    expect(redactBodyText(body, "application/json")).toBe(
      '{"pass\\u0077ord":"[redacted]","\\u0074oken":"[redacted]","pin":"[redacted]","count":2,"t\\u0069tle":"kept"}'
    )
  })
})

describe("redactBodyText on multipart/form-data and form bodies sent without the form type", () => {
  const boundary = "----WebKitFormBoundary7MA4YWxk"
  const part = (disposition: string, value: string, type = "") =>
    `--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n${type}\r\n${value}\r\n`
  const multipart = [
    part('name="username"', "alice"),
    part('name="password"', "s3cret\r\nsecond line"),
    part("name=api_key", "k3y"),
    part(
      'name="private_key"; filename="id.pem"',
      "-----BEGIN KEY-----",
      "Content-Type: application/x-pem-file\r\n"
    ),
    part('name="note"; filename="note.txt"', "kept text", "Content-Type: text/plain\r\n"),
    `--${boundary}--\r\n`
  ].join("")
  const redactedMultipart = multipart
    .replace("s3cret\r\nsecond line", REDACTED)
    .replace("k3y", REDACTED)
    .replace("-----BEGIN KEY-----", REDACTED)

  it("redacts the values of secret-named fields and files, and keeps the rest byte for byte", () => {
    expect(redactBodyText(multipart, `multipart/form-data; boundary=${boundary}`)).toBe(redactedMultipart)
    expect(redactBodyText(multipart, `multipart/form-data; boundary="${boundary}"`)).toBe(redactedMultipart)
  })

  it("finds the boundary in the body when the type has none or there is no type", () => {
    expect(redactBodyText(multipart, "multipart/form-data")).toBe(redactedMultipart)
    expect(redactBodyText(multipart, undefined)).toBe(redactedMultipart)
    expect(
      redactBodyText(multipart, `multipart/form-data; boundary=${boundary}`, { includeSecrets: true })
    ).toBe(multipart)
  })

  it("redacts a form body sent as text/plain or with no type, and leaves other text alone", () => {
    const form = "grant_type=password&username=a&password=s3cret&client_secret=c5"
    const redacted = "grant_type=password&username=a&password=%5Bredacted%5D&client_secret=%5Bredacted%5D"
    expect(redactBodyText(form, "text/plain;charset=UTF-8")).toBe(redacted)
    expect(redactBodyText(form, undefined)).toBe(redacted)
    expect(redactBodyText(`${form}\n`, "application/octet-stream")).toBe(`${redacted}\n`)
    for (const text of ["a=1&page=2", "password is a=b c", "x = y&password=z"])
      expect(redactBodyText(text, "text/plain")).toBe(text)
    // A body that declares another structure is not read as a form, even when it is not valid JSON.
    for (const type of ["application/json", "application/xml"])
      expect(redactBodyText("V!jWT=", type)).toBe("V!jWT=")
  })
})

describe("redactBodyText on signed URLs in a body", () => {
  const signed = "https://b.s3.example/k?X-Amz-Expires=3600&X-Amz-Signature=abc123"

  it("redacts a presigned URL an API returns in JSON, and keeps the rest byte for byte", () => {
    const body = `{"uploadUrl": "${signed}", "_etag": "\\"e1\\""}`
    expect(redactBodyText(body, "application/json")).toBe(
      `{"uploadUrl": "https://b.s3.example/k?X-Amz-Expires=3600&X-Amz-Signature=%5Bredacted%5D", "_etag": "\\"e1\\""}`
    )
  })

  it("redacts one written with escaped slashes and \\u0026 separators (PHP's and Go's JSON encoders)", () => {
    const escaped = '{"url":"https:\\/\\/b.s3.example\\/k?X-Amz-Signature=abc123\\u0026X-Amz-Expires=60"}'
    expect(redactBodyText(escaped, "application/json")).toBe(
      '{"url":"https:\\/\\/b.s3.example\\/k?X-Amz-Signature=%5Bredacted%5D\\u0026X-Amz-Expires=60"}'
    )
  })

  it("redacts signed links in a page or plain text, unless secrets are kept", () => {
    const html = `<a href="${signed}">download</a>`
    expect(redactBodyText(html, "text/html")).not.toContain("abc123")
    expect(redactBodyText(html, "text/html", { includeSecrets: true })).toBe(html)
  })
})

describe("redactBodyText on URLs written the way HTML, XML and JSON escape them", () => {
  it("splits query pairs at &amp; (and &#38;, &#x26;) in a page's links and an XML listing", () => {
    const html =
      '<a href="https://cdn.example/f.pdf?X-Amz-Credential=AKIA1&amp;X-Amz-Signature=SIGSECRET&#38;a=1&#x26;token=T2">x</a>'
    expect(redactBodyText(html, "text/html")).toBe(
      '<a href="https://cdn.example/f.pdf?X-Amz-Credential=%5Bredacted%5D&amp;X-Amz-Signature=%5Bredacted%5D&#38;a=1&#x26;token=%5Bredacted%5D">x</a>'
    )
    const xml = "<Url>https://acct.blob.core.windows.net/c/b?sv=2023&amp;sig=SASSECRET</Url>"
    expect(redactBodyText(xml, "application/xml")).toBe(
      "<Url>https://acct.blob.core.windows.net/c/b?sv=2023&amp;sig=%5Bredacted%5D</Url>"
    )
    const json = '{"url":"https://h.example/x?a=1\\u0026amp;sig=SIGSECRET"}'
    expect(redactBodyText(json, "application/json")).toBe(
      '{"url":"https://h.example/x?a=1\\u0026amp;sig=%5Bredacted%5D"}'
    )
  })

  it("redacts a page's relative links", () => {
    const html = `<a href="/download?token=TOKSECRET&amp;n=1">x</a><img src='/i.png'>`
    expect(redactBodyText(html, "text/html")).toBe(
      `<a href="/download?token=%5Bredacted%5D&amp;n=1">x</a><img src='/i.png'>`
    )
  })

  it("ends userinfo at the authority's last @, so an @ in the password is redacted too", () => {
    expect(
      redactBodyText('{"db":"postgres://admin:S3cr@tPW@db.internal:5432/app"}', "application/json")
    ).toBe('{"db":"postgres://%5Bredacted%5D@db.internal:5432/app"}')
    expect(redactBodyText('{"db":"postgres:\\/\\/admin:S3cr@tPW@db\\/app"}', "application/json")).toBe(
      '{"db":"postgres:\\/\\/%5Bredacted%5D@db\\/app"}'
    )
  })

  it("keeps an @ after the authority: in the path, the query, or the text after the URL", () => {
    const text = "https://h.example/users/@alice?owner=ops@example.com mail ops@example.com"
    expect(redactBodyText(text, "text/plain")).toBe(text)
    expect(redactUrl("https://u:p@h.example/@x?y=@z")).toBe("https://%5Bredacted%5D@h.example/@x?y=@z")
  })
})

describe("redactBodyText on an OData batch", () => {
  it("redacts the secret header lines and JSON fields of the embedded messages, and keeps the rest byte for byte", () => {
    const batch = [
      "--batch_1",
      "Content-Type: application/http",
      "",
      "PATCH Books(201) HTTP/1.1",
      "Authorization: Bearer t0ken",
      "X-CSRF-Token: c5rf",
      'If-Match: W/"1"',
      "Content-Type: application/json",
      "",
      '{"title":"x","password":"hunter2"}',
      "--batch_1--"
    ].join("\r\n")
    expect(redactBodyText(batch, "multipart/mixed; boundary=batch_1")).toBe(
      batch
        .replace("Bearer t0ken", "[redacted]")
        .replace("c5rf", "[redacted]")
        .replace("hunter2", "[redacted]")
    )
    expect(redactBodyText(batch, "multipart/mixed; boundary=batch_1", { includeSecrets: true })).toBe(batch)
  })
})

describe("redactUrlsInText", () => {
  it("redacts URLs quoted in notes and leaves the words around them", () => {
    expect(redactUrlsInText("redirect to https://h.example/cb?code=abc&state=1 (302)")).toBe(
      "redirect to https://h.example/cb?code=%5Bredacted%5D&state=1 (302)"
    )
    expect(redactUrlsInText("redirect to https://h.example/cb?code=abc", { includeSecrets: true })).toContain(
      "code=abc"
    )
  })
})
