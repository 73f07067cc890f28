import { describe, expect, it } from "vitest"

import { isFhirVread, withoutFhirHistory } from "../../../src/core/traffic/fhir"
import { exchange } from "../../builders/exchange"

const BASE = "https://fhir.example/R4"

describe("withoutFhirHistory", () => {
  it("cuts a version's /_history/<vid> off the resource's URL, query kept", () => {
    expect(withoutFhirHistory(`${BASE}/Patient/7/_history/3`)).toBe(`${BASE}/Patient/7`)
    expect(withoutFhirHistory(`${BASE}/Patient/7/_history/3?_format=json`)).toBe(
      `${BASE}/Patient/7?_format=json`
    )
  })

  it("leaves a history list and other URLs as they are", () => {
    expect(withoutFhirHistory(`${BASE}/Patient/7/_history`)).toBe(`${BASE}/Patient/7/_history`)
    expect(withoutFhirHistory(`${BASE}/Patient/7`)).toBe(`${BASE}/Patient/7`)
  })
})

describe("isFhirVread", () => {
  const fhirJson = { "Content-Type": "application/fhir+json" }

  it("a GET of one version on FHIR content", () => {
    expect(isFhirVread(exchange({ url: `${BASE}/Patient/7/_history/3`, response: fhirJson }))).toBe(true)
    expect(
      isFhirVread(exchange({ url: `${BASE}/Patient/7/_history/3?_pretty=true`, response: fhirJson }))
    ).toBe(true)
  })

  it("not a history list, another method, or content that is not FHIR's", () => {
    expect(isFhirVread(exchange({ url: `${BASE}/Patient/7/_history`, response: fhirJson }))).toBe(false)
    expect(
      isFhirVread(exchange({ method: "PUT", url: `${BASE}/Patient/7/_history/3`, response: fhirJson }))
    ).toBe(false)
    const json = { "Content-Type": "application/json" }
    expect(isFhirVread(exchange({ url: `${BASE}/Patient/7/_history/3`, response: json }))).toBe(false)
  })
})
