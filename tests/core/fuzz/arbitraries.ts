/** Shared fast-check arbitraries and the run counts of the fuzz suite (issue #9: ≥ 100k cases in total). */
import fc from "fast-check"

/** Characters RFC 9110 allows inside an opaque-tag (etagc), plus a few obs-text ones. */
const ETAGC_CHARS = [..."!#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~", "é", "€", "\u00ff"]

export const etagcString = fc.string({ unit: fc.constantFrom(...ETAGC_CHARS), maxLength: 24 })

export const validTagText = fc
  .tuple(fc.boolean(), etagcString)
  .map(([weak, opaque]) => `${weak ? "W/" : ""}"${opaque}"`)

/** Strings biased toward the syntax the parsers care about: quotes, W/, commas, stars, escapes, spaces. */
export const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc
    .array(
      fc.constantFrom(
        '"',
        "W/",
        "w/",
        ",",
        "*",
        " ",
        "\t",
        "%22",
        "%2F",
        "%",
        "'",
        "(",
        ")",
        "=",
        "\\",
        "a",
        "1",
        "é",
        "\u0000",
        "/",
        "?",
        "#",
        ":",
        "@",
        "[",
        "]",
        ".",
        ".."
      ),
      { maxLength: 30 }
    )
    .map((parts) => parts.join(""))
)

/** URL-shaped strings: real web URLs, and URL syntax pieces glued at random. */
export const urlish = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc
    .tuple(
      fc.constantFrom("http://", "HTTPS://", "http://user:pw@", "ws://", "", "//", "data:", "x-y+z://"),
      fc.constantFrom("h", "Example.COM", "[::1]", "127.0.0.1", "h:8080", "h:80", "h:", "h:99x", ""),
      fc.array(
        fc.constantFrom(
          "/",
          "a",
          "..",
          ".",
          "%7e",
          "%2F",
          "Docs('a')",
          "Docs(ID='a')",
          "Books(1)",
          "(",
          "'",
          "=",
          ","
        ),
        { maxLength: 8 }
      ),
      fc.constantFrom("", "?", "?a=1&rev=2-x", "?rev=&&=", "#frag", "?x=%zz")
    )
    .map(([scheme, host, path, tail]) => scheme + host + path.join("") + tail),
  nastyString
)

export const RUNS = {
  roundTrip: 15_000,
  laws: 10_000,
  parseEntityTag: 15_000,
  parseTagCondition: 10_000,
  parsePrecondition: 5_000,
  resourceKey: 10_000,
  whatwgOrigin: 1_000,
  resolveUrl: 5_000,
  normalizeAnything: 10_000,
  normalizeMutated: 10_000,
  parseHarText: 5_000,
  truncatedHar: 2_000,
  jsonErrorOffset: 5_000
} as const

/** The total the suite runs, reported in docs/core-http.md. */
export const TOTAL_RUNS = Object.values(RUNS).reduce((sum, runs) => sum + runs, 0)
