import type { RegistryConfig } from "./registry-config";
import type { RegistryCheckContext } from "./registry-config-checks";
import {
  checkAbsolutePath,
  checkBoolean,
  checkDuration,
  checkInteger,
  checkKeys,
  checkListenAddress,
  checkObject,
  checkReason,
  checkSecretReference,
  checkString,
  exactlyOne,
  isObject,
} from "./registry-config-checks";
import { resolveRegistryStorage } from "./resolve-registry-storage";
import type { ResolvedRegistryStorage } from "./resolve-registry-storage";
import type { SecretReference } from "./secret-reference";
import { SpecErrors } from "./spec-error";

/** The registry model with every default applied; what the renderers read. */
export interface ResolvedRegistryConfig {
  readonly storage: ResolvedRegistryStorage;
  readonly http: {
    readonly addr: string;
    readonly host?: string;
    readonly secret?: SecretReference;
    readonly tls?: { readonly certificate: string; readonly key: string; readonly minimumTls: "tls1.2" | "tls1.3"; readonly clientCas: string[] };
    readonly plainHttpReason?: string;
    readonly headers: Record<string, string[]>;
    readonly relativeUrls: boolean;
    readonly drainTimeout?: string;
    readonly debug?: { readonly addr: string; readonly prometheus: boolean };
  };
  readonly auth:
    | { readonly kind: "htpasswd"; readonly realm: string; readonly path: string }
    | {
        readonly kind: "token";
        readonly realm: string;
        readonly service: string;
        readonly issuer: string;
        readonly rootCertBundle: string;
        readonly autoRedirect: boolean;
      }
    | { readonly kind: "none"; readonly reason: string };
  readonly redis?: {
    readonly addr: string;
    readonly db: number;
    readonly password?: SecretReference;
    readonly dialTimeout: string;
    readonly readTimeout: string;
    readonly writeTimeout: string;
    readonly pool: { readonly maxIdle: number; readonly maxActive: number; readonly idleTimeout: string };
  };
  readonly log: { readonly level: string; readonly formatter: string; readonly accessLog: boolean; readonly fields: Record<string, string> };
  readonly health: { readonly storageDriver: { readonly enabled: boolean; readonly interval: string; readonly threshold: number } };
}

export interface ResolveRegistryOptions {
  /** True for deploy-time references (cdktf tokens) whose format cannot be checked at synth. @default none are */
  readonly isUnresolved?: (value: string) => boolean;
}

/** Header every registry response carries: browsers must not sniff blob content types. */
export const NOSNIFF_HEADER = { name: "X-Content-Type-Options", value: "nosniff" } as const;

const TOP_KEYS = ["storage", "http", "auth", "redis", "log", "health"] as const;
const HTTP_KEYS = ["addr", "host", "secret", "tls", "plainHttpBehindProxy", "headers", "relativeUrls", "drainTimeout", "debug"] as const;
const LOOPBACK_ADDRESS = /^(127(?:\.\d{1,3}){3}|localhost|\[::1\]):\d{1,5}$/;

/**
 * Validates a registry configuration and applies the defaults. Refuses (SpecError, every
 * problem at once) unknown options, conflicting ones (htpasswd with token, redis cache without
 * redis, read-only with upload purging), half-configured TLS, plain HTTP without a named
 * terminator, static AWS keys and literal secrets.
 */
export function resolveRegistryConfig(config: RegistryConfig, where: string, options: ResolveRegistryOptions = {}): ResolvedRegistryConfig {
  const errors = new SpecErrors(where);
  const c: RegistryCheckContext = { errors, unresolved: options.isUnresolved ?? (() => false) };
  if (!isObject(config)) {
    errors.add("config", config, "a registry configuration must be an object", "pass { storage, http, auth }");
    errors.throwIfAny();
  }
  checkKeys(c, "", config, TOP_KEYS);
  const redis = resolveRedis(c, config.redis);
  const storage = resolveRegistryStorage(c, config.storage, redis !== undefined);
  const http = resolveHttp(c, config.http);
  const auth = resolveAuth(c, config.auth);
  const log = resolveLog(c, config.log);
  const health = resolveHealth(c, config.health);
  errors.throwIfAny();
  return { storage, http, auth, redis, log, health } as ResolvedRegistryConfig;
}

