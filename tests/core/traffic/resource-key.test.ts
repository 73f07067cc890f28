import { describe, expect, it } from "vitest"

import { DEFAULT_ENGINE_OPTIONS } from "../../../src/core/model"
import { originOf, resolveUrl, resourceKey } from "../../../src/core/traffic/resource-key"

const defaults = DEFAULT_ENGINE_OPTIONS
const key = (url: string) => resourceKey(url, defaults)

describe("resourceKey", () => {
  it("lower-cases scheme and host, drops default port, fragment and userinfo", () => {
    expect(key("HTTP://User:Secret@API.Example.COM:80/Notes/1#top")).toBe("http://api.example.com/Notes/1")
    expect(key("https://example.com:443/a")).toBe("https://example.com/a")
    expect(key("http://127.0.0.1:8787/api/strict/notes/1")).toBe("http://127.0.0.1:8787/api/strict/notes/1")
    expect(key("http://[::1]:8080/x")).toBe("http://[::1]:8080/x")
  })

  it("normalizes trailing slashes, empty paths and dot segments", () => {
    expect(key("http://h/notes/")).toBe("http://h/notes")
    expect(key("http://h")).toBe("http://h/")
    expect(key("http://h/")).toBe("http://h/")
    expect(key("http://h/a/./b/../c")).toBe("http://h/a/c")
  })

  it("normalizes percent-encoding (RFC 3986 §6.2.2)", () => {
    expect(key("http://h/%7euser/a%2fb")).toBe("http://h/~user/a%2Fb")
  })

  it("reads non-ASCII characters as their UTF-8 percent-encoding, as a browser sends them", () => {
    expect(key("http://h/notes/café")).toBe(key("http://h/notes/caf%C3%A9"))
    expect(key("http://h/notes/caf%c3%a9")).toBe("http://h/notes/caf%C3%A9")
    expect(key("http://h/文書/1")).toBe("http://h/%E6%96%87%E6%9B%B8/1")
    expect(key("http://h/a/\u{1F600}")).toBe("http://h/a/%F0%9F%98%80")
    // A lone surrogate has no UTF-8 form: U+FFFD's, as the WHATWG URL parser gives it.
    expect(key("http://h/a\uD800b")).toBe("http://h/a%EF%BF%BDb")
    expect(resourceKey("http://h/doc?id=é", { ...defaults, identityQueryParams: ["id"] })).toBe(
      "http://h/doc?id=%C3%A9"
    )
  })

  it("drops query parameters unless they identify the resource", () => {
    expect(key("https://acct.blob.core/c/blob.txt?sv=2021&sig=SECRET")).toBe(
      "https://acct.blob.core/c/blob.txt"
    )
    const withTenant = { ...defaults, identityQueryParams: ["tenant"] }
    expect(resourceKey("http://h/doc?b=2&tenant=x&a=1", withTenant)).toBe("http://h/doc?tenant=x")
  })

  it("keeps all query parameters sorted with 'all', but never the version param", () => {
    const all = { ...defaults, identityQueryParams: "all" as const }
    expect(resourceKey("http://h/db/doc?z=1&rev=2-abc&a=3", all)).toBe("http://h/db/doc?a=3&z=1")
    expect(resourceKey("http://h/db/doc?z=1&rev=2-abc&a=3", all)).toBe(
      resourceKey("http://h/db/doc?a=3&z=1", all)
    )
  })

  it("gives OData key forms one canonical form", () => {
    const canonical = "http://h/odata/v4/catalog/Docs('a')"
    expect(key("http://h/odata/v4/catalog/Docs('a')")).toBe(canonical)
    expect(key("http://h/odata/v4/catalog/Docs(ID='a')")).toBe(canonical)
    expect(key("http://h/odata/v4/catalog/Docs(ID%3D%27a%27)")).toBe(canonical)
    expect(key("http://h/odata/v4/catalog/Docs(%27a%27)")).toBe(canonical)
    expect(key("http://h/Books(ID=201)")).toBe("http://h/Books(201)")
    expect(key("http://h/Books(201)")).toBe("http://h/Books(201)")
  })

  it("sorts composite OData keys and keeps commas inside string literals", () => {
    expect(key("http://h/Books(IsActiveEntity=true,ID=1)")).toBe("http://h/Books(ID=1,IsActiveEntity=true)")
    expect(key("http://h/Docs('a,b')")).toBe("http://h/Docs('a,b')")
    expect(key("http://h/Docs('it''s')/title")).toBe("http://h/Docs('it''s')/title")
  })

  it("leaves non-key parentheses alone", () => {
    expect(key("http://h/fn()")).toBe("http://h/fn()")
    expect(key("http://h/Docs('unterminated)")).toBe("http://h/Docs('unterminated)")
  })

  it("returns unreadable URLs unchanged", () => {
    for (const url of [
      "not a url",
      "",
      "/relative/path",
      "mailto:a@b",
      "http://h:99x/a",
      "data:text/plain,hi"
    ]) {
      expect(key(url)).toBe(url)
    }
  })
})

describe("originOf", () => {
  it("gives scheme://host[:port]", () => {
    expect(originOf("https://Example.com:443/a/b?c")).toBe("https://example.com")
    expect(originOf("http://127.0.0.1:8787/x")).toBe("http://127.0.0.1:8787")
    expect(originOf("nope")).toBeUndefined()
  })

  it("reads an imported URL as the browser that sent it did: \\ is a / in http(s), tabs and newlines are dropped", () => {
    for (const url of [
      "https://attacker.example\\@bank.example/api/notes/1",
      "https://attacker.example\\x@bank.example/api/notes/1",
      "https://bank.exa\tmple/api/notes/1",
      "https://a@b@bank.example/x"
    ])
      expect(originOf(url)).toBe(new URL(url).origin)
    expect(key("https://attacker.example\\@bank.example/api/notes/1")).toBe(
      "https://attacker.example/@bank.example/api/notes/1"
    )
    // In a query a backslash is only a character.
    expect(key("https://h.example/a\\b?x=\\")).toBe("https://h.example/a/b")
  })
})

describe("resolveUrl (RFC 3986 §5.4 examples)", () => {
  const base = "http://a/b/c/d;p?q"
  it.each([
    ["g", "http://a/b/c/g"],
    ["./g", "http://a/b/c/g"],
    ["g/", "http://a/b/c/g/"],
    ["/g", "http://a/g"],
    ["//g", "http://g"],
    ["?y", "http://a/b/c/d;p?y"],
    ["g?y", "http://a/b/c/g?y"],
    ["#s", "http://a/b/c/d;p?q#s"],
    ["", undefined],
    [".", "http://a/b/c/"],
    ["..", "http://a/b/"],
    ["../g", "http://a/b/g"],
    ["../../../g", "http://a/g"],
    ["/./g", "http://a/g"],
    ["g;x=1/../y", "http://a/b/c/y"],
    ["https://other/x/../y", "https://other/y"]
  ])("%j → %s", (ref, expected) => {
    expect(resolveUrl(ref, base)).toBe(expected)
  })

  it("resolves a create's relative Location against the POST URL", () => {
    expect(resolveUrl("/api/strict/notes/7", "http://127.0.0.1:8787/api/strict/notes")).toBe(
      "http://127.0.0.1:8787/api/strict/notes/7"
    )
    expect(resolveUrl("notes/7", "http://h/api/")).toBe("http://h/api/notes/7")
  })

  it("gives undefined without an absolute base", () => {
    expect(resolveUrl("g", "relative/base")).toBeUndefined()
  })
})
