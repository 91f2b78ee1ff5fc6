/**
 * How deep a JSON request body may nest. V8's JSON.parse is iterative, but JSON.stringify and
 * every recursive walk after it (serialising a client's metadata, a flow's context, a JSON Patch
 * clone) exhaust the call stack a few thousand levels down: a 60 KB body of nested objects then
 * ended in a RangeError and a 500. Go's encoding/json stops at 10,000 levels (scanner.go
 * maxNestingDepth); no document Hydra's API takes (client metadata, login/consent context, JWKs)
 * comes near the bound below, which leaves every later walk far from the stack's end.
 */
export const MAX_JSON_DEPTH = 128;

/** Whether `text` opens more than `max` arrays or objects inside one another (strings skipped). */
export function jsonNestsDeeperThan(text: string, max: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character, a quote included
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
