import { Testing } from "cdktf";
import { Network, SecretRef } from "cdktf-docker-environments";
import { PrivateRegistry } from "../../lib/constructs/private-registry";
import type { PrivateRegistryProps } from "../../lib/constructs/private-registry";
import { RegistryStack } from "../../stacks/registry";
import { awsStack, one, resources, synthJson } from "../support/aws-stack";
import type { SynthJson } from "../support/aws-stack";
import { expectRefusal } from "../support/expect-refusal";

const CERTIFICATE = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
const USERS = { htpasswd: { users: [{ name: "ci", password: SecretRef.ssmParameter("/registry/users/ci") }] } };
const HTTP_SECRET = SecretRef.ssmParameter("/registry/http-secret");
const REDIS_PASSWORD = SecretRef.ssmParameter("/registry/redis-password");
const where = "test/registry";

type Props = Omit<PrivateRegistryProps, "network">;

/** Builds a registry (refusals throw here, before any synth). */
function registry(props: Partial<Props>) {
  const stack = awsStack();
  const network = new Network(stack, "net", { availabilityZones: ["eu-west-1a", "eu-west-1b"], privateZoneName: "registry.internal" });
  const built = new PrivateRegistry(stack, "registry", {
    network,
    tls: { loadBalancer: { certificateArn: CERTIFICATE } },
    auth: USERS,
    httpSecret: HTTP_SECRET,
    redisPassword: REDIS_PASSWORD,
    ...props,
  } as PrivateRegistryProps);
  return { stack, registry: built };
}

let example: { stack: RegistryStack; json: SynthJson; text: string };
beforeAll(() => {
  const stack = new RegistryStack(Testing.app(), "registry");
  const text = Testing.synth(stack, true);
  example = { stack, json: JSON.parse(text) as SynthJson, text };
});

