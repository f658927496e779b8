import { hashSync } from "bcryptjs";
import type { SecretReference } from "../core/secret-reference";
import { SpecError, SpecErrors } from "../core/spec-error";
import { shellQuote } from "./shell-quote";

/** A registry user with a password in hand: for tests and local registries only. */
export interface HtpasswdUser {
  readonly name: string;
  readonly password: string;
}

/** A registry user whose password stays in the secret store until the host hashes it. */
export interface HtpasswdUserReference {
  readonly name: string;
  readonly password: SecretReference;
}

/** bcrypt work factors accepted: below 10 is too cheap to guess against; above 14 slows every request (the registry checks the hash on each one). */
export const HTPASSWD_COST = { min: 10, max: 14, default: 10 } as const;

/** User names the registry's htpasswd parser and Docker's login accept: no `:`, no whitespace. */
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/**
 * Renders an htpasswd file of bcrypt hashes (`$2b$`, which distribution's Go bcrypt reads like
 * `htpasswd -B`'s `$2y$`) with bcryptjs. For tests and local registries: the passwords are in
 * this process's memory. Production hosts use renderHtpasswdScript, which hashes on the host.
 */
export function renderHtpasswd(users: readonly HtpasswdUser[], options: { readonly cost?: number; readonly where?: string } = {}): string {
  const where = options.where ?? "htpasswd";
  const cost = checkCost(where, options.cost);
  const errors = new SpecErrors(where);
  checkNames(errors, users);
  users.forEach((user, i) => {
    if (typeof user?.password !== "string" || user.password === "") {
      errors.add(`users[${i}].password`, "<redacted>", "the password is empty or not a string", "pass a non-empty password");
    } else if (Buffer.byteLength(user.password, "utf8") > 72) {
      errors.add(
        `users[${i}].password`,
        "<redacted>",
        "bcrypt ignores everything after the first 72 bytes of a password",
        "use a password of at most 72 bytes",
      );
    } else if (/[\r\n\0]/.test(user.password)) {
      errors.add(`users[${i}].password`, "<redacted>", "the password contains a line break or NUL", "use a one-line password");
    }
  });
  errors.throwIfAny();
  return users.map((user) => `${user.name}:${hashSync(user.password, cost)}\n`).join("");
}

export interface HtpasswdScriptOptions {
  /** Where the registry reads the file. @default "/etc/docker/registry/htpasswd" */
  readonly path?: string;
  /** bcrypt cost, 10-14. @default 10 */
  readonly cost?: number;
  /** Numeric owner of the file (the registry's user). @default 0 (root) */
  readonly uid?: number;
  /** Numeric group of the file. @default 0 (root) */
  readonly gid?: number;
  /** For error messages. @default "htpasswd" */
  readonly where?: string;
}

/**
 * Renders the host-side bash script that builds the htpasswd file at start: each password is
 * fetched from its reference with the instance role (SSM Parameter Store, Secrets Manager, or
 * a host file), hashed with `htpasswd -B` (apache2-utils) and never written anywhere in clear;
 * the finished file replaces the old one atomically, mode 0440. Needs `aws` (and `jq` for a
 * Secrets Manager JSON key) and `htpasswd` on the host.
 */
