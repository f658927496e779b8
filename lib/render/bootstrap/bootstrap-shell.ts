import { createHash } from "node:crypto";
import { BoundedMemo } from "../../core/bounded-memo";
import { shellQuote } from "../shell-quote";
import { BOOTSTRAP_STATE_DIRECTORY } from "./host-plan-checks";

export { shellQuote };

/** A command line from argv, for a shell. */
export function shellCommand(argv: string[]): string {
  return argv.map(shellQuote).join(" ");
}

/**
 * Downloads an apt signing key over HTTPS and installs it only if the fingerprints of its
 * primary keys are exactly the pinned one (a file with an extra key is refused too).
 * `$1` key URL, `$2` expected fingerprint, `$3` where to install the key.
 */
const FETCH_APT_KEY = [
  "work=$(mktemp -d)",
  "trap 'rm -rf \"$work\"' EXIT",
  'curl -fsSL --proto =https --tlsv1.2 --retry 5 --output "$work/key.asc" "$1"',
  'found=$(GNUPGHOME="$work" gpg --batch --show-keys --with-colons "$work/key.asc" |',
  '  awk -F: \'$1 == "pub" { primary = 1; next } $1 == "fpr" && primary { print $10; primary = 0 }\')',
  'if [ "$found" != "$2" ]; then',
  '  echo "refusing the apt key from $1: its primary key fingerprint is [$found], expected [$2]" >&2',
  "  exit 1",
  "fi",
  'install -D -m 0644 -o root -g root "$work/key.asc" "$3"',
].join("\n");

/** argv that fetches and checks an apt key; run it only while the key file is missing. */
export function fetchAptKeyArgv(keyUrl: string, fingerprint: string, keyPath: string): string[] {
  return ["/bin/sh", "-eu", "-c", FETCH_APT_KEY, "fetch-apt-key", keyUrl, fingerprint, keyPath];
}

/**
 * Runs one storage preparation command with `sh -eu`, then leaves a marker so that a
 * configuration-management re-run skips it (`creates:`). `$1` command, `$2` marker.
 */
const RUN_ONCE = ['/bin/sh -eu -c "$1"', 'install -d -m 0700 -o root -g root "${2%/*}"', ': >"$2"'].join("\n");

/** The marker a storage command leaves; named by the command's hash, so a changed command runs again. */
export function storageMarker(command: string): string {
  return storageMarkers.get(command, () => `${BOOTSTRAP_STATE_DIRECTORY}/storage-${createHash("sha256").update(command).digest("hex").slice(0, 16)}.done`);
}

/** Every host of a fleet prepares its storage with the same commands. */
const storageMarkers = new BoundedMemo<string>(1024);

/** argv that runs a storage preparation command once. */
export function runOnceArgv(command: string, marker: string): string[] {
  return ["/bin/sh", "-eu", "-c", RUN_ONCE, "prepare-storage", command, marker];
}

/**
 * Writes `content` to `path` with a quoted here-document (no expansion). The delimiter is
 * chosen so that no line of the content equals it.
 */
export function hereDocument(path: string, content: string): string {
  const lines = new Set(content.split("\n"));
  let delimiter = "CDKTF_DOCKER_HOST_EOF";
  for (let n = 2; lines.has(delimiter); n++) delimiter = `CDKTF_DOCKER_HOST_EOF_${n}`;
  const body = content.endsWith("\n") ? content : `${content}\n`;
  return `cat >${shellQuote(path)} <<'${delimiter}'\n${body}${delimiter}`;
}
