import type { ResolvedRegistryConfig } from "./resolve-registry-config";
import type { SecretReference } from "./secret-reference";
import { SpecError, SpecErrors } from "./spec-error";

/**
 * Checks that `replicas` copies of one registry configuration can run behind a load balancer.
 * Every replica must see the same storage, sign upload state with the same `http.secret`, and
 * agree on which blobs exist:
 *  - filesystem storage is one host's disk: more than one replica is refused unless the
 *    directory is declared shared (`storage.filesystem.sharedAcrossReplicas`, with a reason);
 *  - without a shared `http.secret` each replica signs uploads with its own random key, and an
 *    upload started on one replica fails on the next;
 *  - per-process `inmemory` caches diverge (a blob deleted through one replica is still
 *    "known" to the others): use the shared `redis` cache, or `none`.
 */
export function checkRegistryReplicas(config: ResolvedRegistryConfig, replicas: number, where: string): void {
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 64) {
    throw new SpecError(where, "replicas", replicas, "not a whole number from 1 to 64", "use e.g. 2");
  }
  if (replicas === 1) return;
  const errors = new SpecErrors(where);
  const driver = config.storage.driver;
  if (driver.kind === "filesystem" && driver.sharedReason === undefined) {
    errors.add(
      "replicas",
      replicas,
      `filesystem storage (${driver.rootDirectory}) is one host's disk: each replica would see different images`,
      "run 1 replica, use S3 storage, or declare storage.filesystem.sharedAcrossReplicas: { reason } when every replica mounts the same filesystem",
    );
  }
  if (config.http.secret === undefined) {
    errors.add(
      "http.secret",
      undefined,
      `${replicas} replicas need one shared http.secret: an upload started on one replica is refused by another`,
      'set http.secret: SecretRef.ssmParameter("/registry/http-secret") (a long random value)',
    );
  }
  if (config.storage.cache === "inmemory") {
    errors.add(
      "storage.cache",
      "inmemory",
      `${replicas} replicas would each keep their own blob-descriptor cache and disagree after a delete`,
      'use cache "redis" with a redis section shared by the replicas, or cache "none"',
    );
  }
  errors.throwIfAny();
}

/** A variable the host sets in the registry's environment from a secret reference at start. */
export interface RegistrySecretVariable {
  /** The registry's override variable, e.g. `REGISTRY_HTTP_SECRET`. */
  readonly variable: string;
  readonly secret: SecretReference;
}

/**
 * The secrets a registry needs at start, as the environment variables distribution reads to
 * override config.yml (`REGISTRY_<SECTION>_<KEY>`). The rendered file never holds them.
 */
export function registrySecretVariables(config: ResolvedRegistryConfig): RegistrySecretVariable[] {
  const variables: RegistrySecretVariable[] = [];
  if (config.http.secret) variables.push({ variable: "REGISTRY_HTTP_SECRET", secret: config.http.secret });
  if (config.redis?.password) variables.push({ variable: "REGISTRY_REDIS_PASSWORD", secret: config.redis.password });
  return variables;
}
