/**
 * What systemd does with a unit's `Exec*=` line and `EnvironmentFile=` layers, for the tests that
 * run a rendered unit's commands without a running systemd (systemd.service(5) "Command lines",
 * systemd.exec(5) "EnvironmentFile="; systemd 252 src/basic/extract-word.c, env-util.c):
 *
 * 1. at load: split into words, removing quotes (anywhere in a word) and resolving C escapes
 *    inside and outside quotes; then resolve specifiers in each word (`%%` is `%`);
 * 2. at exec: expand variables: `$$` is `$`, `${NAME}` is replaced inside a word, and a word that
 *    is exactly `$NAME` becomes the value split at whitespace.
 */

/** Command prefixes systemd allows before the path (`-` ignores failure, and so on). */
const PREFIX_CHARS = "-@:+!";
const WHITESPACE = " \t\n\r";

export interface ExecCommand {
  /** The prefix characters, e.g. `-` for ExecStartPre=-/usr/bin/docker rm … */
  readonly prefix: string;
  /** The words after quote removal, C unescaping and specifier resolution (variables untouched). */
  readonly words: string[];
}

/** Parses the value of one `Exec*=` line (one command; `;` separated lists are refused). */
export function parseExecLine(value: string): ExecCommand {
  const words: string[] = [];
  let i = 0;
  for (;;) {
    while (i < value.length && WHITESPACE.includes(value[i])) i++;
    if (i >= value.length) break;
    if (value[i] === ";" && (i + 1 === value.length || WHITESPACE.includes(value[i + 1]))) {
      throw new Error(`command lists (unquoted ";") are not supported: ${value}`);
    }
    let word = "";
    let quote = "";
    while (i < value.length) {
      const c = value[i];
      if (quote === "" && WHITESPACE.includes(c)) break;
      i++;
      if (c === "\\") {
        const [unescaped, length] = cunescapeOne(value, i);
        word += unescaped;
        i += length;
      } else if (quote !== "" && c === quote) {
        quote = "";
      } else if (quote === "" && (c === '"' || c === "'")) {
        quote = c;
      } else {
        word += c;
      }
    }
    if (quote !== "") throw new Error(`unterminated ${quote} quote in: ${value}`);
    words.push(resolveSpecifiers(word));
  }
  if (words.length === 0) throw new Error("empty command line");
  let prefixLength = 0;
  while (prefixLength < words[0].length && PREFIX_CHARS.includes(words[0][prefixLength])) prefixLength++;
  const prefix = words[0].slice(0, prefixLength);
  if (prefix.includes("@")) throw new Error(`the @ prefix (separate argv[0]) is not supported: ${value}`);
  words[0] = words[0].slice(prefixLength);
  return { prefix, words };
}

/** Expands variables in the words as systemd does when it executes the command. */
export function expandExecWords(words: readonly string[], environment: Readonly<Record<string, string>>): string[] {
  const argv: string[] = [];
  for (const word of words) {
    const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(word);
    if (whole) {
      argv.push(...(environment[whole[1]] ?? "").split(/[ \t\n\r]+/).filter(Boolean));
      continue;
    }
    argv.push(
      word.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (match, name: string | undefined) => (match === "$$" ? "$" : (environment[name as string] ?? ""))),
    );
  }
  return argv;
}

/** The argv systemd executes for an `Exec*=` value, given the unit's environment. */
export function execArgv(value: string, environment: Readonly<Record<string, string>> = {}): string[] {
  const { prefix, words } = parseExecLine(value);
  return prefix.includes(":") ? words : expandExecWords(words, environment);
}

/**
 * The values of every `Key=` line of a unit, in order. Lines end where systemd's reader ends them:
 * at `\n`, `\r\n`, a lone `\r` or NUL. Continued lines (a trailing backslash) are refused.
 */
export function unitValues(unit: string, key: string): string[] {
  return unit
    .split(/\r\n|[\r\n\0]/)
    .filter((line) => line.startsWith(`${key}=`))
    .map((line) => {
      if (line.endsWith("\\")) throw new Error(`continued ${key}= lines are not supported: ${line}`);
      return line.slice(key.length + 1);
    });
}

/**
 * Parses an environment file the way `EnvironmentFile=` reads simple ones: `KEY=VALUE` lines,
 * `#`/`;` comments, whitespace around the value trimmed, one level of "double" (with `\` escapes)
 * or 'single' quotes removed.
 */
export function parseEnvironmentFile(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new Error(`not a KEY=VALUE line: ${raw}`);
    let value = match[2];
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1).replace(/\\(["\\`$])/g, "$1");
    } else if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
      value = value.slice(1, -1);
    }
    result[match[1]] = value;
  }
  return result;
}

/** Merges environment files in the order systemd reads them: a later file wins. */
export function mergeEnvironmentFiles(texts: readonly string[]): Record<string, string> {
  return Object.assign({}, ...texts.map(parseEnvironmentFile)) as Record<string, string>;
}

/** One C escape after a backslash at value[i]: returns the text and how many characters it used. */
function cunescapeOne(value: string, i: number): [string, number] {
  const c = value[i];
  if (c === undefined) throw new Error(`trailing backslash in: ${value}`);
  const simple: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", '"': '"', "'": "'", s: " " };
  if (c in simple) return [simple[c], 1];
  const hex = (digits: number): [string, number] => {
    const h = value.slice(i + 1, i + 1 + digits);
    if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(h) || /^0+$/.test(h)) throw new Error(`bad \\${c} escape in: ${value}`);
    return [String.fromCodePoint(parseInt(h, 16)), 1 + digits];
  };
  if (c === "x") {
    const [byte, length] = hex(2);
    if (byte.charCodeAt(0) > 0x7f) throw new Error(`\\x escapes of non-ASCII bytes are not supported: ${value}`);
    return [byte, length];
  }
  if (c === "u") return hex(4);
  if (c === "U") return hex(8);
  if (/[0-7]/.test(c)) {
    const o = value.slice(i, i + 3);
    if (!/^[0-7]{3}$/.test(o) || o === "000") throw new Error(`bad octal escape in: ${value}`);
    return [String.fromCharCode(parseInt(o, 8)), 3];
  }
  throw new Error(`invalid escape \\${c} (systemd refuses the line): ${value}`);
}

/** Resolves `%%`; any other specifier depends on the unit instance and is refused here. */
function resolveSpecifiers(word: string): string {
  return word.replace(/%(.)?/g, (_match, next: string | undefined) => {
    if (next === "%") return "%";
    throw new Error(`specifier %${next ?? ""} in ${JSON.stringify(word)}: the renderer should have doubled the %`);
  });
}

/**
 * Words of an Exec*= value with no variable expansion allowed: a lone `$` that systemd would
 * expand is an error, so a quoting bug in the renderer fails a test instead of changing the argv.
 */
export function unquoteSystemdCommandLine(value: string): string[] {
  return parseExecLine(value).words.map((word) =>
    word.replace(/\$(.?)/gs, (_match, next: string) => {
      if (next === "$") return "$";
      throw new Error(`unescaped $ (systemd would expand a variable) in ${JSON.stringify(word)}`);
    }),
  );
}

/** The argv of the first `<key>=` line of a unit (e.g. ExecStart), strictly unquoted, prefixes removed. */
export function systemdExecArgv(unitText: string, key = "ExecStart"): string[] {
  const [value] = unitValues(unitText, key);
  if (value === undefined) throw new Error(`no ${key}= line in the unit`);
  return unquoteSystemdCommandLine(value);
}
