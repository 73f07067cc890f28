/**
 * Presigned S3 URLs (AWS Signature Version 4, query-string authentication), as a web app's backend
 * hands them to the browser so that it calls the object store itself: only the `host` header is
 * signed, so the page may add If-Match or If-None-Match. Used by record-real-servers.ts for moto's
 * S3; the key is moto's documented test key, accepted by no real AWS account.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
 */
import { createHash, createHmac } from "node:crypto"

const ACCESS_KEY = "testing"
const SECRET_KEY = "testing"
const REGION = "us-east-1"

const hmac = (key: string | Buffer, text: string) => createHmac("sha256", key).update(text, "utf8").digest()
const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex")
/** RFC 3986 unreserved characters stay; everything else is %XX, as SigV4 canonical queries need. */
const encode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/** A URL that lets its bearer send `method` to `url` (an object's path-style URL) for `seconds`. */
export function presignS3Url(method: string, url: string, at: Date, seconds = 3600): string {
  const target = new URL(url)
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "") // 20261127T220000Z
  const day = stamp.slice(0, 8)
  const scope = `${day}/${REGION}/s3/aws4_request`
  const query: [string, string][] = [
    ["X-Amz-Algorithm", "AWS4-HMAC-SHA256"],
    ["X-Amz-Credential", `${ACCESS_KEY}/${scope}`],
    ["X-Amz-Date", stamp],
    ["X-Amz-Expires", String(seconds)],
    ["X-Amz-SignedHeaders", "host"]
  ]
  const canonicalQuery = query
    .map(([name, value]) => `${encode(name)}=${encode(value)}`)
    .sort()
    .join("&")
  const canonicalRequest = [
    method,
    target.pathname,
    canonicalQuery,
    `host:${target.host}\n`,
    "host",
    "UNSIGNED-PAYLOAD"
  ].join("\n")
  const toSign = ["AWS4-HMAC-SHA256", stamp, scope, sha256Hex(canonicalRequest)].join("\n")
  let key = hmac(`AWS4${SECRET_KEY}`, day)
  for (const part of [REGION, "s3", "aws4_request"]) key = hmac(key, part)
  const signature = createHmac("sha256", key).update(toSign, "utf8").digest("hex")
  return `${target.origin}${target.pathname}?${canonicalQuery}&X-Amz-Signature=${signature}`
}
