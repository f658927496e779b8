/**
 * Quotes one argument for a systemd Exec*= line (systemd.service(5), "Command lines"):
 * `%` is a specifier and `$` an expansion in every word, so both are doubled; words with
 * whitespace, quotes, backslashes or `;` are double-quoted with C-style escapes (newline, CR, tab).
 */
export function quoteSystemdArg(arg: string): string {
  const escaped = arg.replace(/%/g, "%%").replace(/\$/g, "$$$$");
  if (escaped !== "" && /^[A-Za-z0-9_@%+=:,./\-[\]$]+$/.test(escaped)) return escaped;
  // A raw CR would end the unit file line (systemd reads \n, \r\n and a lone \r as line ends).
  return `"${escaped.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t")}"`;
}

export function systemdCommandLine(args: readonly string[]): string {
  return args.map(quoteSystemdArg).join(" ");
}
