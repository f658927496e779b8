import type { ContainerSettings } from "../core/container-settings";
import type { ContainerSpec } from "../core/container-spec";
import { formatImageReference, parseImageReference } from "../core/image-reference";
import { EXCEPTION_LABEL_PREFIX } from "../core/policy-exception";
import { ENVIRONMENT_NAME, isAbsolutePath } from "../core/quantities";
import { secretsHostDirectory } from "../core/resolve-secrets";
import type { SecretReference } from "../core/secret-reference";
import { secretReferenceProblem } from "../core/secret-reference";
import { SpecError } from "../core/spec-error";
import type { PolicyContext } from "../policy/container-rules";
import { validateContainer } from "../policy/validate-container";
import { dockerRunArgs } from "./docker-run-args";
import { systemdCommandLine } from "./systemd-quote";

/** Where the Docker CLI lives on Debian, Ubuntu, Amazon Linux and RHEL hosts. */
export const DOCKER_CLI = "/usr/bin/docker";

/** One configuration layer: an environment file on the host and the variables it defines. */
export interface EnvironmentLayer {
  /** Layer name, e.g. `cluster`, `common`, `local`. */
  readonly name: string;
  /** Absolute path of the file on the host. */
  readonly path: string;
  /** Variable names the file defines; passed into the container with `--env NAME`. */
  readonly variables: string[];
}

export interface SystemdUnitOptions {
  /**
   * Configuration layers, lowest precedence first: systemd reads them in order and a later
   * file wins, so list cluster-wide, then common, then local.
   * @default []
   */
  readonly environmentLayers?: EnvironmentLayer[];
  /**
   * Seconds systemd waits for the pull and start before giving up.
   * @default 600
   */
  readonly startTimeoutSeconds?: number;
  /**
   * Where the spec comes from, for error messages.
   * @default the spec name
   */
  readonly where?: string;
  /**
   * Policy context.
   * @default {}
   */
  readonly policy?: PolicyContext;
  /**
   * Secrets for programs that read them only from an environment variable (no `*_FILE`
   * support, e.g. distribution's `REGISTRY_HTTP_SECRET`). Before the start, each value is
   * fetched with the instance role into a root-only file in the unit's runtime directory
   * (`secretEnvironmentFile`, mode 0600, on tmpfs), which `EnvironmentFile=-` loads for
   * `ExecStart` (systemd reads it again for each command, so the file written by ExecStartPre
   * counts), and passed into the container with `--env NAME`. The value stays out of the unit,
   * the user data and the Terraform state; like any variable it is visible to `docker inspect`.
   * @default []
   */
  readonly secretEnvironment?: SecretEnvironmentVariable[];
}

/** One environment variable set from a secret reference when the unit starts. */
export interface SecretEnvironmentVariable {
  /** The variable name, e.g. `REGISTRY_HTTP_SECRET`. */
  readonly variable: string;
  /** Where the value comes from (SSM Parameter Store or Secrets Manager; a host file is read as is). */
  readonly secret: SecretReference;
}

/** The root-only file a unit writes its secret environment variables to before the start. */
export function secretEnvironmentFile(serviceName: string): string {
  // A name with a dot cannot collide with a secret's file (secret names are variable names).
  return `${secretsHostDirectory(serviceName)}/environment.env`;
}

/** The name of the unit that runs a service. */
export function unitName(serviceName: string): string {
  return `${serviceName}.service`;
}

/**
 * Renders a systemd service unit that runs the container in the foreground with
 * `docker run --rm`, so systemd is the only supervisor. Validates spec and policy first.
 */
export function renderSystemdUnit(spec: ContainerSpec, options: SystemdUnitOptions = {}): string {
  const where = options.where ?? `container ${spec?.name}`;
  const settings = validateContainer(spec, where, options.policy);
  return systemdUnitText(settings, options, where);
}