function resolveHttp(c: RegistryCheckContext, http: RegistryConfig["http"]): Partial<ResolvedRegistryConfig["http"]> {
  if (!checkObject(c, "http", http, 'pass http: { addr: ":5000", tls: { certificate, key } }')) return {};
  checkKeys(c, "http", http, HTTP_KEYS);
  const addr = http.addr ?? ":5000";
  checkListenAddress(c, "http.addr", addr);
  if (http.host !== undefined) {
    checkString(
      c,
      "http.host",
      http.host,
      /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/?$/,
      "not an https URL of the registry",
      'use e.g. "https://registry.example.com"',
    );
  }
  if (http.secret !== undefined) checkSecretReference(c, "http.secret", http.secret, "/registry/http-secret");

  let tls: ResolvedRegistryConfig["http"]["tls"];
  if (http.tls !== undefined && checkObject(c, "http.tls", http.tls, "pass tls: { certificate, key }")) {
    checkKeys(c, "http.tls", http.tls, ["certificate", "key", "minimumTls", "clientCas"]);
    for (const part of ["certificate", "key"] as const) {
      if (http.tls[part] === undefined) {
        const other = part === "key" ? "certificate" : "key";
        c.errors.add(`http.tls.${part}`, undefined, `TLS is half-configured: a ${other} without a ${part}`, `set both http.tls.certificate and http.tls.key`);
      } else checkAbsolutePath(c, `http.tls.${part}`, http.tls[part]);
    }
    const minimumTls = http.tls.minimumTls ?? "tls1.2";
    if (minimumTls !== "tls1.2" && minimumTls !== "tls1.3") {
      c.errors.add("http.tls.minimumTls", minimumTls, "TLS below 1.2 is refused", 'use "tls1.2" or "tls1.3"');
    }
    const clientCas = http.tls.clientCas ?? [];
    if (!Array.isArray(clientCas)) c.errors.add("http.tls.clientCas", clientCas, "must be a list of CA files", 'pass ["/etc/docker/registry/client-ca.pem"]');
    else clientCas.forEach((file, i) => checkAbsolutePath(c, `http.tls.clientCas[${i}]`, file));
    tls = { certificate: http.tls.certificate, key: http.tls.key, minimumTls, clientCas };
  }
  const plain = http.plainHttpBehindProxy;
  if (tls && plain !== undefined) {
    c.errors.add("http.plainHttpBehindProxy", plain, "conflicts with http.tls", "keep http.tls, or remove it when a proxy in front terminates TLS");
  } else if (!tls && plain === undefined && http.tls === undefined) {
    c.errors.add(
      "http.tls",
      undefined,
      "the registry would serve plain HTTP: credentials and images in the clear, and Docker refuses it",
      "set http.tls { certificate, key }, or declare plainHttpBehindProxy: { reason } when a load balancer or nginx in front terminates TLS",
    );
  } else if (plain !== undefined && checkObject(c, "http.plainHttpBehindProxy", plain, "pass { reason }")) {
    checkKeys(c, "http.plainHttpBehindProxy", plain, ["reason"]);
    checkReason(c, "http.plainHttpBehindProxy.reason", plain.reason);
  }

  const headers: Record<string, string[]> = { [NOSNIFF_HEADER.name]: [NOSNIFF_HEADER.value] };
  if (http.headers !== undefined && checkObject(c, "http.headers", http.headers, 'pass { "Strict-Transport-Security": ["max-age=31536000"] }')) {
    for (const [name, values] of Object.entries(http.headers)) {
      const field = `http.headers.${name}`;
      if (!/^[A-Za-z0-9-]+$/.test(name)) c.errors.add(field, name, "not an HTTP header name", "use letters, digits and '-'");
      else if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== "string" || /[\r\n\0]/.test(v))) {
        c.errors.add(field, values, "header values must be a non-empty list of one-line strings", 'use e.g. ["max-age=31536000"]');
      } else if (name.toLowerCase() === NOSNIFF_HEADER.name.toLowerCase() && (values.length !== 1 || values[0] !== NOSNIFF_HEADER.value)) {
        c.errors.add(field, values, "weakens the nosniff header every registry response carries", "remove it; it is always set to nosniff");
      } else if (name.toLowerCase() !== NOSNIFF_HEADER.name.toLowerCase()) headers[name] = [...values];
    }
  }
  checkBoolean(c, "http.relativeUrls", http.relativeUrls);
  checkDuration(c, "http.drainTimeout", http.drainTimeout);

  let debug: ResolvedRegistryConfig["http"]["debug"];
  if (http.debug !== undefined && checkObject(c, "http.debug", http.debug, 'pass { addr: "127.0.0.1:5001" }')) {
    checkKeys(c, "http.debug", http.debug, ["addr", "prometheus"]);
    if (typeof http.debug.addr !== "string" || !LOOPBACK_ADDRESS.test(http.debug.addr)) {
      c.errors.add(
        "http.debug.addr",
        http.debug.addr,
        "the debug server (pprof, expvar) has no authentication and must listen on loopback only",
        'use "127.0.0.1:5001"',
      );
    } else if (http.debug.addr === addr) {
      c.errors.add("http.debug.addr", http.debug.addr, "the debug server would take the registry's own address", "use another port");
    }
    checkBoolean(c, "http.debug.prometheus", http.debug.prometheus);
    debug = { addr: http.debug.addr, prometheus: http.debug.prometheus ?? false };
  }
  return {
    addr,
    host: http.host,
    secret: http.secret,
    tls,
    plainHttpReason: tls ? undefined : plain?.reason,
    headers,
    relativeUrls: http.relativeUrls ?? false,
    drainTimeout: http.drainTimeout,
    debug,
  };
}

