import type { Document, YAMLMap } from "yaml";
import { yamlLibrary } from "./yaml-library";
import type { RegistryConfig } from "../core/registry-config";
import { registrySecretVariables } from "../core/registry-replicas";
import { resolveRegistryConfig } from "../core/resolve-registry-config";
import type { ResolveRegistryOptions, ResolvedRegistryConfig } from "../core/resolve-registry-config";

export interface RegistryConfigYmlOptions extends ResolveRegistryOptions {
  /** Where the configuration comes from, for error messages. @default "registry" */
  readonly where?: string;
}

/**
 * Renders distribution 2.8's `config.yml` from the typed model (validated first; SpecError on
 * bad input). Secrets are not in the file: a header comment names the `REGISTRY_*` variables
 * the host must set from their references at start (distribution reads them as overrides), and
 * every declared exception's reason is a comment next to the setting it weakens.
 */
export function renderRegistryConfigYml(config: RegistryConfig, options: RegistryConfigYmlOptions = {}): string {
  const resolved = resolveRegistryConfig(config, options.where ?? "registry", options);
  return renderResolvedRegistryConfigYml(resolved);
}

/** The same, from an already resolved configuration. */
export function renderResolvedRegistryConfigYml(r: ResolvedRegistryConfig): string {
  const content = {
    version: 0.1,
    log: {
      level: r.log.level,
      formatter: r.log.formatter,
      ...(Object.keys(r.log.fields).length ? { fields: r.log.fields } : {}),
      accesslog: { disabled: !r.log.accessLog },
    },
    storage: storageSection(r),
    http: httpSection(r),
    auth: authSection(r),
    ...(r.redis ? { redis: redisSection(r.redis) } : {}),
    health: {
      storagedriver: { enabled: r.health.storageDriver.enabled, interval: r.health.storageDriver.interval, threshold: r.health.storageDriver.threshold },
    },
  };
  // YAML 1.1, as distribution's gopkg.in/yaml.v2 reads it: a log field "on" stays a string instead of a boolean.
  const doc = new (yamlLibrary().Document)(content, { version: "1.1" });
  const variables = registrySecretVariables(r);
  doc.commentBefore = [
    " distribution (docker-registry) 2.8 configuration, rendered by cdktf-docker-environments.",
    ...(variables.length
      ? [
          " Secrets are not in this file: set at start from their references, as overrides:",
          ...variables.map((v) => `   ${v.variable} (${describeReference(v)})`),
        ]
      : []),
  ].join("\n");
  const driver = r.storage.driver;
  if (driver.kind === "filesystem" && driver.sharedReason) {
    (doc.getIn(["storage", "filesystem"], true) as YAMLMap).commentBefore = ` Shared by every replica: ${driver.sharedReason}`;
  }
  if (r.http.plainHttpReason) (doc.get("http", true) as YAMLMap).commentBefore = ` Plain HTTP behind a TLS-terminating proxy: ${r.http.plainHttpReason}`;
  if (r.auth.kind === "none") commentKey(doc, "auth", ` No authentication (anyone who reaches the registry may push and pull): ${r.auth.reason}`);
  if (r.storage.readOnly)
    (doc.getIn(["storage", "maintenance"], true) as YAMLMap).commentBefore = " Read-only maintenance mode (for garbage collection): pushes are refused.";
  return doc.toString({ lineWidth: 0 });
}

/** A comment above a top-level key (for values that print on one line, such as `auth: {}`). */
function commentKey(doc: Document, key: string, comment: string): void {
  const { isScalar } = yamlLibrary();
  const pair = (doc.contents as YAMLMap).items.find((p) => isScalar(p.key) && p.key.value === key);
  if (pair && isScalar(pair.key)) pair.key.commentBefore = comment;
}

function describeReference(v: { secret: { kind: string; name?: string; secretId?: string; path?: string } }): string {
  const s = v.secret;
  return s.kind === "ssm-parameter" ? `SSM parameter ${s.name}` : s.kind === "secrets-manager" ? `Secrets Manager ${s.secretId}` : `host file ${s.path}`;
}

function storageSection(r: ResolvedRegistryConfig): Record<string, unknown> {
  const s = r.storage;
  const d = s.driver;
  const driver =
    d.kind === "s3"
      ? {
          s3: {
            region: d.region,
            ...(d.regionEndpoint ? { regionendpoint: d.regionEndpoint } : {}),
            bucket: d.bucket,
            encrypt: true,
            ...(d.keyId ? { keyid: d.keyId } : {}),
            secure: true,
            v4auth: true,
            ...(d.chunkSize ? { chunksize: d.chunkSize } : {}),
            ...(d.rootDirectory ? { rootdirectory: d.rootDirectory } : {}),
          },
        }
      : { filesystem: { rootdirectory: d.rootDirectory } };
  return {
    ...driver,
    delete: { enabled: s.deleteEnabled },
    maintenance: {
      uploadpurging: { enabled: s.uploadPurging.enabled, age: s.uploadPurging.age, interval: s.uploadPurging.interval, dryrun: s.uploadPurging.dryRun },
      readonly: { enabled: s.readOnly },
    },
    ...(s.cache === "none" ? {} : { cache: { blobdescriptor: s.cache } }),
  };
}

function httpSection(r: ResolvedRegistryConfig): Record<string, unknown> {
  const h = r.http;
  return {
    addr: h.addr,
    ...(h.host ? { host: h.host } : {}),
    ...(h.relativeUrls ? { relativeurls: true } : {}),
    ...(h.drainTimeout ? { draintimeout: h.drainTimeout } : {}),
    ...(h.tls
      ? {
          tls: {
            certificate: h.tls.certificate,
            key: h.tls.key,
            minimumtls: h.tls.minimumTls,
            ...(h.tls.clientCas.length ? { clientcas: h.tls.clientCas } : {}),
          },
        }
      : {}),
    headers: h.headers,
    ...(h.debug ? { debug: { addr: h.debug.addr, ...(h.debug.prometheus ? { prometheus: { enabled: true, path: "/metrics" } } : {}) } } : {}),
  };
}

function authSection(r: ResolvedRegistryConfig): Record<string, unknown> {
  const a = r.auth;
  if (a.kind === "htpasswd") return { htpasswd: { realm: a.realm, path: a.path } };
  if (a.kind === "token") {
    return {
      token: { realm: a.realm, service: a.service, issuer: a.issuer, rootcertbundle: a.rootCertBundle, ...(a.autoRedirect ? { autoredirect: true } : {}) },
    };
  }
  // distribution has no "none" provider: an empty auth section means no authentication.
  return {};
}

function redisSection(redis: NonNullable<ResolvedRegistryConfig["redis"]>): Record<string, unknown> {
  return {
    addr: redis.addr,
    db: redis.db,
    dialtimeout: redis.dialTimeout,
    readtimeout: redis.readTimeout,
    writetimeout: redis.writeTimeout,
    pool: { maxidle: redis.pool.maxIdle, maxactive: redis.pool.maxActive, idletimeout: redis.pool.idleTimeout },
  };
}