export function systemdUnitText(s: ContainerSettings, options: SystemdUnitOptions, where: string): string {
  const layers = options.environmentLayers ?? [];
  // Layer paths are written verbatim into EnvironmentFile= lines: no newline, whitespace, backslash or % specifier.
  layers.forEach((layer, i) => {
    if (!isAbsolutePath(layer?.path) || /[\s\\%]/.test(layer.path)) {
      throw new SpecError(
        where,
        `environmentLayers[${i}].path`,
        layer?.path,
        "not an absolute path without whitespace, backslashes or %",
        "use a path such as /etc/app/common.env",
      );
    }
    for (const name of layer.variables ?? []) {
      if (!ENVIRONMENT_NAME.test(name)) {
        throw new SpecError(
          where,
          `environmentLayers[${i}].variables`,
          name,
          "not a valid environment variable name",
          "use letters, digits and _ , not starting with a digit",
        );
      }
    }
  });
  const secretEnvironment = checkSecretEnvironment(options.secretEnvironment ?? [], layers, where);
  const passEnvironment = [...new Set([...layers.flatMap((l) => l.variables), ...secretEnvironment.map((v) => v.variable)])].sort();
  const run = [DOCKER_CLI, ...dockerRunArgs(s, "systemd", passEnvironment, where)];
  const restart = s.restart.policy === "no" ? "no" : s.restart.policy === "on-failure" ? "on-failure" : "always";
  const exceptions = Object.entries(s.labels).filter(([k]) => k.startsWith(EXCEPTION_LABEL_PREFIX));
  const secretNames = Object.keys(s.secrets).filter((name) => s.secrets[name].kind !== "host-file");

  const lines = [
    `# Rendered by cdktf-docker-environments for the service ${s.name}; do not edit on the host.`,
    ...exceptions.map(([k, reason]) => `# Policy exception ${k.slice(EXCEPTION_LABEL_PREFIX.length).toUpperCase()}: ${reason.replace(/[\r\n]+/g, " ")}`),
    "[Unit]",
    `Description=${s.name} container (${s.image})`,
    "Requires=docker.service",
    "After=docker.service network-online.target",
    "Wants=network-online.target",
    "StartLimitIntervalSec=300",
    `StartLimitBurst=${s.restart.policy === "on-failure" ? Math.max(1, s.restart.maxRetries ?? 5) : 5}`,
    "",
    "[Service]",
    "Type=exec",
    ...layers.map((l) => `EnvironmentFile=${l.path}`),
    ...(secretEnvironment.length ? [`EnvironmentFile=-${secretEnvironmentFile(s.name)}`] : []),
    `TimeoutStartSec=${options.startTimeoutSeconds ?? 600}`,
    `TimeoutStopSec=${s.stopTimeoutSeconds + 30}`,
    ...(secretNames.length || secretEnvironment.length
      ? [`RuntimeDirectory=${secretsHostDirectory(s.name).replace(/^\/run\//, "")}`, "RuntimeDirectoryMode=0700"]
      : []),
    `ExecStartPre=-${systemdCommandLine([DOCKER_CLI, "rm", "--force", s.name])}`,
    `ExecStartPre=${pullCommand(s.image)}`,
    ...secretNames.map((name) => `ExecStartPre=${fetchSecretCommand(s, name, s.secrets[name])}`),
    ...(secretEnvironment.length ? [`ExecStartPre=${fetchSecretEnvironmentCommand(s.name, secretEnvironment)}`] : []),
    `ExecStart=${systemdCommandLine(run)}`,
    `ExecStop=${systemdCommandLine([DOCKER_CLI, "stop", "--time", String(s.stopTimeoutSeconds), s.name])}`,
    `Restart=${restart}`,
    "RestartSec=5",
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ];
  return lines.join("\n");
}

/** A digest-pinned image is pulled only when missing; a tag is pulled every start to pick up a moved tag. */
function pullCommand(image: string): string {
  const ref = parseImageReference(image);
  if (typeof ref !== "string" && ref.digest) {
    const canonical = formatImageReference(ref);
    return systemdCommandLine(["/bin/sh", "-c", `${DOCKER_CLI} image inspect "$1" >/dev/null 2>&1 || ${DOCKER_CLI} pull "$1"`, "pull-if-missing", canonical]);
  }
  return systemdCommandLine([DOCKER_CLI, "pull", image]);
}

/** Fetches one secret with the instance role into the root-only runtime directory. */
function fetchSecretCommand(s: ContainerSettings, name: string, reference: SecretReference): string {
  const file = `${secretsHostDirectory(s.name)}/${name}`;
  const owner = /^\d+(:\d+)?$/.test(s.user ?? "") ? (s.user as string).split(":") : undefined;
  const install = owner ? `install -m 0400 -o ${owner[0]} -g ${owner[1] ?? owner[0]} /dev/stdin "$2"` : 'install -m 0444 /dev/stdin "$2"';
  let fetch: string;
  const args: string[] = [];
  if (reference.kind === "ssm-parameter") {
    fetch = 'aws ssm get-parameter --name "$1" --with-decryption --query Parameter.Value --output text';
    args.push(reference.name, file);
  } else if (reference.kind === "secrets-manager" && reference.jsonKey === undefined) {
    fetch = 'aws secretsmanager get-secret-value --secret-id "$1" --query SecretString --output text';
    args.push(reference.secretId, file);
  } else if (reference.kind === "secrets-manager") {
    fetch = 'aws secretsmanager get-secret-value --secret-id "$1" --query SecretString --output text | jq -er --arg key "$3" \'.[$key]\'';
    args.push(reference.secretId, file, reference.jsonKey as string);
  } else {
    throw new Error(`host-file secrets need no fetch (${name})`);
  }
  return systemdCommandLine(["/bin/sh", "-c", `set -eu; umask 077; value=$(${fetch}); printf '%s\\n' "$value" | ${install}`, `fetch-secret-${name}`, ...args]);
}

