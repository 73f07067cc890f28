/**
 * Whether an error's text says the request lacked a precondition or a version: servers that predate
 * RFC 6585's 428 answer 400 with words instead ("Precondition required", "If-Match header is
 * required", "ETag required", Confluence's "Must supply an incremented version … No version supplied").
 */
const SAYS_VERSION_REQUIRED =
  /precondition|if-match|etag|(version|_rev).{0,40}required|required.{0,40}version|(supply|provide|send|include).{0,40}version|no version/i

export function saysVersionRequired(text: string): boolean {
  return SAYS_VERSION_REQUIRED.test(text)
}
