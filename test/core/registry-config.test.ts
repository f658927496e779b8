import { SecretRef } from "cdktf-docker-environments";
import type { RegistryConfig } from "../../lib/core/registry-config";
import { registryTargetGroupHealthCheck } from "../../lib/core/registry-health-check";
import { checkRegistryReplicas, registrySecretVariables } from "../../lib/core/registry-replicas";
import { resolveRegistryConfig } from "../../lib/core/resolve-registry-config";
import { expectRefusal } from "../support/expect-refusal";

const WHERE = "stack/registry";
const TLS = { certificate: "/etc/docker/registry/tls/server.crt", key: "/etc/docker/registry/tls/server.key" };
const BASE: RegistryConfig = {
  storage: { filesystem: { rootDirectory: "/srv/registry" } },
  http: { tls: TLS },
  auth: { htpasswd: { path: "/etc/docker/registry/htpasswd" } },
};
const S3: RegistryConfig = {
  ...BASE,
  storage: { s3: { region: "eu-west-1", bucket: "acme-registry" }, cache: "redis" },
  redis: { addr: "redis.internal:6379" },
  http: {
    plainHttpBehindProxy: { reason: "the load balancer terminates TLS with an ACM certificate" },
    secret: SecretRef.ssmParameter("/registry/http-secret"),
  },
};

/** A deep merge of `patch` into BASE: objects merge, everything else replaces. */
function withPatch(patch: Record<string, unknown>, base: RegistryConfig = BASE): RegistryConfig {
  const merge = (a: unknown, b: unknown): unknown =>
    typeof a === "object" && a !== null && !Array.isArray(a) && typeof b === "object" && b !== null && !Array.isArray(b)
      ? Object.fromEntries(
          [...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => [k, k in b ? merge((a as never)[k], (b as never)[k]) : (a as never)[k]]),
        )
      : b;
  return merge(base, patch) as RegistryConfig;
}

type Case = [label: string, config: RegistryConfig, field: string, value: unknown, problem: RegExp];

