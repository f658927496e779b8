import { parse } from "yaml";
import { renderRegistryConfigYml } from "../../lib/render/registry-config-yml";
import { FIXED_PATHS, registryVariants } from "../support/registry-configs";

const VARIANTS = registryVariants(FIXED_PATHS, { tls: ":5000", plain: "127.0.0.1:5001", redis: "redis.internal:6379" });

describe("renderRegistryConfigYml", () => {
  test.each(Object.keys(VARIANTS))("the %s variant", (name) => {
    const text = renderRegistryConfigYml(VARIANTS[name].config);
    expect(text).toMatchSnapshot();
    const yml = parse(text) as Record<string, unknown>;
    expect(yml.version).toBe(0.1);
    // Never a secret value or a debug server on a public address; nosniff always.
    expect(text).not.toMatch(/secret:|password:|accesskey|secretkey/);
    expect(yml).toMatchObject({ http: { headers: { "X-Content-Type-Options": ["nosniff"] } } });
  });

  test("the model's names become distribution's keys", () => {
    const yml = parse(renderRegistryConfigYml(VARIANTS["s3-load-balanced"].config)) as Record<string, Record<string, unknown>>;
    expect(yml.storage).toEqual({
      s3: {
        region: "eu-west-1",
        bucket: "acme-registry-images",
        encrypt: true,
        keyid: "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555",
        secure: true,
        v4auth: true,
        chunksize: 16777216,
        rootdirectory: "/registry",
      },
      delete: { enabled: true },
      maintenance: { uploadpurging: { enabled: true, age: "168h", interval: "24h", dryrun: false }, readonly: { enabled: false } },
      cache: { blobdescriptor: "redis" },
    });
    expect(yml.http).toEqual({
      addr: "127.0.0.1:5001",
      host: "https://registry.example.com",
      headers: { "X-Content-Type-Options": ["nosniff"], "Strict-Transport-Security": ["max-age=31536000"] },
      debug: { addr: "127.0.0.1:5099", prometheus: { enabled: true, path: "/metrics" } },
    });
    expect(yml.redis).toMatchObject({ addr: "redis.internal:6379", db: 0, pool: { maxidle: 16, maxactive: 64, idletimeout: "300s" } });
    expect(yml.auth).toEqual({ htpasswd: { realm: "cdktfde", path: "/etc/docker/registry/htpasswd" } });
  });

  test("secrets are named by reference in the header, exceptions next to what they weaken", () => {
    const lb = renderRegistryConfigYml(VARIANTS["s3-load-balanced"].config);
    expect(lb).toContain("#   REGISTRY_HTTP_SECRET (SSM parameter /registry/http-secret)\n");
    expect(lb).toContain("#   REGISTRY_REDIS_PASSWORD (SSM parameter /registry/redis-password)\n");
    expect(lb).toMatch(/http:\n {2}# Plain HTTP behind a TLS-terminating proxy: the application load balancer terminates TLS/);
    const open = renderRegistryConfigYml(VARIANTS["open-pull-mirror"].config);
    expect(open).toMatch(/# No authentication \(anyone who reaches the registry may push and pull\): a read-mostly mirror.*\nauth: \{\}\n/);
    expect(parse(open).auth).toEqual({});
    const shared = renderRegistryConfigYml(VARIANTS["replica-behind-nginx"].config);
    expect(shared).toMatch(/filesystem:\n {4}# Shared by every replica: the replicas run on one host/);
  });

  test("no debug section unless asked, and read-only mode says so", () => {
    expect(parse(renderRegistryConfigYml(VARIANTS["filesystem-tls-htpasswd"].config)).http.debug).toBeUndefined();
    const ro = renderRegistryConfigYml(VARIANTS["read-only-maintenance"].config);
    expect(parse(ro).storage.maintenance).toEqual({
      uploadpurging: { enabled: false, age: "168h", interval: "24h", dryrun: false },
      readonly: { enabled: true },
    });
    expect(ro).toContain("# Read-only maintenance mode (for garbage collection): pushes are refused.");
  });

  test("refuses bad input before rendering anything", () => {
    expect(() => renderRegistryConfigYml({ ...VARIANTS["filesystem-tls-htpasswd"].config, proxy: {} } as never, { where: "stack/registry" })).toThrow(
      /^stack\/registry: proxy = "proxy": not an option of this section\. Fix: /,
    );
  });
});