function resolveAuth(c: RegistryCheckContext, auth: RegistryConfig["auth"]): ResolvedRegistryConfig["auth"] | undefined {
  const fix = "use exactly one of auth: { htpasswd: { path } }, { token: { realm, service, issuer, rootCertBundle } } or { none: { reason } }";
  if (!checkObject(c, "auth", auth, fix)) return undefined;
  checkKeys(c, "auth", auth, ["htpasswd", "token", "none"]);
  const kind = exactlyOne(c, "auth", auth, ["htpasswd", "token", "none"] as const, fix);
  if (kind === "htpasswd" && checkObject(c, "auth.htpasswd", auth.htpasswd, "pass { path }")) {
    const h = auth.htpasswd;
    checkKeys(c, "auth.htpasswd", h, ["path", "realm"]);
    checkAbsolutePath(c, "auth.htpasswd.path", h.path);
    const realm = h.realm ?? "registry";
    checkString(c, "auth.htpasswd.realm", realm, /^[\w .-]{1,64}$/, "not a realm name", 'use e.g. "registry"');
    return { kind, path: h.path, realm };
  }
  if (kind === "token" && checkObject(c, "auth.token", auth.token, "pass { realm, service, issuer, rootCertBundle }")) {
    const t = auth.token;
    checkKeys(c, "auth.token", t, ["realm", "service", "issuer", "rootCertBundle", "autoRedirect"]);
    checkString(c, "auth.token.realm", t.realm, /^https:\/\/\S+$/, "the token service must be an https URL", 'use e.g. "https://auth.example.com/token"');
    checkString(c, "auth.token.service", t.service, /^\S{1,255}$/, "not a service name", 'use e.g. "registry.example.com"');
    checkString(c, "auth.token.issuer", t.issuer, /^\S.{0,254}$/, "not an issuer name", 'use e.g. "auth.example.com"');
    checkAbsolutePath(c, "auth.token.rootCertBundle", t.rootCertBundle);
    checkBoolean(c, "auth.token.autoRedirect", t.autoRedirect);
    return { kind, realm: t.realm, service: t.service, issuer: t.issuer, rootCertBundle: t.rootCertBundle, autoRedirect: t.autoRedirect === true };
  }
  if (kind === "none" && checkObject(c, "auth.none", auth.none, "pass { reason }")) {
    checkKeys(c, "auth.none", auth.none, ["reason"]);
    checkReason(c, "auth.none.reason", auth.none.reason);
    return { kind, reason: auth.none.reason };
  }
  return undefined;
}