export function renderHtpasswdScript(users: readonly HtpasswdUserReference[], options: HtpasswdScriptOptions = {}): string {
  const where = options.where ?? "htpasswd";
  const cost = checkCost(where, options.cost);
  const path = options.path ?? "/etc/docker/registry/htpasswd";
  const errors = new SpecErrors(where);
  if (!/^\/[\w./-]+$/.test(path) || path.split("/").includes("..")) errors.add("path", path, "not an absolute path", "use e.g. /etc/docker/registry/htpasswd");
  for (const field of ["uid", "gid"] as const) {
    const id = options[field] ?? 0;
    if (!Number.isInteger(id) || id < 0 || id > 2 ** 31) errors.add(field, id, "not a numeric id", "use e.g. 0 or 65534");
  }
  checkNames(errors, users);
  const calls = users.map((user, i) => {
    const ref = user?.password as SecretReference | undefined;
    const field = `users[${i}].password`;
    if (typeof ref !== "object" || ref === null) {
      errors.add(
        field,
        "<redacted literal>",
        "a password was given as a literal value",
        `store it in SSM Parameter Store and pass SecretRef.ssmParameter("/registry/users/${user?.name ?? "name"}")`,
      );
      return "";
    }
    const args =
      ref.kind === "ssm-parameter"
        ? ["ssm-parameter", ref.name]
        : ref.kind === "secrets-manager"
          ? ref.jsonKey === undefined
            ? ["secrets-manager", ref.secretId]
            : ["secrets-manager-json", ref.secretId, ref.jsonKey]
          : ref.kind === "host-file"
            ? ["host-file", ref.path]
            : undefined;
    if (!args || args.some((a) => typeof a !== "string" || a === "" || /[\r\n\0]/.test(a))) {
      errors.add(
        field,
        ref,
        "not a secret reference",
        'use SecretRef.ssmParameter("/name"), SecretRef.secretsManager("id") or SecretRef.hostFile("/abs/path")',
      );
      return "";
    }
    return `add_user ${[user.name, ...args].map(shellQuote).join(" ")}`;
  });
  errors.throwIfAny();
  const target = shellQuote(path);
  return [
    "#!/bin/bash",
    "# Builds the registry's htpasswd file from secret references; rendered by cdktf-docker-environments.",
    "# Passwords are fetched with the instance role and bcrypt-hashed here; they are never written in clear.",
    "set -euo pipefail",
    "umask 077",
    "work=$(mktemp -d)",
    "trap 'rm -rf \"$work\"' EXIT",
    ': > "$work/htpasswd"',
    "",
    "# fetch_secret KIND ID [JSON_KEY]: prints the secret on stdout",
    "fetch_secret() {",
    '  case "$1" in',
    '    ssm-parameter) aws ssm get-parameter --name "$2" --with-decryption --query Parameter.Value --output text ;;',
    '    secrets-manager) aws secretsmanager get-secret-value --secret-id "$2" --query SecretString --output text ;;',
    '    secrets-manager-json) aws secretsmanager get-secret-value --secret-id "$2" --query SecretString --output text | jq -er --arg key "$3" \'.[$key]\' ;;',
    '    host-file) cat -- "$2" ;;',
    '    *) echo "htpasswd: unknown secret kind $1" >&2; return 1 ;;',
    "  esac",
    "}",
    "",
    "# add_user NAME KIND ID [JSON_KEY]: appends NAME's bcrypt hash",
    "add_user() {",
    "  local name=$1 password",
    "  shift",
    '  password=$(fetch_secret "$@")',
    '  if [ -z "$password" ]; then',
    '    echo "htpasswd: the password of $name is empty" >&2',
    "    exit 1",
    "  fi",
    '  if [ "$(printf \'%s\' "$password" | wc -c)" -gt 72 ]; then',
    '    echo "htpasswd: the password of $name is longer than the 72 bytes bcrypt reads" >&2',
    "    exit 1",
    "  fi",
    `  printf '%s\\n' "$password" | htpasswd -niB -C ${cost} "$name" | sed '/^$/d' >> "$work/htpasswd"`,
    "}",
    "",
    ...calls,
    "",
    `install -m 0440 -o ${options.uid ?? 0} -g ${options.gid ?? 0} "$work/htpasswd" ${shellQuote(`${path}.new`)}`,
    `mv -f ${shellQuote(`${path}.new`)} ${target}`,
    "",
  ].join("\n");
}

function checkCost(where: string, cost: number | undefined): number {
  const value = cost ?? HTPASSWD_COST.default;
  if (!Number.isInteger(value) || value < HTPASSWD_COST.min || value > HTPASSWD_COST.max) {
    throw new SpecError(where, "cost", value, `bcrypt cost must be ${HTPASSWD_COST.min}-${HTPASSWD_COST.max}`, `use ${HTPASSWD_COST.default}`);
  }
  return value;
}

function checkNames(errors: SpecErrors, users: readonly { name: string }[]): void {
  if (!Array.isArray(users) || users.length === 0) {
    errors.add("users", users, "an htpasswd file needs at least one user", 'pass [{ name: "ci", password: … }]');
    return;
  }
  const seen = new Set<string>();
  users.forEach((user, i) => {
    const name = user?.name;
    if (typeof name !== "string" || !USER_NAME.test(name)) {
      errors.add(`users[${i}].name`, name, "not a user name (1-64 of letters, digits, '.', '_', '@', '-'; no ':')", 'use e.g. "ci"');
    } else if (seen.has(name)) {
      errors.add(`users[${i}].name`, name, "the user is listed twice", "list each user once");
    }
    seen.add(name);
  });
}
