/** What the lab's scenario page must show per policy: GET, PUT current tag, PUT without tag, PUT stale tag. */
export const EXPECTED_SCENARIO_STATUSES: Readonly<Record<string, string>> = {
  strict: "200 200 428 412",
  nox: "200 200 409 409",
  eve: "200 200 200 412",
  couch: "200 201 409 409",
  lax: "200 200 200 200",
  weak: "200 412 428 412",
  dated: "200 200 428 412",
  "dated-lax": "200 200 200 200",
  kube: "200 200 200 409",
  deflate: "200 412 200 412",
  farm: "200 412 428 412",
  "per-user": "200 200 428 412",
  spring: "200 200 200 409",
  contentful: "200 200 409 409",
  confluence: "200 200 400 409",
  "azure-devops": "200 200 200 409",
  fhir: "200 200 200 412",
  scim: "200 200 200 412",
  unmapped: "200 200 200 500"
}
