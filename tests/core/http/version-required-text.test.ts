import { describe, expect, it } from "vitest"

import { saysVersionRequired } from "../../../src/core/http/version-required-text"

describe("saysVersionRequired: a 400's words for 'precondition required'", () => {
  it.each([
    "Precondition Required",
    "The If-Match header is required for updates",
    "ETag missing",
    "A version is required",
    "_rev required",
    "Must supply an incremented version when updating Content. No version supplied.",
    "Please include the version of the document",
    // Microsoft's FHIR server with versioned-update (an OperationOutcome's diagnostics): FHIR's way
    // to require If-Match is a 400.
    "A valid if-match header is required for resource type 'Patient'."
  ])("says so: %s", (text) => {
    expect(saysVersionRequired(text)).toBe(true)
  })

  it.each([
    "The field version must be an integer.",
    "The body is not valid JSON.",
    "Bad Request",
    "Title is required"
  ])("does not: %s", (text) => {
    expect(saysVersionRequired(text)).toBe(false)
  })
})
