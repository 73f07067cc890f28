/** The lab's policies, registered in one place; the URL's `/api/<policy>/` picks one. */
import { azureDevOpsPolicy } from "./azure-devops"
import { confluencePolicy } from "./confluence"
import { contentfulPolicy } from "./contentful"
import { couchPolicy } from "./couch"
import { datedPolicy } from "./dated"
import { datedLaxPolicy } from "./dated-lax"
import { deflatePolicy } from "./deflate"
import { evePolicy } from "./eve"
import { farmPolicy } from "./farm"
import { fhirPolicy } from "./fhir"
import { kubePolicy } from "./kube"
import { laxPolicy } from "./lax"
import { noxPolicy } from "./nox"
import { perUserPolicy } from "./per-user"
import { scimPolicy } from "./scim"
import { springPolicy } from "./spring"
import { strictPolicy } from "./strict"
import { unmappedPolicy } from "./unmapped"
import type { LabPolicy } from "./types"
import { weakPolicy } from "./weak"

export const LAB_POLICIES: readonly LabPolicy[] = [
  strictPolicy,
  noxPolicy,
  evePolicy,
  couchPolicy,
  laxPolicy,
  weakPolicy,
  datedPolicy,
  datedLaxPolicy,
  kubePolicy,
  deflatePolicy,
  farmPolicy,
  perUserPolicy,
  springPolicy,
  contentfulPolicy,
  confluencePolicy,
  azureDevOpsPolicy,
  fhirPolicy,
  scimPolicy,
  unmappedPolicy
]

export type LabPolicyName =
  | "strict"
  | "nox"
  | "eve"
  | "couch"
  | "lax"
  | "weak"
  | "dated"
  | "dated-lax"
  | "kube"
  | "deflate"
  | "farm"
  | "per-user"
  | "spring"
  | "contentful"
  | "confluence"
  | "azure-devops"
  | "fhir"
  | "scim"
  | "unmapped"

export function findPolicy(name: string): LabPolicy | undefined {
  return LAB_POLICIES.find((policy) => policy.name === name)
}