const CASES: Case[] = [
  ["an unknown top-level option", withPatch({ notifications: {} }), "notifications", "notifications", /not an option of this section/],
  [
    "a misspelt option, with the closest known one",
    withPatch({ storage: { deleteEnable: true } }),
    "storage.deleteEnable",
    "deleteEnable",
    /did you mean "deleteEnabled"/,
  ],
  ["no storage driver", { ...BASE, storage: {} }, "storage", [], /needs one of s3, filesystem/],
  ["storage that is not an object", { ...BASE, storage: "s3" as never }, "storage", "s3", /must be an object/],
  [
    "s3 and filesystem together",
    withPatch({ storage: { s3: { region: "eu-west-1", bucket: "b-1" } } }),
    "storage",
    ["s3", "filesystem"],
    /s3 and filesystem conflict: choose one/,
  ],
  ["s3 without a bucket", { ...BASE, storage: { s3: { region: "eu-west-1" } as never } }, "storage.s3.bucket", undefined, /S3 storage needs a bucket/],
  [
    "an invalid bucket name",
    { ...BASE, storage: { s3: { region: "eu-west-1", bucket: "Acme_Registry" } } },
    "storage.s3.bucket",
    "Acme_Registry",
    /not an S3 bucket name/,
  ],
  ["an invalid region", { ...BASE, storage: { s3: { region: "Ireland", bucket: "acme" } } }, "storage.s3.region", "Ireland", /not an AWS region/],
  [
    "a static access key",
    { ...BASE, storage: { s3: { region: "eu-west-1", bucket: "acme", accesskey: "AKIAEXAMPLE" } as never } },
    "storage.s3.accesskey",
    "<redacted>",
    /static AWS keys are refused/,
  ],
  [
    "a static secret key (camelCase)",
    { ...BASE, storage: { s3: { region: "eu-west-1", bucket: "acme", secretKey: "wJalr" } as never } },
    "storage.s3.secretKey",
    "<redacted>",
    /static AWS keys are refused/,
  ],
  [
    "unencrypted S3",
    { ...BASE, storage: { s3: { region: "eu-west-1", bucket: "acme", encrypt: false as never } } },
    "storage.s3.encrypt",
    false,
    /without server-side encryption/,
  ],
  ["plain HTTP to S3", { ...BASE, storage: { s3: { region: "eu-west-1", bucket: "acme", secure: false as never } } }, "storage.s3.secure", false, /plain HTTP/],
  [
    "a KMS key that is not one",
    { ...BASE, storage: { s3: { region: "eu-west-1", bucket: "acme", keyId: "my key" } } },
    "storage.s3.keyId",
    "my key",
    /not a KMS key ARN, id or alias/,
  ],
  [
    "a chunk size below S3's minimum part",
    { ...BASE, storage: { s3: { region: "eu-west-1", bucket: "acme", chunkSize: 1024 } } },
    "storage.s3.chunkSize",
    1024,
    /5242880/,
  ],
  [
    "an http endpoint",
    { ...BASE, storage: { s3: { region: "eu-west-1", bucket: "acme", regionEndpoint: "http://minio:9000" } } },
    "storage.s3.regionEndpoint",
    "http://minio:9000",
    /not an https endpoint/,
  ],
  [
    "a relative filesystem root",
    withPatch({ storage: { filesystem: { rootDirectory: "data/registry" } } }),
    "storage.filesystem.rootDirectory",
    "data/registry",
    /absolute path/,
  ],
  [
    "a shared filesystem without a real reason",
    withPatch({ storage: { filesystem: { sharedAcrossReplicas: { reason: "yes" } } } }),
    "storage.filesystem.sharedAcrossReplicas.reason",
    "yes",
    /at least 10 characters/,
  ],
  ["the redis cache without redis", withPatch({ storage: { cache: "redis" } }), "storage.cache", "redis", /needs a redis section/],
  ["a redis section the cache does not use", withPatch({ redis: { addr: "redis:6379" } }), "storage.cache", "inmemory", /does not use it/],
  ["an unknown cache", withPatch({ storage: { cache: "memcached" } }), "storage.cache", "memcached", /not a blob-descriptor cache/],
  [
    "upload purging while read-only",
    withPatch({ storage: { readOnly: true, uploadPurging: { enabled: true } } }),
    "storage.uploadPurging.enabled",
    true,
    /read-only maintenance mode forbids/,
  ],
  ["a duration that Go cannot parse", withPatch({ storage: { uploadPurging: { age: "7 days" } } }), "storage.uploadPurging.age", "7 days", /not a Go duration/],
  ["no TLS and no terminator", { ...BASE, http: {} }, "http.tls", undefined, /plain HTTP: credentials and images in the clear/],
  [
    "TLS without a key",
    { ...BASE, http: { tls: { certificate: TLS.certificate } as never } },
    "http.tls.key",
    undefined,
    /half-configured: a certificate without a key/,
  ],
  [
    "TLS without a certificate",
    { ...BASE, http: { tls: { key: TLS.key } as never } },
    "http.tls.certificate",
    undefined,
    /half-configured: a key without a certificate/,
  ],
  ["TLS 1.0", { ...BASE, http: { tls: { ...TLS, minimumTls: "tls1.0" as never } } }, "http.tls.minimumTls", "tls1.0", /below 1\.2/],
  [
    "TLS and a terminator together",
    withPatch({ http: { plainHttpBehindProxy: { reason: "nginx terminates TLS in front" } } }),
    "http.plainHttpBehindProxy",
    { reason: "nginx terminates TLS in front" },
    /conflicts with http\.tls/,
  ],
  ["a bad listen address", withPatch({ http: { addr: "5000" } }), "http.addr", "5000", /not a listen address/],
  ["a host that is not https", withPatch({ http: { host: "http://registry.example.com" } }), "http.host", "http://registry.example.com", /not an https URL/],
  ["a literal http secret", withPatch({ http: { secret: "hunter2" } }), "http.secret", "<redacted literal>", /literal value/],
  [
    "a malformed secret reference",
    withPatch({ http: { secret: { kind: "vault", path: "x" } } }),
    "http.secret",
    { kind: "vault", path: "x" },
    /not a secret reference/,
  ],
  [
    "a weakened nosniff header",
    withPatch({ http: { headers: { "X-Content-Type-Options": ["sniff"] } } }),
    "http.headers.X-Content-Type-Options",
    ["sniff"],
    /weakens the nosniff header/,
  ],
  [
    "a header with a line break",
    withPatch({ http: { headers: { "X-A": ["a\r\nSet-Cookie: x"] } } }),
    "http.headers.X-A",
    ["a\r\nSet-Cookie: x"],
    /one-line strings/,
  ],
  ["a debug server on every interface", withPatch({ http: { debug: { addr: ":5001" } } }), "http.debug.addr", ":5001", /loopback only/],
  [
    "a debug server on the registry's address",
    withPatch({ http: { addr: "127.0.0.1:5000", debug: { addr: "127.0.0.1:5000" } } }),
    "http.debug.addr",
    "127.0.0.1:5000",
    /registry's own address/,
  ],
  ["no auth at all", { ...BASE, auth: {} }, "auth", [], /needs one of htpasswd, token, none/],
  [
    "htpasswd and token together",
    withPatch({ auth: { token: { realm: "https://auth.example.com/token", service: "registry", issuer: "auth", rootCertBundle: "/etc/registry/token.pem" } } }),
    "auth",
    ["htpasswd", "token"],
    /htpasswd and token conflict: choose one/,
  ],
  ["auth none without a reason", { ...BASE, auth: { none: {} as never } }, "auth.none.reason", undefined, /at least 10 characters/],
  ["a relative htpasswd path", { ...BASE, auth: { htpasswd: { path: "htpasswd" } } }, "auth.htpasswd.path", "htpasswd", /absolute path/],
  [
    "a token realm over http",
    { ...BASE, auth: { token: { realm: "http://auth/token", service: "registry", issuer: "auth", rootCertBundle: "/etc/registry/token.pem" } } },
    "auth.token.realm",
    "http://auth/token",
    /must be an https URL/,
  ],
  [
    "a literal redis password",
    withPatch({ storage: { cache: "redis" }, redis: { addr: "redis:6379", password: "pw" } }),
    "redis.password",
    "<redacted literal>",
    /literal value/,
  ],
  ["a bad redis address", withPatch({ storage: { cache: "redis" }, redis: { addr: "redis" } }), "redis.addr", "redis", /not a host:port/],
  ["an unknown log level", withPatch({ log: { level: "trace" } }), "log.level", "trace", /not a log level/],
  ["an unknown log formatter", withPatch({ log: { formatter: "xml" } }), "log.formatter", "xml", /not a log formatter/],
  ["a health threshold of 0", withPatch({ health: { storageDriver: { threshold: 0 } } }), "health.storageDriver.threshold", 0, /from 1 to 100/],
];

