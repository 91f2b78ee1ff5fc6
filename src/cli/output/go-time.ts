/**
 * Go's `time.Time.String()` in the local zone, "2006-01-02 15:04:05 -0700 MST", which Hydra's
 * table output uses for expiry times (cmd/output_token.go rounds to the second first, and
 * cmd/output_introspection.go prints time.Unix(exp, 0)). Go takes the zone abbreviation from
 * tzdata; here it comes from Intl, which agrees for UTC and the North American zones and
 * otherwise falls back to Go's numeric form ("+03", "+0530") for zones it cannot name.
 */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function goTimeString(date: Date): string {
  const day = `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  const fraction = date.getMilliseconds() === 0 ? '' : `.${pad(date.getMilliseconds(), 3)}`.replace(/0+$/, '');
  return `${day} ${time}${fraction} ${numericOffset(date, true)} ${zoneName(date)}`;
}

/** `-0700` (long) or Go's unnamed-zone style `-07` / `+0530` (short). */
function numericOffset(date: Date, long: boolean): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const hours = pad(Math.floor(Math.abs(minutes) / 60));
  const rest = Math.abs(minutes) % 60;
  return long || rest !== 0 ? `${sign}${hours}${pad(rest)}` : `${sign}${hours}`;
}

function zoneName(date: Date): string {
  const { timeZone } = Intl.DateTimeFormat().resolvedOptions();
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 'UTC';
  const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
    .formatToParts(date)
    .find((p) => p.type === 'timeZoneName')?.value;
  if (!part || /^GMT[+-]/.test(part)) return numericOffset(date, false);
  return part;
}

/** Go's encoding of a time.Time in JSON: RFC 3339 with the fraction trimmed, local offset or "Z". */
export function goJsonTime(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const local = new Date(date.getTime() + minutes * 60_000);
  const iso = local.toISOString().replace(/\.?0*Z$/, '').replace(/(\.\d*?)0+$/, '$1');
  if (minutes === 0) return `${iso}Z`;
  const offset = numericOffset(date, true);
  return `${iso}${offset.slice(0, 3)}:${offset.slice(3)}`;
}

/** Go's zero time.Time, which oauth2.Token carries when the server sent no expires_in. */
export const GO_ZERO_TIME = { json: '0001-01-01T00:00:00Z', text: '0001-01-01 00:00:00 +0000 UTC' } as const;
