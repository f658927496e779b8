/**
 * Quotes one word for a POSIX shell: left bare when it holds only safe characters, otherwise
 * `'...'` with `'` written as `'\''`.
 */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
