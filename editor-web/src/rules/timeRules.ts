/** Times, dates and time zones as the runtime's BusinessHours reads them. */

/** Minutes since midnight of "HH:MM" (24:00 allowed), or undefined. */
export function parseTime(text: string): number | undefined {
  if (!/^[0-9]{2}:[0-9]{2}$/.test(text)) return undefined;
  const h = Number(text.slice(0, 2));
  const m = Number(text.slice(3));
  if (m > 59 || h > 24 || (h === 24 && m !== 0)) return undefined;
  return h * 60 + m;
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** True for a real ISO date YYYY-MM-DD. */
export function parseDate(text: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const days = [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days[mo - 1];
}

let canonical: Set<string> | undefined;

/**
 * True for an IANA id the platform's time zone database knows, spelled exactly (the compiler's
 * tzdb lookup is case-sensitive; Intl is not, and it also takes offsets, which are not ids).
 */
export function isKnownTimeZone(id: string): boolean {
  if (!/^[A-Za-z]/.test(id) || id !== id.trim()) return false;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: id }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  canonical ??= new Set(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []);
  if (canonical.has(id) || resolved === id || id === 'UTC') return true;
  // An alias (US/Eastern): accepted unless it is only a different spelling of a canonical id.
  return resolved.toLowerCase() !== id.toLowerCase() && !hasCanonicalIgnoringCase(id);
}

function hasCanonicalIgnoringCase(id: string): boolean {
  const lower = id.toLowerCase();
  for (const z of canonical ?? []) if (z.toLowerCase() === lower) return true;
  return false;
}
