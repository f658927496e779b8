import { gunzipSync } from "node:zlib";
import { parse } from "yaml";
import { DaemonConfig, DockerHost, Network, SecretRef, StorageDriver } from "cdktf-docker-environments";
import type { DockerHostBootstrap, HostService } from "cdktf-docker-environments";
import { awsStack, one, synthJson } from "../support/aws-stack";

const web: HostService = {
  spec: {
    name: "web",
    image: "registry.example.com/shop/web:1.4.2@sha256:9b2a5c8f1e0d4c3b2a19f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3",
    user: "10001:10001",
    ports: [{ containerPort: 8080, hostIp: "10.0.0.10" }],
    secrets: { DB_PASSWORD: SecretRef.ssmParameter("/shop/db/password") },
    healthCheck: { command: "wget -qO- http://127.0.0.1:8080/healthz" },
  },
  layers: [
    { name: "cluster", path: "/etc/cdktf-docker-environments/cluster.env", variables: { REGION: "eu-west-1", LOG_LEVEL: "info" } },
    { name: "local", path: "/etc/cdktf-docker-environments/web/local.env", variables: { LOG_LEVEL: "debug" } },
  ],
};

function host(bootstrap: DockerHostBootstrap) {
  const stack = awsStack();
  const network = new Network(stack, "net", { availabilityZones: ["eu-west-1a", "eu-west-1b"] });
  const dockerHost = new DockerHost(stack, "web-1", { network, bootstrap });
  return { stack, dockerHost };
}

/** The user data EC2 receives, decompressed when it was gzipped. */
function userDataOf(instance: Record<string, unknown>): string {
  if (typeof instance.user_data === "string") return instance.user_data.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
  return gunzipSync(Buffer.from(String(instance.user_data_base64), "base64")).toString("utf8");
}

describe("DockerHost bootstrap", () => {
  test("cloud-init installs the pinned engine, writes daemon.json and the units, and prepares the data volume", () => {
    const { stack, dockerHost } = host({ services: [web], policy: { requirePinnedImages: true } });
    const cloudConfig = parse(userDataOf(one(synthJson(stack), "aws_instance"))) as {
      write_files: { path: string; content: string; permissions: string }[];
      runcmd: string[];
    };
    const files = Object.fromEntries(cloudConfig.write_files.map((f) => [f.path, f]));
    expect(JSON.parse(files["/etc/docker/daemon.json"].content)).toMatchObject({
      icc: false,
      "live-restore": true,
      "no-new-privileges": true,
      "storage-driver": "overlay2",
    });
    expect(files["/etc/docker/daemon.json"].permissions).toBe("0644");
    expect(files["/etc/systemd/system/web.service"].content).toContain("ExecStart=/usr/bin/docker run --rm --name web");
    expect(files["/etc/systemd/system/web.service"].content).toContain("aws ssm get-parameter");
    expect(files["/etc/cdktf-docker-environments/web/local.env"].content).toContain('LOG_LEVEL="debug"');
    expect(files["/etc/cdktf-docker-environments/web/local.env"].permissions).toBe("0640");
    expect(dockerHost.plan?.engine.packages).toContain("docker-ce=5:27.5.1-1~ubuntu.24.04~noble");
    expect(dockerHost.plan?.packages).toEqual(expect.arrayContaining(["jq", "nvme-cli", "xfsprogs"]));
    expect(dockerHost.plan?.storagePreparation.join("\n")).toMatch(/mkfs\.xfs/);
    expect(dockerHost.plan?.services).toEqual(["web.service"]);
    expect(JSON.stringify(synthJson(stack))).not.toContain("db/password-value");
  });

  test.each(["ansible", "chef", "salt", "puppet"] as const)("%s renders the same host plan into user data", (bootstrapper) => {
    const { stack, dockerHost } = host({ services: [web], bootstrapper });
    const userData = userDataOf(one(synthJson(stack), "aws_instance"));
    expect(userData.startsWith("#!")).toBe(true);
    expect(dockerHost.plan?.files.map((f) => f.path)).toContain("/etc/systemd/system/web.service");
  });

  test("a storage driver the pinned engine no longer has is refused, naming the version", () => {
    expect(() => host({ daemon: new DaemonConfig({ storage: StorageDriver.devicemapper() }) })).toThrow(
      /devicemapper storage driver was removed in Docker Engine 25.0, and this host pins Engine 27.5.1/,
    );
  });

  test("a service that needs the host network is refused on a user-namespace-remapped daemon", () => {
    const hostNetwork = {
      spec: {
        ...web.spec,
        ports: [],
        security: { hostNamespaces: ["network" as const] },
        exceptions: [{ rule: "CIS-5.10" as const, reason: "captures traffic on the host interface" }],
      },
    };
    expect(() => host({ daemon: new DaemonConfig({ usernsRemap: "default" }), services: [hostNetwork] })).toThrow(/userns|user namespace/i);
  });

  test("a service that breaks the container policy is refused with its path", () => {
    expect(() => host({ services: [{ spec: { ...web.spec, security: { privileged: true } } }] })).toThrow(/test\/web-1\/services\/web: policy CIS-5\.5/);
  });

  test("bootstrap and userData together are refused", () => {
    const stack = awsStack();
    const network = new Network(stack, "net", { availabilityZones: ["eu-west-1a", "eu-west-1b"] });
    expect(() => new DockerHost(stack, "h", { network, userData: { text: "#cloud-config\n" }, bootstrap: {} })).toThrow(
      /test\/h: userData = .*give either bootstrap or userData/,
    );
  });
});

describe("secret access of a bootstrapped host", () => {
  test("the instance role may read exactly the referenced parameter, and decrypt only through SSM", () => {
    const { stack } = host({ services: [web] });
    const policy = one(synthJson(stack), "aws_iam_role_policy", "read-service-secrets");
    const document = String(policy.policy);
    expect(document).toContain("ssm:GetParameter");
    expect(document).toMatch(
      /arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:ssm:\$\{data\.aws_region\.[\w-]+\.name\}:\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}:parameter\/shop\/db\/password/,
    );
    expect(document).toContain("kms:ViaService");
    expect(document).not.toContain("secretsmanager:GetSecretValue");
  });

  test("a host whose services reference no secret gets no secret policy", () => {
    const { stack } = host({ services: [{ spec: { ...web.spec, secrets: {} } }] });
    expect(Object.keys(synthJson(stack).resource.aws_iam_role_policy ?? {}).filter((id) => id.includes("read-service-secrets"))).toEqual([]);
  });
});
