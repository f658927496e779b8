import { SecretRef } from "cdktf-docker-environments";
import type { RegistryConfig } from "../../lib/core/registry-config";

/** Host paths the variants refer to; the unit tests use fixed ones, the integration tests a temporary directory. */
export interface RegistryPaths {
  readonly storage: string;
  readonly certificate: string;
  readonly key: string;
  readonly htpasswd: string;
  readonly tokenBundle: string;
  readonly secretFile: string;
  readonly redisPasswordFile: string;
}

export const FIXED_PATHS: RegistryPaths = {
  storage: "/srv/registry",
  certificate: "/etc/docker/registry/tls/server.crt",
  key: "/etc/docker/registry/tls/server.key",
  htpasswd: "/etc/docker/registry/htpasswd",
  tokenBundle: "/etc/docker/registry/token-signers.pem",
  secretFile: "/run/registry/http-secret",
  redisPasswordFile: "/run/registry/redis-password",
};

/** Every registry configuration variant the library renders, by name, and where each can run. */
export function registryVariants(
  p: RegistryPaths,
  addr: { tls: string; plain: string; redis: string },
): Record<string, { config: RegistryConfig; runsLocally: boolean }> {
  const tls = { certificate: p.certificate, key: p.key };
  const htpasswd = { htpasswd: { path: p.htpasswd, realm: "cdktfde" } };
  return {
    "filesystem-tls-htpasswd": {
      runsLocally: true,
      config: {
        storage: { filesystem: { rootDirectory: p.storage }, deleteEnabled: true },
        http: { addr: addr.tls, tls },
        auth: htpasswd,
        log: { formatter: "text" },
      },
    },
    "read-only-maintenance": {
      runsLocally: true,
      config: {
        storage: { filesystem: { rootDirectory: p.storage }, readOnly: true },
        http: { addr: addr.tls, tls },
        auth: htpasswd,
        log: { formatter: "text" },
      },
    },
    "token-auth": {
      runsLocally: true,
      config: {
        storage: { filesystem: { rootDirectory: p.storage } },
        http: { addr: addr.tls, tls: { ...tls, minimumTls: "tls1.3" } },
        auth: {
          token: { realm: "https://auth.example.com/token", service: "registry.example.com", issuer: "auth.example.com", rootCertBundle: p.tokenBundle },
        },
      },
    },
    "open-pull-mirror": {
      runsLocally: true,
      config: {
        storage: { filesystem: { rootDirectory: p.storage } },
        http: { addr: addr.tls, tls },
        auth: { none: { reason: "a read-mostly mirror reachable only from the build network" } },
      },
    },
    "replica-behind-nginx": {
      runsLocally: true,
      config: {
        storage: {
          filesystem: { rootDirectory: p.storage, sharedAcrossReplicas: { reason: "the replicas run on one host and share its registry volume" } },
          cache: "redis",
        },
        redis: { addr: addr.redis, password: SecretRef.hostFile(p.redisPasswordFile), dialTimeout: "2s" },
        http: {
          addr: addr.plain,
          secret: SecretRef.hostFile(p.secretFile),
          plainHttpBehindProxy: { reason: "nginx on this host terminates TLS and is the replicas' only client" },
          relativeUrls: false,
        },
        auth: htpasswd,
        log: { formatter: "text", fields: { service: "registry", replica: "any" } },
      },
    },
    "s3-load-balanced": {
      // S3 is out of reach here: the registry starts and answers, but nothing is pushed.
      runsLocally: false,
      config: {
        storage: {
          s3: {
            region: "eu-west-1",
            bucket: "acme-registry-images",
            keyId: "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555",
            rootDirectory: "/registry",
            chunkSize: 16 * 1024 * 1024,
          },
          cache: "redis",
          deleteEnabled: true,
        },
        redis: { addr: addr.redis, password: SecretRef.ssmParameter("/registry/redis-password") },
        http: {
          addr: addr.plain,
          host: "https://registry.example.com",
          secret: SecretRef.ssmParameter("/registry/http-secret"),
          plainHttpBehindProxy: { reason: "the application load balancer terminates TLS with an ACM certificate" },
          headers: { "Strict-Transport-Security": ["max-age=31536000"] },
          debug: { addr: "127.0.0.1:5099", prometheus: true },
        },
        auth: htpasswd,
      },
    },
  };
}
