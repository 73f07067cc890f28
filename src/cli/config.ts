/**
 * The config file: `--config <file>`, else `etag-audit.config.json` or `.etag-auditrc.json` in the
 * working directory. Every key is optional and checked; an unknown key is an error (a typo must not
 * silently change what CI checks). Command-line options override the file.
 */
import { readFile } from "node:fs/promises"
import { dirname, join, resolve } from "node:path"
import { POLICY_SUMMARIES, type PolicySummary } from "../core/model"

export interface AuditConfig {
  readonly bodyTagFields?: readonly string[]
  readonly queryVersionParams?: readonly string[]
  readonly versionHeaders?: readonly string[]
  /** Body fields sent as the version the write makes (`--next-version-field`). */
  readonly nextVersionFields?: readonly string[]
  /** Known APIs whose version places are added (`--api`): the ids of API_PRESETS (core/api-presets.ts). */
  readonly apis?: readonly string[]
  readonly identityQueryParams?: readonly string[] | "all"
  /** Only these rules run. */
  readonly rules?: readonly string[]
  readonly disabledRules?: readonly string[]
  readonly failOn?: readonly string[]
  readonly policyOverrides?: Readonly<Record<string, PolicySummary>>
  readonly maxExchanges?: number
  /** A baseline file (`--baseline`), relative to the config file. */
  readonly baseline?: string
}

export const DEFAULT_CONFIG_NAMES = ["etag-audit.config.json", ".etag-auditrc.json"] as const

export class ConfigError extends Error {}

/** Reads the config named on the command line, or the first default one present; `{}` when none. */
export async function loadConfig(
  explicitPath: string | undefined,
  cwd: string
): Promise<{ config: AuditConfig; path?: string }> {
  const candidates = explicitPath ? [explicitPath] : DEFAULT_CONFIG_NAMES.map((name) => join(cwd, name))
  for (const path of candidates) {
    let text: string
    try {
      text = await readFile(path, "utf8")
    } catch (error) {
      if (!explicitPath && (error as NodeJS.ErrnoException).code === "ENOENT") continue
      throw new ConfigError(`${path}: cannot read the config file (${(error as Error).message})`)
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (error) {
      throw new ConfigError(`${path}: not valid JSON (${(error as Error).message})`)
    }
    return { config: validateConfig(json, path), path }
  }
  return { config: {} }
}

export function validateConfig(json: unknown, path: string): AuditConfig {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ConfigError(`${path}: the config must be a JSON object`)
  }
  const fail = (key: string, expected: string): never => {
    throw new ConfigError(`${path}: "${key}" must be ${expected}`)
  }
  const config: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(json)) {
    switch (key) {
      case "bodyTagFields":
      case "queryVersionParams":
      case "versionHeaders":
      case "nextVersionFields":
      case "apis":
      case "disabledRules":
        config[key] = isStringArray(value) ? value : fail(key, "an array of strings")
        break
      case "rules":
        // An empty list would run no rule and pass whatever the capture shows.
        config[key] =
          isStringArray(value) && value.length > 0
            ? value
            : fail(key, "a non-empty array of rule ids (leave it out to run every rule)")
        break
      case "identityQueryParams":
        // `*` keeps every parameter, as `--identity-query-param '*'` and the panel's Settings read it.
        config[key] =
          value === "all" || (isStringArray(value) && value.includes("*"))
            ? "all"
            : isStringArray(value)
              ? value
              : fail(key, 'an array of strings or "all"')
        break
      case "failOn":
        config[key] =
          typeof value === "string"
            ? [value]
            : isStringArray(value) && value.length > 0
              ? value
              : fail(key, 'a string or a non-empty array of strings ("none" never fails)')
        break
      case "maxExchanges":
        config[key] =
          Number.isInteger(value) && (value as number) > 0 ? value : fail(key, "a positive integer")
        break
      case "policyOverrides":
        config[key] = isPolicyOverrides(value)
          ? value
          : fail(key, `an object of scope → ${POLICY_SUMMARIES.join("|")}`)
        break
      case "baseline":
        config[key] =
          typeof value === "string" && value !== ""
            ? resolve(dirname(path), value)
            : fail(key, "the path of a baseline file")
        break
      case "$schema":
      case "//":
        break
      default:
        throw new ConfigError(`${path}: unknown key "${key}"`)
    }
  }
  return config as AuditConfig
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string")
}

function isPolicyOverrides(value: unknown): value is Record<string, PolicySummary> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false
  return Object.values(value).every((summary) => POLICY_SUMMARIES.includes(summary as PolicySummary))
}
