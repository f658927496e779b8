import type { ContainerSpec } from "../core/container-spec";
import { registrySecretVariables } from "../core/registry-replicas";
import type { ResolvedRegistryConfig } from "../core/resolve-registry-config";
import type { SecretReference } from "../core/secret-reference";
import type { HostService } from "./docker-host-plan";

/** distribution 2.8.3 (Docker Official Image, multi-arch index digest). */
export const DEFAULT_REGISTRY_IMAGE = "registry:2.8.3@sha256:a3d8aaa63ed8681a604f1dea0aa03f100d5895b6a58ace528858a7b332415373";
/** Redis 7.2.5 on Alpine (Docker Official Image, multi-arch index digest), for the blob-descriptor cache. */
export const DEFAULT_REDIS_IMAGE = "redis:7.2.5-alpine@sha256:6aaf3f5e6bc8a592fbfe2cccf19eb36d27c39d12dab4f4b01556b7449e7b1f44";
/** The registry's debug server inside its container (loopback of the container only): /debug/health for the engine's health check. */
export const REGISTRY_DEBUG_ADDR = "127.0.0.1:5001";
/** nobody:nogroup, the registry's user. */
export const REGISTRY_UID = 65534;

export interface RegistryServiceOptions {
  readonly image: string;
  /** Host path of the serving config.yml. */
  readonly configPath: string;
  /** Host path of the htpasswd file, when auth is htpasswd. */
  readonly htpasswdPath?: string;
  /** Host paths of certificate and key, when the registry serves TLS itself. */
  readonly tlsFiles?: { readonly certificate: string; readonly key: string };
  /** The named volume of filesystem storage. */
  readonly dataVolume?: string;
  readonly port: number;
  readonly memory: string;
}

/** The registry as a hardened container: non-root, read-only root, no capabilities, health-checked, secrets from references. */
export function registryHostService(config: ResolvedRegistryConfig, o: RegistryServiceOptions): HostService {
  const containerConfig = "/etc/docker/registry/config.yml";
  const binds = [
    { type: "bind" as const, source: o.configPath, target: containerConfig, readOnly: true },
    ...(o.htpasswdPath && config.auth.kind === "htpasswd" ? [{ type: "bind" as const, source: o.htpasswdPath, target: config.auth.path, readOnly: true }] : []),
    ...(o.tlsFiles && config.http.tls
      ? [
          { type: "bind" as const, source: o.tlsFiles.certificate, target: config.http.tls.certificate, readOnly: true },
          { type: "bind" as const, source: o.tlsFiles.key, target: config.http.tls.key, readOnly: true },
        ]
      : []),
  ];
  const spec: ContainerSpec = {
    name: "registry",
    image: o.image,
    user: `${REGISTRY_UID}:${REGISTRY_UID}`,
    ports: [{ containerPort: o.port, hostPort: o.port, hostIp: "0.0.0.0" }],
    mounts: [...binds, ...(o.dataVolume ? [{ type: "volume" as const, source: o.dataVolume, target: "/var/lib/registry" }] : [])],
    resources: { memory: o.memory, cpus: 1, pidsLimit: 256 },
    healthCheck: { command: `wget -q -O /dev/null http://${REGISTRY_DEBUG_ADDR}/debug/health`, intervalSeconds: 15, startPeriodSeconds: 10 },
    stopTimeoutSeconds: 30,
    exceptions: [
      { rule: "CIS-5.14", reason: "the load balancer reaches the registry on the host's private address; the security group admits only the load balancer" },
      { rule: "CIS-5.6", reason: "read-only binds of the registry's own config.yml, htpasswd and TLS files (single files, nothing else of /etc)" },
    ],
  };
  return { spec, secretEnvironment: registrySecretVariables(config).map((v) => ({ variable: v.variable, secret: v.secret })) };
}

/** The variable that carries the cache's password into the Redis container (set from the secret reference at start). */
export const REDIS_PASSWORD_VARIABLE = "REDIS_PASSWORD";

/**
 * The Redis container's entrypoint: reads the password from its environment and hands it to
 * `redis-server` as a config line on stdin (`requirepass "..."`, with `\\` and `"` escaped as
 * Redis' config parser expects), so it is neither on a command line nor in a file.
 */
export function redisEntrypointScript(port: number): string {
  return [
    "set -eu",
    `: "\${${REDIS_PASSWORD_VARIABLE}:?the cache password is not set}"`,
    `escaped=$(printf '%s' "$${REDIS_PASSWORD_VARIABLE}" | sed 's/[\\\\"]/\\\\&/g')`,
    `unset ${REDIS_PASSWORD_VARIABLE}`,
    `exec redis-server - --port ${port} --save '' --appendonly no --maxmemory 200mb --maxmemory-policy allkeys-lru <<EOF`,
    'requirepass "$escaped"',
    "EOF",
    "",
  ].join("\n");
}

/**
 * Redis for the shared blob-descriptor cache: metadata only (digest to size and media type; clients
 * verify content by digest), password required (from a secret reference, like the registry's
 * `REGISTRY_REDIS_PASSWORD`), no persistence, bounded memory with LRU eviction, hardened container
 * running as the image's redis user (999:1000 in the official Alpine image).
 */
export function redisCacheHostService(image: string, port: number, password: SecretReference): HostService {
  return {
    spec: {
      name: "registry-redis",
      image,
      user: "999:1000",
      entrypoint: ["/bin/sh"],
      command: ["-c", redisEntrypointScript(port), "redis-entrypoint"],
      ports: [{ containerPort: port, hostPort: port, hostIp: "0.0.0.0" }],
      resources: { memory: "256m", cpus: 0.5, pidsLimit: 128 },
      healthCheck: { command: `REDISCLI_AUTH="$${REDIS_PASSWORD_VARIABLE}" redis-cli -p ${port} ping | grep -q PONG`, intervalSeconds: 15 },
      exceptions: [{ rule: "CIS-5.14", reason: "the registry replicas on other hosts use this cache; the security group admits only them" }],
    },
    secretEnvironment: [{ variable: REDIS_PASSWORD_VARIABLE, secret: password }],
  };
}
