import { describe, expect, it } from "vitest"

import { isSecretJsonField, isSecretQueryParam } from "../../../src/core/export/secret-names"

describe("isSecretQueryParam", () => {
  it("matches each credential family whatever its case, separators, prefix or brackets", () => {
    const secret = [
      "auth_token",
      "jwt",
      "client_assertion",
      "access-token",
      "ACCESS_TOKEN",
      "accessToken",
      " token ",
      "sig[]",
      "user[password]",
      "auth.token",
      "data[key]",
      "credentials[0]",
      "csrfmiddlewaretoken",
      "page_token",
      "nextPageToken",
      "X-Goog-Api-Key",
      "x_amz_signature",
      "secret_key",
      "private_key",
      "client_secret",
      "jsessionid",
      "PHPSESSID",
      "session_id",
      "user_session",
      "code_verifier",
      "id_token_hint",
      "SAMLResponse",
      "new_password",
      "password_confirmation",
      "otp",
      "pass"
    ]
    expect(secret.filter((name) => !isSecretQueryParam(name))).toEqual([])
  })

  it("keeps ordinary, grant-describing and version parameters", () => {
    const kept = [
      "page",
      "limit",
      "rev",
      "version",
      "sv",
      "se",
      "sp",
      "sr",
      "spr",
      "st",
      "state",
      "nonce",
      "code_challenge",
      "token_type",
      "token_type_hint",
      "tokenizer",
      "max_tokens",
      "partition_key",
      "idempotency_key",
      "public_key",
      "keyword",
      "SignatureVersion",
      "AWSAccessKeyId",
      "Key-Pair-Id",
      "Policy",
      "concurrencyToken",
      "secretary"
    ]
    expect(kept.filter((name) => isSecretQueryParam(name))).toEqual([])
  })
})

describe("isSecretJsonField", () => {
  it("matches token, secret, key and password fields whatever their case or separators", () => {
    const secret = [
      "token",
      "session_token",
      "authToken",
      "refresh_token",
      "id_token",
      "client_secret",
      "clientSecret",
      "apiKey",
      "api_key",
      "API-KEY",
      "privateKey",
      "password",
      "Password",
      "newPassword",
      "current_password",
      "password_confirmation",
      "passphrase",
      "SecretString",
      "pin"
    ]
    expect(secret.filter((name) => !isSecretJsonField(name))).toEqual([])
  })

  it("keeps the short names too common in JSON, and tag fields", () => {
    const kept = ["key", "code", "auth", "session", "sid", "title", "token_type", "expires_in"]
    const tagFields = ["_etag", "_rev", "@odata.etag", "concurrencyToken", "versionToken", "lock_version"]
    expect([...kept, ...tagFields].filter((name) => isSecretJsonField(name))).toEqual([])
  })
})