function checkSecretEnvironment(variables: SecretEnvironmentVariable[], layers: EnvironmentLayer[], where: string): SecretEnvironmentVariable[] {
  if (!Array.isArray(variables)) {
    throw new SpecError(
      where,
      "secretEnvironment",
      variables,
      "not a list",
      'pass [{ variable: "REGISTRY_HTTP_SECRET", secret: SecretRef.ssmParameter("/registry/http-secret") }]',
    );
  }
  const seen = new Set<string>();
  variables.forEach((v, i) => {
    const field = `secretEnvironment[${i}]`;
    if (typeof v?.variable !== "string" || !ENVIRONMENT_NAME.test(v.variable)) {
      throw new SpecError(
        where,
        `${field}.variable`,
        v?.variable,
        "not a valid environment variable name",
        "use letters, digits and _ , not starting with a digit",
      );
    }
    if (seen.has(v.variable) || layers.some((l) => (l.variables ?? []).includes(v.variable))) {
      throw new SpecError(
        where,
        `${field}.variable`,
        v.variable,
        "is set twice (by another secret or a configuration layer)",
        "set each variable in one place",
      );
    }
    seen.add(v.variable);
    if (typeof v.secret !== "object" || v.secret === null) {
      throw new SpecError(
        where,
        `${field}.secret`,
        "<redacted literal>",
        "a secret was given as a literal value",
        'pass SecretRef.ssmParameter("/name") instead',
      );
    }
    const problem = secretReferenceProblem(v.secret);
    if (problem)
      throw new SpecError(
        where,
        `${field}.secret`,
        v.secret,
        problem,
        'use SecretRef.ssmParameter("/name"), SecretRef.secretsManager("id") or SecretRef.hostFile("/abs/path")',
      );
  });
  return variables;
}

/**
 * Writes every secret variable to the root-only environment file as `NAME="value"` with the
 * escapes systemd's EnvironmentFile= parser undoes (backslash, double quote, dollar, backtick).
 * A value with a line break is refused: it cannot be one line of the file.
 */
function fetchSecretEnvironmentCommand(serviceName: string, variables: SecretEnvironmentVariable[]): string {
  const script = [
    "set -eu",
    "umask 077",
    "file=$1",
    "shift",
    ': > "$file.new"',
    'while [ "$#" -gt 0 ]; do name=$1; kind=$2; id=$3; key=$4; shift 4',
    'case "$kind" in ' +
      'ssm-parameter) value=$(aws ssm get-parameter --name "$id" --with-decryption --query Parameter.Value --output text) ;; ' +
      'secrets-manager) value=$(aws secretsmanager get-secret-value --secret-id "$id" --query SecretString --output text) ;; ' +
      String.raw`secrets-manager-json) value=$(aws secretsmanager get-secret-value --secret-id "$id" --query SecretString --output text | jq -er --arg key "$key" '.[$key]') ;; ` +
      'host-file) value=$(cat -- "$id") ;; ' +
      '*) echo "unknown secret kind $kind" >&2; exit 1 ;; esac',
    String.raw`if [ -z "$value" ] || [ "$(printf '%s' "$value" | wc -l)" -ne 0 ]; then echo "$name: the secret is empty or has a line break" >&2; exit 1; fi`,
    String.raw`printf '%s="%s"\n' "$name" "$(printf '%s' "$value" | sed 's/[\\"$` + "`" + String.raw`]/\\&/g')" >> "$file.new"`,
    "done",
    'mv -f "$file.new" "$file"',
  ].join("; ");
  const args = variables.flatMap(({ variable, secret }) =>
    secret.kind === "ssm-parameter"
      ? [variable, "ssm-parameter", secret.name, "-"]
      : secret.kind === "secrets-manager"
        ? secret.jsonKey === undefined
          ? [variable, "secrets-manager", secret.secretId, "-"]
          : [variable, "secrets-manager-json", secret.secretId, secret.jsonKey]
        : [variable, "host-file", secret.path, "-"],
  );
  return systemdCommandLine(["/bin/sh", "-c", script, "fetch-secret-environment", secretEnvironmentFile(serviceName), ...args]);
}