describe("resolveRegistryConfig refuses bad input with the field, the value and a fix", () => {
  test.each(CASES)("%s", (_label, config, field, value, problem) => {
    expectRefusal(() => resolveRegistryConfig(config, WHERE), { where: WHERE, field, value, problem });
  });

  test("several problems are reported in one pass, one per line", () => {
    const error = expectRefusal(() => resolveRegistryConfig({ ...BASE, http: {}, auth: {} }, WHERE), { where: WHERE, field: "auth" });
    expect(error.message.split("\n")).toHaveLength(2);
  });

  test("a secret never appears in a message", () => {
    const literal = expectRefusal(() => resolveRegistryConfig(withPatch({ http: { secret: "hunter2-very-secret" } }), WHERE), {
      where: WHERE,
      field: "http.secret",
    });
    expect(literal.message).not.toContain("hunter2");
    const key = expectRefusal(
      () => resolveRegistryConfig({ ...BASE, storage: { s3: { region: "eu-west-1", bucket: "acme", secretkey: "wJalrXUtnFEMI" } as never } }, WHERE),
      {
        where: WHERE,
        field: "storage.s3.secretkey",
      },
    );
    expect(key.message).not.toContain("wJalr");
  });

  test("deploy-time references skip the format checks", () => {
    const token = "${TfToken[TOKEN.1]}";
    const resolved = resolveRegistryConfig({ ...S3, storage: { ...S3.storage, s3: { region: "eu-west-1", bucket: token, keyId: token } } }, WHERE, {
      isUnresolved: (v) => v.includes("TfToken"),
    });
    expect(resolved.storage.driver).toMatchObject({ kind: "s3", bucket: token, keyId: token });
  });
});

describe("defaults", () => {
  test("the secure defaults apply without asking", () => {
    const r = resolveRegistryConfig(BASE, WHERE);
    expect(r.http).toMatchObject({
      addr: ":5000",
      tls: { ...TLS, minimumTls: "tls1.2", clientCas: [] },
      headers: { "X-Content-Type-Options": ["nosniff"] },
      debug: undefined,
    });
    expect(r.storage).toMatchObject({
      deleteEnabled: false,
      readOnly: false,
      cache: "inmemory",
      uploadPurging: { enabled: true, age: "168h", interval: "24h", dryRun: false },
    });
    expect(r.auth).toEqual({ kind: "htpasswd", path: "/etc/docker/registry/htpasswd", realm: "registry" });
    expect(r.log).toEqual({ level: "info", formatter: "json", accessLog: true, fields: { service: "registry" } });
    expect(r.health.storageDriver).toEqual({ enabled: true, interval: "10s", threshold: 3 });
  });

  test("read-only maintenance mode turns upload purging off", () => {
    expect(resolveRegistryConfig(withPatch({ storage: { readOnly: true } }), WHERE).storage.uploadPurging.enabled).toBe(false);
  });
});