function resolveRedis(c: RegistryCheckContext, redis: RegistryConfig["redis"]): ResolvedRegistryConfig["redis"] {
  if (redis === undefined || !checkObject(c, "redis", redis, 'pass { addr: "redis.internal:6379" }')) return undefined;
  checkKeys(c, "redis", redis, ["addr", "db", "password", "dialTimeout", "readTimeout", "writeTimeout", "pool"]);
  checkString(c, "redis.addr", redis.addr, /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, "not a host:port", 'use e.g. "redis.internal:6379"');
  checkInteger(c, "redis.db", redis.db, 0, 1023);
  if (redis.password !== undefined) checkSecretReference(c, "redis.password", redis.password, "/registry/redis-password");
  for (const key of ["dialTimeout", "readTimeout", "writeTimeout"] as const) checkDuration(c, `redis.${key}`, redis[key]);
  const pool = redis.pool ?? {};
  if (checkObject(c, "redis.pool", pool, "pass { maxIdle, maxActive, idleTimeout }")) {
    checkKeys(c, "redis.pool", pool, ["maxIdle", "maxActive", "idleTimeout"]);
    checkInteger(c, "redis.pool.maxIdle", pool.maxIdle, 0, 10000);
    checkInteger(c, "redis.pool.maxActive", pool.maxActive, 1, 10000);
    checkDuration(c, "redis.pool.idleTimeout", pool.idleTimeout);
  }
  return {
    addr: redis.addr,
    db: redis.db ?? 0,
    password: redis.password,
    dialTimeout: redis.dialTimeout ?? "10s",
    readTimeout: redis.readTimeout ?? "10s",
    writeTimeout: redis.writeTimeout ?? "10s",
    pool: { maxIdle: pool.maxIdle ?? 16, maxActive: pool.maxActive ?? 64, idleTimeout: pool.idleTimeout ?? "300s" },
  };
}

function resolveLog(c: RegistryCheckContext, log: RegistryConfig["log"]): ResolvedRegistryConfig["log"] {
  const l = log ?? {};
  if (!checkObject(c, "log", l, 'pass { level: "info" }')) return { level: "info", formatter: "json", accessLog: true, fields: {} };
  checkKeys(c, "log", l, ["level", "formatter", "accessLog", "fields"]);
  const level = l.level ?? "info";
  if (!["error", "warn", "info", "debug"].includes(level)) c.errors.add("log.level", level, "not a log level", 'use "error", "warn", "info" or "debug"');
  const formatter = l.formatter ?? "json";
  if (!["text", "json", "logstash"].includes(formatter)) c.errors.add("log.formatter", formatter, "not a log formatter", 'use "text", "json" or "logstash"');
  checkBoolean(c, "log.accessLog", l.accessLog);
  const fields = l.fields ?? { service: "registry" };
  if (checkObject(c, "log.fields", fields, '{ service: "registry" }')) {
    for (const [name, value] of Object.entries(fields)) {
      if (!/^[A-Za-z][\w.-]*$/.test(name) || typeof value !== "string")
        c.errors.add(`log.fields.${name}`, value, "log fields are names with string values", 'use e.g. { environment: "production" }');
    }
  }
  return { level, formatter, accessLog: l.accessLog ?? true, fields: { ...fields } };
}

function resolveHealth(c: RegistryCheckContext, health: RegistryConfig["health"]): ResolvedRegistryConfig["health"] {
  const h = health ?? {};
  const defaults = { enabled: true, interval: "10s", threshold: 3 };
  if (!checkObject(c, "health", h, "pass { storageDriver: { interval } }")) return { storageDriver: defaults };
  checkKeys(c, "health", h, ["storageDriver"]);
  const s = h.storageDriver ?? {};
  if (!checkObject(c, "health.storageDriver", s, 'pass { interval: "10s", threshold: 3 }')) return { storageDriver: defaults };
  checkKeys(c, "health.storageDriver", s, ["enabled", "interval", "threshold"]);
  checkBoolean(c, "health.storageDriver.enabled", s.enabled);
  checkDuration(c, "health.storageDriver.interval", s.interval);
  checkInteger(c, "health.storageDriver.threshold", s.threshold, 1, 100);
  return { storageDriver: { enabled: s.enabled ?? defaults.enabled, interval: s.interval ?? defaults.interval, threshold: s.threshold ?? defaults.threshold } };
}
