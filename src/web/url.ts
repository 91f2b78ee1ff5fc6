/** URL helpers shared by the flows and the endpoints that send the user agent on. */

/** `base` with the query parameter `name` set to `value` (replacing any of that name). */
export function withQuery(base: string, name: string, value: string): string {
  const url = new URL(base);
  url.searchParams.set(name, value);
  return url.toString();
}