describe("checkRegistryReplicas", () => {
  test("one replica on a filesystem is fine", () => {
    expect(() => checkRegistryReplicas(resolveRegistryConfig(BASE, WHERE), 1, WHERE)).not.toThrow();
  });

  test("refuses several replicas on one host's filesystem", () => {
    const config = resolveRegistryConfig(withPatch({ http: { secret: SecretRef.ssmParameter("/s") }, storage: { cache: "none" } }), WHERE);
    expectRefusal(() => checkRegistryReplicas(config, 2, WHERE), {
      where: WHERE,
      field: "replicas",
      value: 2,
      problem: /filesystem storage \(\/srv\/registry\) is one host's disk/,
    });
  });

  test("a declared shared filesystem may serve several replicas", () => {
    const config = resolveRegistryConfig(
      withPatch({
        http: { secret: SecretRef.ssmParameter("/s") },
        storage: { cache: "none", filesystem: { sharedAcrossReplicas: { reason: "both replicas run on this host and mount one volume" } } },
      }),
      WHERE,
    );
    expect(() => checkRegistryReplicas(config, 2, WHERE)).not.toThrow();
  });

  test("refuses replicas without a shared http.secret", () => {
    const config = resolveRegistryConfig({ ...S3, http: { plainHttpBehindProxy: { reason: "the load balancer terminates TLS" } } }, WHERE);
    expectRefusal(() => checkRegistryReplicas(config, 3, WHERE), {
      where: WHERE,
      field: "http.secret",
      value: undefined,
      problem: /3 replicas need one shared http\.secret/,
    });
  });

  test("refuses replicas with per-process in-memory caches", () => {
    const config = resolveRegistryConfig({ ...S3, storage: { s3: { region: "eu-west-1", bucket: "acme-registry" } }, redis: undefined }, WHERE);
    expectRefusal(() => checkRegistryReplicas(config, 2, WHERE), {
      where: WHERE,
      field: "storage.cache",
      value: "inmemory",
      problem: /disagree after a delete/,
    });
  });

  test("accepts S3 replicas sharing the secret and the redis cache, and refuses nonsense counts", () => {
    const config = resolveRegistryConfig(S3, WHERE);
    expect(() => checkRegistryReplicas(config, 3, WHERE)).not.toThrow();
    expectRefusal(() => checkRegistryReplicas(config, 0, WHERE), { where: WHERE, field: "replicas", value: 0, problem: /from 1 to 64/ });
    expectRefusal(() => checkRegistryReplicas(config, 1.5, WHERE), { where: WHERE, field: "replicas", value: 1.5, problem: /from 1 to 64/ });
  });

  test("the secrets a host sets at start are the registry's override variables", () => {
    const config = resolveRegistryConfig(
      { ...S3, redis: { addr: "redis.internal:6379", password: SecretRef.secretsManager("registry/redis", "password") } },
      WHERE,
    );
    expect(registrySecretVariables(config)).toEqual([
      { variable: "REGISTRY_HTTP_SECRET", secret: { kind: "ssm-parameter", name: "/registry/http-secret" } },
      { variable: "REGISTRY_REDIS_PASSWORD", secret: { kind: "secrets-manager", secretId: "registry/redis", jsonKey: "password" } },
    ]);
  });
});

describe("registryTargetGroupHealthCheck", () => {
  test("treats 401 on /v2/ as healthy", () => {
    expect(registryTargetGroupHealthCheck()).toEqual({
      enabled: true,
      protocol: "HTTP",
      path: "/v2/",
      port: "traffic-port",
      matcher: "200,401",
      interval: 15,
      timeout: 5,
      healthyThreshold: 2,
      unhealthyThreshold: 3,
    });
    expect(registryTargetGroupHealthCheck({ protocol: "HTTPS" }).protocol).toBe("HTTPS");
  });

  test("refuses settings the target group does not accept", () => {
    const where = "registry-health-check";
    expectRefusal(() => registryTargetGroupHealthCheck({ protocol: "TCP" as never }), {
      where,
      field: "protocol",
      value: "TCP",
      problem: /not a target group protocol/,
    });
    expectRefusal(() => registryTargetGroupHealthCheck({ intervalSeconds: 1 }), { where, field: "intervalSeconds", value: 1, problem: /from 5 to 300/ });
    expectRefusal(() => registryTargetGroupHealthCheck({ intervalSeconds: 10, timeoutSeconds: 10 }), {
      where,
      field: "timeoutSeconds",
      value: 10,
      problem: /shorter than the interval/,
    });
  });
});
