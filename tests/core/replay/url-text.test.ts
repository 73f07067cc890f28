import fc from "fast-check"
import { describe, expect, it } from "vitest"

import {
  hasQueryParam,
  originOfUrl,
  pathAndQuery,
  withoutQueryParam,
  withQueryParam
} from "../../../src/core/replay/url-text"

describe("url-text agrees with the WHATWG URL parser where replay relies on it", () => {
  it.each([
    "http://127.0.0.1:8787/api/notes/1",
    "https://Example.COM:443/a?b=1#h",
    "http://user:pw@host:8080/x",
    "http://host",
    "https://host:8443?q"
  ])("origin of %s", (url) => {
    expect(originOfUrl(url)).toBe(new URL(url).origin)
  })

  it.each([
    "https://attacker.example\\@bank.example/api/notes/1",
    "HTTPS://attacker.example\\.bank.example/x",
    "https://a@b@bank.example/x",
    "https://bank.exa\tmple/x",
    "https://bank.example\n:8443/x",
    " https://bank.example/x\n",
    "http://h.example:0080/x",
    "https://h.example:/x",
    "wss://attacker.example\\@bank.example/socket"
  ])("origin of %j, written to mislead, is the one fetch() goes to", (url) => {
    expect(originOfUrl(url)).toBe(new URL(url).origin)
  })

  it("agrees with the WHATWG URL parser on any authority it accepts, or gives none", () => {
    const piece = fc.constantFrom(
      "a",
      "bank",
      ".",
      "example",
      "@",
      "\\",
      "/",
      "?",
      "#",
      ":",
      ":8080",
      "\t",
      "\n"
    )
    fc.assert(
      fc.property(
        fc.constantFrom("http", "https", "ws", "wss"),
        fc.array(piece, { maxLength: 12 }),
        (scheme, pieces) => {
          const url = `${scheme}://${pieces.join("")}`
          let expected: string | undefined
          try {
            expected = new URL(url).origin
          } catch {
            return // fetch() refuses it too: nothing is sent
          }
          const origin = originOfUrl(url)
          if (origin !== undefined) expect(origin).toBe(expected)
        }
      ),
      { numRuns: 2000 }
    )
  })

  it("rejects relative and scheme-less URLs", () => {
    expect(originOfUrl("/api/x")).toBeUndefined()
    expect(originOfUrl("http://")).toBeUndefined()
  })

  it("edits one query parameter and leaves the rest byte for byte", () => {
    const url = "http://h/p?a=%20x&rev=1&rev=2&b#frag"
    expect(hasQueryParam(url, "rev")).toBe(true)
    expect(withQueryParam(url, "rev", "3-c d")).toBe("http://h/p?a=%20x&rev=3-c%20d&b#frag")
    expect(withoutQueryParam(url, "rev")).toBe("http://h/p?a=%20x&b#frag")
    expect(withoutQueryParam("http://h/p?rev=1", "rev")).toBe("http://h/p")
    expect(pathAndQuery("http://h/p?a=1#x")).toBe("/p?a=1")
  })

  it("sets a value the URL parser reads back", () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (value, name) => {
        const url = withQueryParam("http://h/p?keep=1", name, value)
        expect(new URL(url).searchParams.get(name)).toBe(value)
        expect(new URL(url).searchParams.get("keep")).toBe(name === "keep" ? value : "1")
      })
    )
  })
})
