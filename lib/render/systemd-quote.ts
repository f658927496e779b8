/**
 * Quotes one argument for a systemd Exec*= line (systemd.service(5), "Command lines"):
 * `%` is a specifier and `$` an expansion in every word, so both are doubled; words with
 * whitespace, quotes, backslashes or `;` are double-quoted with C-style escapes.
 */
export function quoteSystemdArg(arg: string): string {
  const escaped = arg.replace(/%/g, "%%").replace(/\$/g, "$$$$");
  if (escaped !== "" && /^[A-Za-z0-9_@%+=:,./\-[\]$]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\t/g, "\\t")}"`;
}

export function systemdCommandLine(args: readonly string[]): string {
  return args.map(quoteSystemdArg).join(" ");
}
