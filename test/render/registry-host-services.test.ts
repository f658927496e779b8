import { SecretRef } from "cdktf-docker-environments";
import { resolveRegistryConfig } from "../../lib/core/resolve-registry-config";
import { validateContainer } from "../../lib/policy/validate-container";
import {
  DEFAULT_REDIS_IMAGE,
  DEFAULT_REGISTRY_IMAGE,
  REDIS_PASSWORD_VARIABLE,
  redisCacheHostService,
  redisEntrypointScript,
  registryHostService,
} from "../../lib/render/registry-host-services";

const HTTP_SECRET = SecretRef.ssmParameter("/registry/http-secret");
const REDIS_PASSWORD = SecretRef.secretsManager("registry/redis");

function config(tls: boolean) {
  return resolveRegistryConfig(
    {
      storage: { filesystem: {}, cache: "redis" },
      http: {
        addr: ":5000",
        secret: HTTP_SECRET,
        ...(tls
          ? { tls: { certificate: "/etc/docker/registry/tls/server.crt", key: "/etc/docker/registry/tls/server.key" } }
          : { plainHttpBehindProxy: { reason: "the load balancer terminates TLS" } }),
      },
      auth: { htpasswd: { path: "/etc/docker/registry/htpasswd" } },
      redis: { addr: "registry-0.registry.internal:6379", password: REDIS_PASSWORD },
    },
    "test",
  );
}

describe("registryHostService", () => {
  const options = {
    image: DEFAULT_REGISTRY_IMAGE,
    configPath: "/etc/docker-registry/config.yml",
    htpasswdPath: "/etc/docker-registry/htpasswd",
    port: 5000,
    memory: "512m",
  };

  test("non-root, config/htpasswd/TLS bound read-only, the two secrets as environment references", () => {
    const service = registryHostService(config(true), {
      ...options,
      tlsFiles: { certificate: "/etc/tls/server.crt", key: "/etc/tls/server.key" },
      dataVolume: "registry-data",
    });
    expect(service.spec.user).toBe("65534:65534");
    expect(service.spec.mounts).toEqual([
      { type: "bind", source: "/etc/docker-registry/config.yml", target: "/etc/docker/registry/config.yml", readOnly: true },
      { type: "bind", source: "/etc/docker-registry/htpasswd", target: "/etc/docker/registry/htpasswd", readOnly: true },
      { type: "bind", source: "/etc/tls/server.crt", target: "/etc/docker/registry/tls/server.crt", readOnly: true },
      { type: "bind", source: "/etc/tls/server.key", target: "/etc/docker/registry/tls/server.key", readOnly: true },
      { type: "volume", source: "registry-data", target: "/var/lib/registry" },
    ]);
    expect(service.secretEnvironment).toEqual([
      { variable: "REGISTRY_HTTP_SECRET", secret: HTTP_SECRET },
      { variable: "REGISTRY_REDIS_PASSWORD", secret: REDIS_PASSWORD },
    ]);
    // The hardened defaults hold under the pinned-image policy, with the two named exceptions only.
    const settings = validateContainer(service.spec, "test", { requirePinnedImages: true });
    expect(settings.readOnlyRootFilesystem).toBe(true);
    expect(Object.keys(settings.labels).filter((l) => l.includes(".exception."))).toEqual([
      "io.cdktf-docker-environments.exception.cis-5.14",
      "io.cdktf-docker-environments.exception.cis-5.6",
    ]);
  });

  test("behind the load balancer: no TLS binds even when files are offered", () => {
    const service = registryHostService(config(false), { ...options, tlsFiles: { certificate: "/etc/tls/server.crt", key: "/etc/tls/server.key" } });
    expect(service.spec.mounts!.map((m) => m.target)).toEqual(["/etc/docker/registry/config.yml", "/etc/docker/registry/htpasswd"]);
  });
});

describe("redisCacheHostService", () => {
  const service = redisCacheHostService(DEFAULT_REDIS_IMAGE, 6379, REDIS_PASSWORD);

  test("the official Alpine image's redis user (999:1000), the password from the reference, no persistence", () => {
    expect(service.spec.user).toBe("999:1000");
    expect(service.secretEnvironment).toEqual([{ variable: REDIS_PASSWORD_VARIABLE, secret: REDIS_PASSWORD }]);
    expect(service.spec.entrypoint).toEqual(["/bin/sh"]);
    expect(service.spec.command).toEqual(["-c", redisEntrypointScript(6379), "redis-entrypoint"]);
    expect(service.spec.healthCheck!.command).toBe('REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -p 6379 ping | grep -q PONG');
    expect(JSON.stringify(service.spec)).not.toContain("protected-mode");
    const settings = validateContainer(service.spec, "test", { requirePinnedImages: true });
    expect(settings.readOnlyRootFilesystem).toBe(true);
  });

  test("the entrypoint hands the password to redis-server on stdin, escaped for Redis' config parser", () => {
    expect(redisEntrypointScript(6379)).toBe(
      [
        "set -eu",
        ': "${REDIS_PASSWORD:?the cache password is not set}"',
        String.raw`escaped=$(printf '%s' "$REDIS_PASSWORD" | sed 's/[\\"]/\\&/g')`,
        "unset REDIS_PASSWORD",
        "exec redis-server - --port 6379 --save '' --appendonly no --maxmemory 200mb --maxmemory-policy allkeys-lru <<EOF",
        'requirepass "$escaped"',
        "EOF",
        "",
      ].join("\n"),
    );
  });
});
