/** A party's identity as ARI's `CallerID` model carries it: `{ name, number }`, both strings. */
export interface CallerId {
  name: string;
  number: string;
}

/** The empty identity Asterisk reports for an unknown party. */
export function emptyCallerId(): CallerId {
  return { name: "", number: "" };
}

/**
 * Parses an originate `callerId` the way Asterisk's `ast_callerid_parse` does for the common
 * forms: `"Alice" <5551234>`, `Alice <5551234>`, `<5551234>`, or a bare number or name.
 */
export function parseCallerId(text: string): CallerId {
  const trimmed = text.trim();
  const open = trimmed.lastIndexOf("<");
  const close = trimmed.lastIndexOf(">");
  if (open !== -1 && close > open) {
    const name = trimmed.slice(0, open).trim().replace(/^"(.*)"$/, "$1");
    return { name, number: trimmed.slice(open + 1, close).trim() };
  }
  // A bare value is a number when it looks like one, otherwise a name.
  return /^[0-9+*#]+$/.test(trimmed) ? { name: "", number: trimmed } : { name: trimmed, number: "" };
}

/** True when two identities are equal field by field. */
export function sameCallerId(a: CallerId, b: CallerId): boolean {
  return a.name === b.name && a.number === b.number;
}
