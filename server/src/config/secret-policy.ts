/**
 * What an `AUTH_SECRET` outside the demo must be, and which defaults deserve a warning. Anyone
 * holding the secret can sign a supervisor token, so a secret printed in this repository or one a
 * person could guess is refused.
 */

/** The fixed secret the demo uses when AUTH_SECRET is unset, so `npm run token` works beside it. */
export const DEMO_AUTH_SECRET = "demo-only-secret-change-me-0123456789abcdef";

/** Secrets published in this repository: refused outside the demo. */
export const KNOWN_DEMO_SECRETS: readonly string[] = [DEMO_AUTH_SECRET];

/**
 * Least estimated entropy of a secret, in bits: its length times the Shannon entropy of its own
 * characters. A random 32-character hex string (128 bits) estimates at 94 bits or more, 32 × `a`
 * at 0, a repeated word far below its length.
 */
export const minSecretEntropyBits = 80;

/** Length × Shannon entropy (bits per character) of the characters of `text`: a cheap upper bound of a guess's cost. */
export function estimatedEntropyBits(text: string): number {
  const chars = [...text];
  const counts = new Map<string, number>();
  for (const char of chars) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bitsPerChar = 0;
  for (const count of counts.values()) {
    const p = count / chars.length;
    bitsPerChar -= p * Math.log2(p);
  }
  return chars.length * bitsPerChar;
}

/** True when `text` is a shorter string repeated ("abcabcabc"). */
function isRepetition(text: string): boolean {
  return (text + text).indexOf(text, 1) < text.length;
}

/**
 * Why `secret` must not sign tokens outside the demo, or null when it may.
 * Refused: a secret published in this repository, one that repeats a shorter string, or one whose
 * estimated entropy is under {@link minSecretEntropyBits}.
 */
export function weakSecretReason(secret: string): string | null {
  if (KNOWN_DEMO_SECRETS.includes(secret)) return "AUTH_SECRET is the demo secret published in the source; generate one with `openssl rand -hex 32`";
  if (isRepetition(secret)) return "AUTH_SECRET repeats a shorter string; generate one with `openssl rand -hex 32`";
  const bits = estimatedEntropyBits(secret);
  if (bits < minSecretEntropyBits) {
    return `AUTH_SECRET has too little entropy (about ${Math.floor(bits)} bits, at least ${minSecretEntropyBits} needed); generate one with \`openssl rand -hex 32\``;
  }
  return null;
}

/** The ARI user and password Asterisk's sample `ari.conf` and this server default to. */
export const DEFAULT_ARI_CREDENTIALS = { username: "asterisk", password: "asterisk" } as const;

/** Warnings for a configuration that starts but should not stay so (default ARI credentials against a real Asterisk). */
export function configWarnings(config: { ariUrl: string | undefined; ariUsername: string; ariPassword: string }): string[] {
  const warnings: string[] = [];
  if (config.ariUrl !== undefined && config.ariUsername === DEFAULT_ARI_CREDENTIALS.username && config.ariPassword === DEFAULT_ARI_CREDENTIALS.password) {
    warnings.push("ARI_USERNAME/ARI_PASSWORD are the default asterisk/asterisk; set a user and password of your own in ari.conf and here");
  }
  return warnings;
}
