/**
 * Which web links the desktop app opens in the browser: https only, and only to a host that
 * the content the app shows links to (playbooks, battlecards: the company's or the bundled
 * ones) or the sync server the device is enrolled with. Anything else a page tries to open
 * (a crafted link in a pulled battlecard to another host is still allowed if the text shows
 * it; a script opening an arbitrary URL is not) stays closed.
 */
const URL_IN_TEXT = /\bhttps:\/\/[^\s<>()"'`]+/gi;

/** The hosts of every https link in the texts, lower-case, sorted, once each. */
export function linkHostsIn(texts: Iterable<string>): string[] {
  const hosts = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(URL_IN_TEXT)) {
      try {
        hosts.add(new URL(m[0]).hostname.toLowerCase());
      } catch {
        // not a URL after all
      }
    }
  }
  return [...hosts].sort();
}

/** Whether the app may hand `url` to the OS browser. */
export function externalLinkAllowed(url: string, allowedHosts: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username || u.password) return false;
  return allowedHosts.includes(u.hostname.toLowerCase());
}
