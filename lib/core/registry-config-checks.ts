import { closestMatch } from "./edit-distance";
import { secretReferenceProblem } from "./secret-reference";
import type { SecretReference } from "./secret-reference";
import type { SpecErrors } from "./spec-error";

/**
 * Small checks shared by the registry model's resolvers. Each adds a SpecError to `errors` and
 * returns false when the value is wrong. `unresolved` says whether a string is a deploy-time
 * reference (a cdktf token) whose format cannot be checked yet.
 */
export interface RegistryCheckContext {
  readonly errors: SpecErrors;
  readonly unresolved: (value: string) => boolean;
}

/** Go's time.ParseDuration format, as the registry reads durations: `10s`, `168h`, `1h30m`. */
export const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;

/** A human reason for an exception: one line, at least 10 characters. */
export function checkReason(c: RegistryCheckContext, field: string, reason: unknown): boolean {
  if (typeof reason === "string" && reason.trim().length >= 10 && !/[\r\n\0]/.test(reason)) return true;
  c.errors.add(
    field,
    reason,
    "an exception needs a one-line reason of at least 10 characters",
    'say why, e.g. "nginx on this host terminates TLS and is the registry\'s only client"',
  );
  return false;
}

/**
 * Refuses keys the model does not know (the registry itself would silently ignore most of
 * them), naming the closest known key. `special` gives a sharper message for known bad keys.
 */
export function checkKeys(
  c: RegistryCheckContext,
  field: string,
  value: object,
  allowed: readonly string[],
  special: Record<string, { problem: string; fix: string }> = {},
): void {
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    const path = field === "" ? key : `${field}.${key}`;
    const known = special[key] ?? special[key.toLowerCase()];
    if (known) {
      c.errors.add(path, "<redacted>", known.problem, known.fix);
      continue;
    }
    const guess = closestMatch(key, allowed);
    c.errors.add(path, key, "not an option of this section", guess ? `did you mean "${guess}"? Known options: ${allowed.join(", ")}` : "remove it");
  }
}

/** True when `value` is a plain object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function checkObject<T>(c: RegistryCheckContext, field: string, value: T, fix: string): value is NonNullable<T> {
  if (isObject(value)) return true;
  c.errors.add(field, value, "must be an object", fix);
  return false;
}

export function checkBoolean(c: RegistryCheckContext, field: string, value: unknown): boolean {
  if (value === undefined || typeof value === "boolean") return true;
  c.errors.add(field, value, "must be true or false", "use a boolean");
  return false;
}

export function checkDuration(c: RegistryCheckContext, field: string, value: unknown): boolean {
  if (value === undefined || (typeof value === "string" && GO_DURATION.test(value))) return true;
  c.errors.add(field, value, "not a Go duration", 'use e.g. "10s", "5m" or "168h"');
  return false;
}

export function checkString(c: RegistryCheckContext, field: string, value: unknown, pattern: RegExp, problem: string, fix: string): boolean {
  if (typeof value === "string" && (c.unresolved(value) || pattern.test(value))) return true;
  c.errors.add(field, value, problem, fix);
  return false;
}

export function checkInteger(c: RegistryCheckContext, field: string, value: unknown, min: number, max: number): boolean {
  if (value === undefined || (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max)) return true;
  c.errors.add(field, value, `not a whole number from ${min} to ${max}`, `use e.g. ${min}`);
  return false;
}

/** An absolute path without `..` and without characters that would break the file or a unit. */
export const ABSOLUTE_PATH = /^\/(?!.*(?:^|\/)\.\.(?:\/|$))[^\0\n\r]*$/;

export function checkAbsolutePath(c: RegistryCheckContext, field: string, value: unknown): boolean {
  return checkString(c, field, value, ABSOLUTE_PATH, "not an absolute path", "use an absolute path on the host, e.g. /etc/docker/registry/tls/server.crt");
}

/** `host:port` or `:port`; IPv6 hosts in brackets. */
export function checkListenAddress(c: RegistryCheckContext, field: string, value: unknown): boolean {
  const match = typeof value === "string" ? /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]*):(\d{1,5})$/.exec(value) : null;
  if ((typeof value === "string" && c.unresolved(value)) || (match && Number(match[2]) >= 1 && Number(match[2]) <= 65535)) return true;
  c.errors.add(field, value, "not a listen address", 'use "host:port" or ":port", e.g. ":5000" or "127.0.0.1:5001"');
  return false;
}

/** A secret reference, never a literal: the value must stay in the secret store. */
export function checkSecretReference(c: RegistryCheckContext, field: string, value: unknown, example: string): value is SecretReference {
  if (typeof value === "string") {
    c.errors.add(
      field,
      "<redacted literal>",
      "a secret was given as a literal value",
      `store it in SSM Parameter Store or Secrets Manager and pass SecretRef.ssmParameter("${example}")`,
    );
    return false;
  }
  const ok = isObject(value) && secretReferenceProblem(value as SecretReference) === undefined;
  if (!ok)
    c.errors.add(
      field,
      value,
      "not a secret reference",
      `use SecretRef.ssmParameter("${example}"), SecretRef.secretsManager("id") or SecretRef.hostFile("/abs/path")`,
    );
  return ok;
}

/** Exactly one of the keys is set; returns it, or undefined after adding an error. */
export function exactlyOne<K extends string>(c: RegistryCheckContext, field: string, value: object, keys: readonly K[], fix: string): K | undefined {
  const present = keys.filter((k) => (value as Record<string, unknown>)[k] !== undefined);
  if (present.length === 1) return present[0];
  c.errors.add(
    field,
    present.length ? present : Object.keys(value),
    present.length === 0 ? `needs one of ${keys.join(", ")}` : `${present.join(" and ")} conflict: choose one`,
    fix,
  );
  return undefined;
}
