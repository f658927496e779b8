/**
 * Reads a systemd Exec*= command line back into the argv the service manager executes,
 * following systemd.service(5) "Command lines" and systemd.syntax(7):
 *
 *  1. words are split at unquoted whitespace; '…' and "…" quote, and C-style escapes
 *     (\n, \t, \\, \", \xHH, \NNN octal, …) are decoded inside and outside quotes;
 *  2. specifiers: `%%` is a literal `%`; any other `%x` would be expanded by systemd;
 *  3. at exec time `$$` is a literal `$`; `$NAME` / `${NAME}` would be expanded.
 *
 * Anything that systemd would expand (a lone `%` or `$`) is an error here, so a quoting bug
 * in the renderer shows up as a failing test rather than as a silently different argv.
 */
export function unquoteSystemdCommandLine(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  const WHITESPACE = " \t\n\r";
  for (;;) {
    while (i < line.length && WHITESPACE.includes(line[i])) i++;
    if (i >= line.length) break;
    let word = "";
    let quote: '"' | "'" | undefined;
    for (; i < line.length; i++) {
      const ch = line[i];
      if (quote === undefined && WHITESPACE.includes(ch)) break;
      if (ch === "\\") {
        const [text, length] = unescapeOne(line, i + 1);
        word += text;
        i += length;
      } else if (quote !== undefined && ch === quote) {
        quote = undefined;
      } else if (quote === undefined && (ch === '"' || ch === "'")) {
        quote = ch;
      } else {
        word += ch;
      }
    }
    if (quote !== undefined) throw new Error(`unterminated ${quote} quote in: ${line}`);
    words.push(expandDollars(expandSpecifiers(word)));
  }
  return words;
}

/** The argv of the first `<key>=` line of a unit (e.g. ExecStart), without the `-@:+!` prefixes. */
export function systemdExecArgv(unitText: string, key = "ExecStart"): string[] {
  const lines = unitText.split("\n");
  const line = lines.find((l) => l.startsWith(`${key}=`));
  if (line === undefined) throw new Error(`no ${key}= line in the unit`);
  if (line.endsWith("\\")) throw new Error(`${key}= is continued on the next line; not supported here`);
  const argv = unquoteSystemdCommandLine(line.slice(key.length + 1));
  if (argv.length > 0) argv[0] = argv[0].replace(/^[-@:+!]+/, "");
  return argv;
}

function unescapeOne(text: string, at: number): [string, number] {
  const ch = text[at];
  if (ch === undefined) throw new Error(`a backslash ends the line: ${text}`);
  const simple: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", '"': '"', "'": "'", s: " " };
  if (ch in simple) return [simple[ch], 1];
  if (ch === "x") {
    const hex = text.slice(at + 1, at + 3);
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new Error(`bad \\x escape in: ${text}`);
    return [String.fromCharCode(parseInt(hex, 16)), 3];
  }
  if (ch === "u" || ch === "U") {
    const n = ch === "u" ? 4 : 8;
    const hex = text.slice(at + 1, at + 1 + n);
    if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new Error(`bad \\${ch} escape in: ${text}`);
    return [String.fromCodePoint(parseInt(hex, 16)), 1 + n];
  }
  if (/[0-7]/.test(ch)) {
    const octal = text.slice(at, at + 3);
    if (!/^[0-7]{3}$/.test(octal)) throw new Error(`bad octal escape in: ${text}`);
    return [String.fromCharCode(parseInt(octal, 8)), 3];
  }
  throw new Error(`unknown escape \\${ch} (systemd would warn and drop it) in: ${text}`);
}

function expandSpecifiers(word: string): string {
  return word.replace(/%(.?)/gs, (_m, next: string) => {
    if (next === "%") return "%";
    throw new Error(`unescaped specifier %${next} in ${JSON.stringify(word)}`);
  });
}

function expandDollars(word: string): string {
  return word.replace(/\$(.?)/gs, (_m, next: string) => {
    if (next === "$") return "$";
    throw new Error(`unescaped $ (systemd would expand a variable) in ${JSON.stringify(word)}`);
  });
}
