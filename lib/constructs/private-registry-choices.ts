import { isAbsolutePath } from "../core/quantities";
import { SpecError } from "../core/spec-error";
import type { PrivateRegistryProps } from "./private-registry";

/** The storage, TLS, auth and replica choices of a PrivateRegistry, checked. */
export interface PrivateRegistryChoices {
  readonly isS3: boolean;
  readonly atLoadBalancer: boolean;
  readonly replicas: number;
}

/** Options distribution's S3 driver would take that the registry refuses: it signs with the instance role. */
const STATIC_KEYS = ["accesskey", "secretkey", "accessKey", "secretKey", "sessiontoken", "sessionToken"];

/**
 * Checks the props a PrivateRegistry chooses between before anything is built: one storage (S3
 * without static keys, or filesystem), one TLS mode, one auth mode, and replicas that the choices
 * can serve (host-file TLS has no load balancer; several replicas need a password-protected Redis).
 */
export function checkPrivateRegistryChoices(props: PrivateRegistryProps, where: string): PrivateRegistryChoices {
  const storage = (props.storage ?? { s3: {} }) as Record<string, unknown>;
  const kinds = typeof storage === "object" && storage !== null ? Object.keys(storage) : [];
  if (kinds.length !== 1 || !["s3", "filesystem"].includes(kinds[0]) || typeof storage[kinds[0]] !== "object" || storage[kinds[0]] === null) {
    throw new SpecError(where, "storage", kinds, "needs exactly one of s3 or filesystem", "pass { s3: {} } or { filesystem: {} }");
  }
  const isS3 = kinds[0] === "s3";
  const options = Object.keys(storage[kinds[0]] as object);
  const staticKey = options.find((k) => STATIC_KEYS.includes(k));
  if (staticKey !== undefined) {
    throw new SpecError(
      where,
      `storage.s3.${staticKey}`,
      "<redacted>",
      "static AWS keys are refused: the registry signs S3 requests with the host's instance role",
      `remove ${staticKey}; the role gets exactly the bucket and key permissions it needs`,
    );
  }
  const unknown = options.filter((k) => k !== (isS3 ? "bucket" : ""));
  if (unknown.length) {
    throw new SpecError(where, `storage.${kinds[0]}`, unknown, "unknown options", isS3 ? "pass only bucket (a SecureBucket)" : "pass filesystem: {}");
  }

  const tls = (props.tls ?? {}) as Record<string, unknown>;
  const tlsKinds = Object.keys(tls).filter((k) => tls[k] !== undefined);
  if (tlsKinds.length !== 1 || !["loadBalancer", "hostFiles"].includes(tlsKinds[0])) {
    throw new SpecError(
      where,
      "tls",
      tlsKinds,
      "needs exactly one of loadBalancer or hostFiles",
      "pass { loadBalancer: { certificateArn } } (ACM) or { hostFiles: { certificate, key } }",
    );
  }
  const atLoadBalancer = tlsKinds[0] === "loadBalancer";
  if (!atLoadBalancer) {
    const files = (tls.hostFiles ?? {}) as Record<string, unknown>;
    for (const key of ["certificate", "key"]) {
      if (!isAbsolutePath(files[key])) {
        throw new SpecError(
          where,
          `tls.hostFiles.${key}`,
          files[key],
          "not an absolute path on the host",
          `pass the host path of the ${key} file, e.g. /etc/registry/tls/server.${key === "key" ? "key" : "crt"}`,
        );
      }
    }
  }

  const auth = (props.auth ?? {}) as Record<string, unknown>;
  const authKinds = Object.keys(auth).filter((k) => auth[k] !== undefined);
  if (authKinds.length !== 1 || !["htpasswd", "token"].includes(authKinds[0])) {
    throw new SpecError(where, "auth", authKinds, "needs exactly one of htpasswd or token", "pass { htpasswd: { users } } or { token: { ... } }");
  }

  const replicas = props.replicas ?? (isS3 && atLoadBalancer ? 2 : 1);
  if (!atLoadBalancer && replicas !== 1) {
    throw new SpecError(
      where,
      "replicas",
      replicas,
      "TLS from host files has no load balancer to spread clients over replicas",
      "use tls.loadBalancer, or 1 replica",
    );
  }
  if (replicas > 1 && props.redisPassword === undefined) {
    throw new SpecError(
      where,
      "redisPassword",
      undefined,
      `${replicas} replicas share a Redis blob-descriptor cache, which must not accept unauthenticated clients`,
      'pass redisPassword: SecretRef.ssmParameter("/registry/redis-password") (a long random value)',
    );
  }
  if (replicas === 1 && props.redisPassword !== undefined) {
    throw new SpecError(
      where,
      "redisPassword",
      props.redisPassword,
      "one replica keeps its cache in memory: there is no Redis to protect",
      "remove redisPassword",
    );
  }
  return { isS3, atLoadBalancer, replicas };
}
