import type { SecretReference } from "./secret-reference";

/**
 * A typed model of the CNCF distribution registry's `config.yml` (distribution 2.8, Debian's
 * `docker-registry` package; the file format is `version: 0.1`). Only the options this library
 * can vouch for are modelled; anything else is refused by `resolveRegistryConfig`, never passed
 * through. Secrets are references: the rendered file names where they come from, never the value.
 */
export interface RegistryConfig {
  /** Where blobs and manifests live: exactly one of `s3` or `filesystem`. */
  readonly storage: RegistryStorage;
  /** The HTTP listener: TLS (or a named upstream terminator), the shared secret, headers. */
  readonly http: RegistryHttp;
  /** Who may push and pull: exactly one of `htpasswd`, `token` or `none` (with a reason). */
  readonly auth: RegistryAuth;
  /**
   * Redis connection, used by the `redis` blob-descriptor cache (shared by every replica).
   * @default none (and then `storage.cache` cannot be "redis")
   */
  readonly redis?: RegistryRedis;
  /** Logging. @default level info, json formatter, access log on, field service=registry */
  readonly log?: RegistryLog;
  /** Health checks. @default the storage driver is checked every 10s, unhealthy after 3 failures */
  readonly health?: RegistryHealth;
}

export interface RegistryStorage {
  /** Amazon S3 through the instance role (no static keys). @default none */
  readonly s3?: RegistryS3Storage;
  /** A local directory (a dedicated volume): one replica only, unless shared deliberately. @default none */
  readonly filesystem?: RegistryFilesystemStorage;
  /**
   * Allow `DELETE` of manifests and blobs through the API (needed before garbage collection can
   * free deleted images).
   * @default false
   */
  readonly deleteEnabled?: boolean;
  /** Clean up abandoned uploads. @default enabled, age 168h, interval 24h, dryRun false */
  readonly uploadPurging?: RegistryUploadPurging;
  /**
   * Maintenance mode: refuse every write so garbage collection can run safely
   * (`storage.maintenance.readonly`). Upload purging is off while read-only.
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * The blob-descriptor cache: `inmemory` per process, `redis` shared by replicas (needs the
   * `redis` section), or `none`.
   * @default "inmemory"
   */
  readonly cache?: "inmemory" | "redis" | "none";
}

export interface RegistryS3Storage {
  /** The bucket's region, e.g. `eu-west-1`. */
  readonly region: string;
  /** The bucket name. */
  readonly bucket: string;
  /** Server-side encryption: always on; `false` is refused. @default true */
  readonly encrypt?: true;
  /** KMS key (ARN, id or alias) for SSE-KMS. @default SSE-S3 (S3-managed keys) */
  readonly keyId?: string;
  /** HTTPS to S3: always on; `false` is refused. @default true */
  readonly secure?: true;
  /** Signature version 4. @default true */
  readonly v4Auth?: true;
  /** A prefix inside the bucket, e.g. `/registry`. @default the bucket root */
  readonly rootDirectory?: string;
  /** Multipart chunk size in bytes, at least 5 MiB. @default the driver's 10 MiB */
  readonly chunkSize?: number;
  /** An HTTPS endpoint, e.g. an S3 VPC interface endpoint. @default AWS's regional endpoint */
  readonly regionEndpoint?: string;
}

export interface RegistryFilesystemStorage {
  /** Absolute directory, ideally on a dedicated encrypted volume. @default "/var/lib/registry" */
  readonly rootDirectory?: string;
  /**
   * Several replicas may share this directory only when it really is one filesystem for all of
   * them (replicas on one host, or a network filesystem). The reason is rendered into config.yml.
   * @default not shared: `checkRegistryReplicas` refuses more than one replica
   */
  readonly sharedAcrossReplicas?: { readonly reason: string };
}

export interface RegistryUploadPurging {
  /** @default true (false while read-only) */
  readonly enabled?: boolean;
  /** Purge uploads older than this (Go duration: `168h`). @default "168h" */
  readonly age?: string;
  /** How often to look. @default "24h" */
  readonly interval?: string;
  /** Only log what would be purged. @default false */
  readonly dryRun?: boolean;
}