describe("the registry stack", () => {
  test("snapshot of the synthesized stack", () => {
    expect(example.json).toMatchSnapshot();
  });

  test("two replicas share one config.yml (no secret in it) and every secret is a reference fetched on the host", () => {
    const { registry: r } = example.stack;
    expect(r.hosts).toHaveLength(2);
    const configs = r.hosts.map((h) => h.plan!.files.find((f) => f.path === "/etc/docker-registry/config.yml")!.content);
    expect(configs[0]).toBe(r.configYml);
    expect(configs[1]).toBe(configs[0]);
    expect(r.configYml).toMatch(/cache:\n\s+blobdescriptor: redis/);
    expect(r.configYml).toMatch(/redis:\n\s+addr: registry-0\.\S+:6379\n/);
    // Secrets are named in the header comment (where they come from), never set in the file.
    expect(r.configYml).toContain("#   REGISTRY_REDIS_PASSWORD (SSM parameter /registry/redis-password)");
    const settings = r.configYml.split("\n").filter((l) => !l.trimStart().startsWith("#"));
    expect(settings.join("\n")).not.toMatch(/password|secret|accesskey|secretkey/i);
    expect(example.text).not.toMatch(/accesskey|secretkey|AKIA[0-9A-Z]{16}|aws_secret_access_key/i);
    // The registry gets REGISTRY_HTTP_SECRET and REGISTRY_REDIS_PASSWORD, Redis its REDIS_PASSWORD, all by name only.
    const unit = (host: number, service: string) => r.hosts[host].plan!.files.find((f) => f.path === `/etc/systemd/system/${service}.service`)!.content;
    for (const host of [0, 1]) {
      expect(unit(host, "registry")).toContain("--env REGISTRY_HTTP_SECRET --env REGISTRY_REDIS_PASSWORD");
      expect(unit(host, "registry")).toContain("EnvironmentFile=-/run/cdktf-docker-environments/registry/secrets/environment.env");
    }
    expect(unit(0, "registry-redis")).toContain("--env REDIS_PASSWORD");
    expect(unit(0, "registry-redis")).toContain("/registry/redis-password");
    expect(r.hosts[1].plan!.files.some((f) => f.path.includes("registry-redis"))).toBe(false);
  });

  test("the hosts' roles read exactly the secrets they need; S3 and KMS through the role", () => {
    const policies = Object.values(resources(example.json, "aws_iam_role_policy")).map((p) => String(p.policy));
    const secrets = policies.filter((p) => p.includes("ssm:GetParameter")).join("\n");
    for (const name of ["registry/http-secret", "registry/redis-password", "registry/users/ci", "registry/users/deploy"]) expect(secrets).toContain(name);
    const storage = policies.find((p) => p.includes("RegistryObjects"))!;
    expect(storage).toContain('"s3:PutObject"');
    expect(storage).not.toMatch(/"s3:\*"|"Resource" = "\*"/);
  });

  test("the load balancer: HTTPS with TLS 1.3/1.2, health check /v2/ with 200,401, deletion protection on", () => {
    const { json } = example;
    expect(one(json, "aws_lb_listener")).toMatchObject({ port: 443, protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06" });
    expect(one(json, "aws_lb_target_group")).toMatchObject({ health_check: { path: "/v2/", matcher: "200,401", protocol: "HTTP" } });
    expect(one(json, "aws_lb")).toMatchObject({ enable_deletion_protection: true, drop_invalid_header_fields: true, internal: true });
  });
});

describe("PrivateRegistry refuses", () => {
  test("filesystem storage with more than one replica", () => {
    expectRefusal(() => registry({ storage: { filesystem: {} }, replicas: 2 }), {
      where,
      field: "replicas",
      value: 2,
      problem: /filesystem storage .* is one host's disk/,
    });
  });

  test("TLS from host files with more than one replica", () => {
    expectRefusal(() => registry({ tls: { hostFiles: { certificate: "/etc/tls/server.crt", key: "/etc/tls/server.key" } }, replicas: 2 }), {
      where,
      field: "replicas",
      value: 2,
      problem: /TLS from host files has no load balancer/,
    });
  });

  test("static S3 keys (without printing them)", () => {
    const error = expectRefusal(() => registry({ storage: { s3: { accesskey: "AKIAABCDEFGHIJKLMNOP", secretkey: "wJalrXUtnFEMI" } } as never }), {
      where,
      field: "storage.s3.accesskey",
      value: "<redacted>",
      problem: /static AWS keys are refused: the registry signs S3 requests with the host's instance role/,
    });
    expect(error.message).not.toMatch(/AKIA|wJalr/);
  });

  test("unknown storage options and two storages at once", () => {
    expectRefusal(() => registry({ storage: { s3: { region: "us-east-1" } } as never }), {
      where,
      field: "storage.s3",
      value: ["region"],
      problem: /unknown options/,
    });
    expectRefusal(() => registry({ storage: { s3: {}, filesystem: {} } as never }), { where, field: "storage", problem: /exactly one of s3 or filesystem/ });
  });

  test("a missing or non-ACM certificate", () => {
    expectRefusal(() => registry({ tls: { loadBalancer: {} } as never }), {
      where: `${where}/load-balancer`,
      field: "tls.loadBalancer.certificateArn",
      value: undefined,
      problem: /not an ACM certificate ARN/,
    });
    expectRefusal(() => registry({ tls: { loadBalancer: { certificateArn: "arn:aws:iam::123456789012:server-certificate/x" } } }), {
      where: `${where}/load-balancer`,
      field: "tls.loadBalancer.certificateArn",
      problem: /not an ACM certificate ARN/,
    });
    expectRefusal(() => registry({ tls: undefined as never }), { where, field: "tls", value: [], problem: /exactly one of loadBalancer or hostFiles/ });
    expectRefusal(() => registry({ tls: { hostFiles: { key: "/etc/tls/server.key" } } as never, replicas: 1 }), {
      where,
      field: "tls.hostFiles.certificate",
      value: undefined,
      problem: /not an absolute path/,
    });
  });

  test("deletion protection off without a reason", () => {
    expectRefusal(() => registry({ tls: { loadBalancer: { certificateArn: CERTIFICATE, deletionProtectionDisabled: { reason: "" } } } }), {
      where: `${where}/load-balancer`,
      field: "tls.loadBalancer.deletionProtectionDisabled.reason",
      value: "",
      problem: /needs a reason of at least 10 characters/,
    });
  });

  test("several replicas without a Redis password, and a Redis password without Redis", () => {
    expectRefusal(() => registry({ redisPassword: undefined }), {
      where,
      field: "redisPassword",
      value: undefined,
      problem: /2 replicas share a Redis blob-descriptor cache, which must not accept unauthenticated clients/,
    });
    expectRefusal(() => registry({ replicas: 1 }), { where, field: "redisPassword", problem: /there is no Redis to protect/ });
  });

  test("no auth, and a bad garbage-collection schedule or window", () => {
    expectRefusal(() => registry({ auth: {} as never }), { where, field: "auth", value: [], problem: /exactly one of htpasswd or token/ });
    expectRefusal(() => registry({ garbageCollection: { schedule: "every sunday; rm -rf /" } }), {
      where,
      field: "garbageCollection.schedule",
      problem: /not a systemd calendar expression/,
    });
    expectRefusal(() => registry({ garbageCollection: { windowMinutes: 3 } }), { where, field: "garbageCollection.windowMinutes", value: 3 });
  });

  test("more replicas than the registry allows", () => {
    expectRefusal(() => registry({ replicas: 0, redisPassword: undefined }), {
      where,
      field: "replicas",
      value: 0,
      problem: /not a whole number from 1 to 64/,
    });
  });
});

describe("a single filesystem replica with TLS from host files", () => {
  test("no load balancer, no Redis, the named volume on the data volume, TLS files bound read-only", () => {
    const { stack, registry: r } = registry({
      storage: { filesystem: {} },
      tls: { hostFiles: { certificate: "/etc/registry-tls/server.crt", key: "/etc/registry-tls/server.key" } },
      redisPassword: undefined,
    });
    expect(r.loadBalancer).toBeUndefined();
    expect(r.bucket).toBeUndefined();
    expect(r.hosts).toHaveLength(1);
    expect(r.configYml).toContain("blobdescriptor: inmemory");
    const files = r.hosts[0].plan!.files;
    expect(files.map((f) => f.path)).toContain("/etc/systemd/system/registry.service.d/data-volume.conf");
    const unit = files.find((f) => f.path === "/etc/systemd/system/registry.service")!.content;
    expect(unit).toContain("type=bind,source=/etc/registry-tls/server.key,target=/etc/docker/registry/tls/server.key,readonly");
    expect(unit).toContain("type=volume,source=registry-data,target=/var/lib/registry");
    const json = synthJson(stack);
    expect(Object.keys(resources(json, "aws_lb"))).toHaveLength(0);
    expect(Object.keys(resources(json, "aws_s3_bucket"))).toHaveLength(0);
  });
});
