/**
 * HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient
 * must also accept. All are GMT. Anything else is not a date: a precondition carrying it is ignored
 * by the server (§13.1.3, §13.1.4), so it is read as undefined here, never guessed.
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

/** `Sun, 06 Nov 1994 08:49:37 GMT` */
const IMF_FIXDATE = /^[A-Z][a-z]{2}, (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/
/** `Sunday, 06-Nov-94 08:49:37 GMT` */
const RFC_850 = /^[A-Z][a-z]+, (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/
/** `Sun Nov  6 08:49:37 1994` */
const ASCTIME = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/

/** Milliseconds since the epoch, or undefined when the text is not an HTTP-date. */
export function parseHttpDate(text: string): number | undefined {
  const value = text.trim()
  let match = IMF_FIXDATE.exec(value)
  if (match) return utc(match[3], match[2], match[1], match[4], match[5], match[6])
  match = RFC_850.exec(value)
  if (match) {
    // §5.6.7: a two-digit year more than 50 years in the future is in the past century.
    const twoDigits = Number(match[3])
    const thisYear = new Date().getUTCFullYear()
    let year = Math.floor(thisYear / 100) * 100 + twoDigits
    if (year > thisYear + 50) year -= 100
    return utc(String(year), match[2], match[1], match[4], match[5], match[6])
  }
  match = ASCTIME.exec(value)
  if (match) return utc(match[6], match[1], match[2].trim(), match[3], match[4], match[5])
  return undefined
}

function utc(
  year: string,
  monthName: string,
  day: string,
  hours: string,
  minutes: string,
  seconds: string
): number | undefined {
  const month = MONTHS.indexOf(monthName)
  const [d, h, m, s] = [Number(day), Number(hours), Number(minutes), Number(seconds)]
  if (month === -1 || d < 1 || d > 31 || h > 23 || m > 59 || s > 60) return undefined
  const millis = Date.UTC(Number(year), month, d, h, m, Math.min(s, 59))
  // Reject days past the month's end (Date.UTC would roll 31 Feb into March).
  return new Date(millis).getUTCDate() === d ? millis : undefined
}