export interface RegistryHttp {
  /** Listen address, `host:port` or `:port`. @default ":5000" */
  readonly addr?: string;
  /** The externally reachable URL (`https://registry.example.com`), for Location headers. @default derived from each request */
  readonly host?: string;
  /**
   * The secret that signs upload state; every replica behind a load balancer must share it.
   * Rendered as the `REGISTRY_HTTP_SECRET` variable the host sets from this reference at start.
   * @default none: the registry generates one per process (one replica only)
   */
  readonly secret?: SecretReference;
  /** TLS certificate and key files on the host (delivered by reference). @default none: then `plainHttpBehindProxy` is required */
  readonly tls?: RegistryTls;
  /**
   * The registry speaks plain HTTP because a load balancer or nginx in front terminates TLS and
   * is its only client. The reason is rendered into config.yml.
   * @default not allowed: `tls` is required
   */
  readonly plainHttpBehindProxy?: { readonly reason: string };
  /** Extra response headers (`X-Content-Type-Options: nosniff` is always set). @default {} */
  readonly headers?: Record<string, string[]>;
  /** Relative URLs in Location headers. @default false */
  readonly relativeUrls?: boolean;
  /** Wait this long for connections to drain on stop (Go duration). @default the registry's: none */
  readonly drainTimeout?: string;
  /**
   * The debug server (pprof, expvar, optionally Prometheus metrics) on a loopback address.
   * @default off
   */
  readonly debug?: { readonly addr: string; readonly prometheus?: boolean };
}

export interface RegistryTls {
  /** PEM certificate (chain) file. */
  readonly certificate: string;
  /** PEM private key file. */
  readonly key: string;
  /** Lowest TLS version. @default "tls1.2" */
  readonly minimumTls?: "tls1.2" | "tls1.3";
  /** CA files for client certificate authentication (mutual TLS). @default none */
  readonly clientCas?: string[];
}

export interface RegistryAuth {
  /** Basic auth from an htpasswd file of bcrypt hashes (see renderHtpasswd). @default none */
  readonly htpasswd?: { readonly path: string; readonly realm?: string };
  /** Bearer tokens from a token service. @default none */
  readonly token?: RegistryTokenAuth;
  /** No authentication: anyone who reaches the registry may push. Needs a reason. @default not allowed */
  readonly none?: { readonly reason: string };
}

export interface RegistryTokenAuth {
  /** The token service URL (https). */
  readonly realm: string;
  /** The service name tokens are issued for. */
  readonly service: string;
  /** The issuer tokens must name. */
  readonly issuer: string;
  /** PEM bundle of the certificates whose keys sign tokens. */
  readonly rootCertBundle: string;
  /** Redirect to the realm automatically. @default false */
  readonly autoRedirect?: boolean;
}

export interface RegistryRedis {
  /** `host:port` of the Redis server. */
  readonly addr: string;
  /** Database number. @default 0 */
  readonly db?: number;
  /** Password by reference, set at start as `REGISTRY_REDIS_PASSWORD`. @default none */
  readonly password?: SecretReference;
  /** Go durations. @default dial 10s, read 10s, write 10s */
  readonly dialTimeout?: string;
  readonly readTimeout?: string;
  readonly writeTimeout?: string;
  /** Connection pool. @default maxIdle 16, maxActive 64, idleTimeout 300s */
  readonly pool?: { readonly maxIdle?: number; readonly maxActive?: number; readonly idleTimeout?: string };
}

export interface RegistryLog {
  /** @default "info" */
  readonly level?: "error" | "warn" | "info" | "debug";
  /** @default "json" */
  readonly formatter?: "text" | "json" | "logstash";
  /** Log every request. @default true */
  readonly accessLog?: boolean;
  /** Static fields on every line. @default { service: "registry" } */
  readonly fields?: Record<string, string>;
}

export interface RegistryHealth {
  /** @default enabled, interval "10s", threshold 3 */
  readonly storageDriver?: { readonly enabled?: boolean; readonly interval?: string; readonly threshold?: number };
}
