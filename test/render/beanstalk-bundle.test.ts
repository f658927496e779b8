import { SecretRef } from "cdktf-docker-environments";
import type { BundleService } from "../../lib/core/bundle-service";
import type { ContainerSettings } from "../../lib/core/container-settings";
import type { PolicyRuleId } from "../../lib/core/policy-exception";
import type { BeanstalkBundleOptions } from "../../lib/render/beanstalk-bundle";
import { renderBeanstalkBundle } from "../../lib/render/beanstalk-bundle";
import { readDockerrunV1 } from "../../lib/render/dockerrun-v1";
import { readDockerCompose } from "../../lib/render/read-docker-compose";
import { readDockerrunV2 } from "../../lib/render/read-dockerrun-v2";
import { expectRefusal } from "../support/expect-refusal";

const WHERE = "test/bundle";
const DIGEST = `sha256:${"ab".repeat(32)}`;
const ARN_CONTEXT = { partition: "aws", region: "eu-west-1", accountId: "111122223333" };
const DB_PASSWORD_ARN = "arn:aws:ssm:eu-west-1:111122223333:parameter/shop/db-password";
const EXECUTION_ROLE = "arn:aws:iam::111122223333:role/shop-ecs-execution";
/** What Dockerrun v1 cannot express, declared so the same service renders in all three formats. */
const V1_EXCEPTIONS: PolicyRuleId[] = ["CIS-4.1", "CIS-5.4", "CIS-5.11", "CIS-5.12", "CIS-5.13", "CIS-5.26", "CIS-5.27"];

function service(extra: Partial<BundleService> = {}, exceptions: PolicyRuleId[] = []): BundleService {
  return {
    name: "app",
    image: `111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/app@${DIGEST}`,
    user: "10001:10001",
    command: ["serve", "--port", "8080"],
    environment: { PORT: "8080", PRICE: "costs $5 ${not-a-variable}" },
    secrets: { DB_PASSWORD: SecretRef.ssmParameter("/shop/db-password") },
    ports: [{ containerPort: 8080, hostPort: 80, hostIp: "0.0.0.0" }],
    mounts: [
      { type: "bind", source: "/srv/shop/uploads", target: "/uploads", readOnly: false },
      { type: "tmpfs", target: "/var/cache/app", size: "32m" },
    ],
    resources: { memory: "256m", cpus: 0.5, pidsLimit: 128 },
    healthCheck: { command: "wget -qO- http://127.0.0.1:8080/health", intervalSeconds: 10 },
    exceptions: ["CIS-5.14", ...exceptions].map((rule) => ({ rule: rule as PolicyRuleId, reason: `accepted for the test of ${rule}` })),
    ...extra,
  };
}

function render(services: BundleService[], format: BeanstalkBundleOptions["format"], extra: Partial<BeanstalkBundleOptions> = {}) {
  return renderBeanstalkBundle(services, { format, where: WHERE, arnContext: ARN_CONTEXT, executionRoleArn: EXECUTION_ROLE, ...extra });
}

const pick = (s: ContainerSettings, keys: (keyof ContainerSettings)[]) => Object.fromEntries(keys.map((k) => [k, s[k]]));

describe("Beanstalk source bundles: one service, three formats", () => {
  const spec = service({}, V1_EXCEPTIONS);
  const compose = render([spec], "compose");
  const v2 = render([spec], "dockerrun-v2");
  const v1 = render([spec], "dockerrun-v1");
  const expected = compose.settings[0];

  test("docker-compose.yml reads back to exactly the validated settings; secrets come from Beanstalk's .env", () => {
    const [read] = readDockerCompose(compose.content);
    expect(read.settings).toEqual({ ...expected, secrets: {} });
    expect(read.interpolated).toEqual(["DB_PASSWORD"]);
    expect(compose.environmentSecrets).toEqual({ DB_PASSWORD: DB_PASSWORD_ARN });
    expect(compose.content).toContain("DB_PASSWORD: ${DB_PASSWORD:?}");
    // A literal `$` survives Compose's interpolation only doubled.
    expect(compose.content).toContain("PRICE: costs $$5 $${not-a-variable}");
    expect(read.settings.environment.PRICE).toBe("costs $5 ${not-a-variable}");
    expect(compose.applicationPort).toBe(80);
  });

  test("Dockerrun.aws.json v2 carries everything ECS can express, and secrets by valueFrom", () => {
    const [read] = readDockerrunV2(v2.content);
    expect(read.settings).toEqual({ ...expected, pidsLimit: undefined, restart: { policy: "no" }, logDriver: "json-file", secrets: {} });
    expect(read.secrets).toEqual({ DB_PASSWORD: DB_PASSWORD_ARN });
    expect(JSON.parse(v2.content).executionRoleArn).toBe(EXECUTION_ROLE);
    expect(v2.environmentSecrets).toEqual({});
  });

  test("Dockerrun.aws.json v1 carries image, command, port and volumes; the environment goes to Beanstalk", () => {
    const read = readDockerrunV1(v1.content, "app", v1.environmentProperties);
    const expressible: (keyof ContainerSettings)[] = ["image", "entrypoint", "command", "environment"];
    expect(pick(read, expressible)).toEqual(pick(expected, expressible));
    expect(read.mounts).toEqual(expected.mounts);
    expect(JSON.parse(v1.content).Ports).toEqual([{ ContainerPort: 8080 }]);
    expect(v1.environmentSecrets).toEqual({ DB_PASSWORD: DB_PASSWORD_ARN });
    expect(v1.applicationPort).toBe(80);
  });

  test("the settings every format can express agree across all three", () => {
    const reads = [
      readDockerCompose(compose.content)[0].settings,
      readDockerrunV2(v2.content)[0].settings,
      readDockerrunV1(v1.content, "app", v1.environmentProperties),
    ];
    for (const read of reads)
      expect(pick(read, ["image", "command", "environment", "mounts"])).toEqual(pick(expected, ["image", "command", "environment", "mounts"]));
    const [composeRead, v2Read] = reads;
    const hardened: (keyof ContainerSettings)[] = [
      "user",
      "capDrop",
      "capAdd",
      "readOnlyRootFilesystem",
      "securityOpts",
      "memoryBytes",
      "cpus",
      "ulimits",
      "tmpfs",
      "healthCheck",
      "labels",
      "ports",
    ];
    expect(pick(v2Read, hardened)).toEqual(pick(composeRead, hardened));
  });

  test("what a format cannot carry is named, never dropped silently", () => {
    const details = (b: typeof v1) => b.notes.map((n) => `${n.setting}: ${n.detail}`);
    expect(details(compose)).toEqual([expect.stringMatching(/^secrets: DB_PASSWORD arrive as environment variables/)]);
    expect(details(v2)).toEqual(
      expect.arrayContaining([
        "logging.driver: ECS has no local log driver; json-file is used with the same rotation options",
        "restart: ECS replaces the task when an essential container stops; the restart policy on-failure:5 does not apply",
        "resources.pidsLimit: dockerrun-v2 has no pids limit, so the limit 128 is not enforced (policy CIS-5.29, limit processes)",
      ]),
    );
    expect(details(v1).map((d) => d.split(":")[0])).toEqual(
      expect.arrayContaining(["ports", "tmpfs", "security.ulimits", "logging", "restart", "stopTimeoutSeconds", "labels", "secrets", "resources.pidsLimit"]),
    );
  });

  test("exceptions the rendering relies on are reported for tags", () => {
    expect(v1.excused.map((e) => e.rule)).toEqual(expect.arrayContaining(["CIS-5.4", "CIS-5.13", "CIS-5.26"]));
    expect(compose.excused.map((e) => e.rule)).toEqual(["CIS-5.14"]);
  });
});

describe("refusals of the bundle renderers", () => {
  const v2 =
    (extra: Partial<BundleService>, exceptions: PolicyRuleId[] = []) =>
    () =>
      render([service(extra, exceptions)], "dockerrun-v2");
  const at = `${WHERE}/services[0]`;

  test.each([
    ["security.hostNamespaces", { security: { hostNamespaces: ["ipc" as const] } }, ["CIS-5.17"], /set namespaces per task/],
    ["security.cgroupParent", { security: { cgroupParent: "apps.slice" } }, ["CIS-5.25"], /have no cgroup parent/],
    ["security.seccompProfile", { security: { seccompProfile: "/etc/docker/seccomp/app.json" } }, [], /cannot set a seccomp profile/],
    ["networks", { networks: [{ name: "backend" }] }, [], /dependsOn links/],
    ["stopSignal", { stopSignal: "SIGQUIT" }, [], /have no stop signal/],
    ["resources.memory", { resources: { memory: "300000k" } }, [], /whole MiB/],
    ["resources.cpus", { resources: { cpus: 0.1 } }, [], /units of 1\/1024/],
    ["security.capAdd", { security: { capAdd: ["AUDIT_READ"] } }, [], /do not accept this capability/],
    ["logging.driver", { logging: { driver: "none" as const } }, [], /do not accept this log driver/],
    ["tmpfs /var/cache/app", { mounts: [{ type: "tmpfs" as const, target: "/var/cache/app", size: "1000k" }] }, [], /tmpfs mounts in whole MiB/],
    ["mounts /data", { mounts: [{ type: "volume" as const, source: "data", target: "/data" }] }, [], /named Docker volumes/],
    ["healthCheck.intervalSeconds", { healthCheck: { command: "true", intervalSeconds: 400 } }, [], /take 5-300 here/],
  ] as [string, Partial<BundleService>, PolicyRuleId[], RegExp][])("Dockerrun v2 refuses %s", (field, extra, exceptions, problem) => {
    expectRefusal(v2(extra, exceptions), { where: at, field, problem });
  });

  test("Dockerrun v2 needs an essential service and an execution role for secrets", () => {
    expectRefusal(() => render([service({ essential: false })], "dockerrun-v2"), {
      where: WHERE,
      field: "services",
      value: ["app"],
      problem: /no service is essential/,
    });
    expectRefusal(() => render([service()], "dockerrun-v2", { executionRoleArn: undefined }), {
      where: WHERE,
      field: "executionRoleArn",
      problem: /task execution role/,
    });
  });

  test("a published port bound to one address is refused where ECS binds every interface", () => {
    const error = expectRefusal(() => render([service({ ports: [{ containerPort: 8080, hostPort: 80 }], exceptions: [] })], "dockerrun-v2"), {
      where: WHERE,
      field: "format",
      value: "dockerrun-v2",
      problem:
        /dockerrun-v2 cannot express policy CIS-5.14 \(bind published ports to one host interface\) for the service app: ports 80 listen on every interface/,
    });
    expect(error.message).toContain('declare exceptions: [{ rule: "CIS-5.14", reason: "…" }] on app');
  });

  test("Dockerrun v1 refuses the hardened profile it cannot carry, rule by rule", () => {
    const error = expectRefusal(() => render([service()], "dockerrun-v1"), {
      where: WHERE,
      field: "format",
      value: "dockerrun-v1",
      problem: /cannot express policy CIS-4.1/,
    });
    for (const rule of V1_EXCEPTIONS) expect(error.message).toContain(`dockerrun-v1 cannot express policy ${rule} `);
  });

  test.each([
    ["security.privileged", { privileged: true }, ["CIS-5.5"], /cannot run a privileged container/],
    ["ports", { ports: [] }, [], /exactly one container port/],
    ["entrypoint", { entrypoint: ["/bin/sh", "-c"] }, [], /entrypoint as one word/],
    ["command", { command: ["echo", "two words"] }, [], /argument with spaces or quotes/],
    ["mounts /uploads", { mounts: [{ type: "bind" as const, source: "/srv/shop/uploads", target: "/uploads" }] }, [], /read-write only/],
    ["initProcess", { initProcess: true }, [], /no init option/],
  ] as [string, Record<string, unknown>, PolicyRuleId[], RegExp][])("Dockerrun v1 refuses %s", (field, extra, exceptions, problem) => {
    const { privileged, ...rest } = extra as { privileged?: boolean };
    const spec = service({ ...(rest as Partial<BundleService>), ...(privileged ? { security: { privileged: true } } : {}) }, [...V1_EXCEPTIONS, ...exceptions]);
    expectRefusal(() => render([spec], "dockerrun-v1"), { where: at, field, problem });
  });

  test("Dockerrun v1 runs exactly one container", () => {
    expectRefusal(() => render([service(), service({ name: "worker", ports: [] })], "dockerrun-v1"), {
      where: at,
      field: "services",
      value: ["app", "worker"],
      problem: /exactly one container/,
    });
  });

  test("Compose has no non-essential services and one environment for secrets", () => {
    expectRefusal(() => render([service({ essential: false })], "compose"), {
      where: at,
      field: "essential",
      value: false,
      problem: /no non-essential services/,
    });
    const other = service({ name: "worker", ports: [], secrets: { DB_PASSWORD: SecretRef.ssmParameter("/other/db-password") } });
    expectRefusal(() => render([service(), other], "compose"), {
      where: `${WHERE}/services[1]`,
      field: "secrets.DB_PASSWORD",
      problem: /same secret name for a different secret/,
    });
  });

  test("a bundle needs services, a known format, unique names and one published port", () => {
    expectRefusal(() => render([], "compose"), { where: WHERE, field: "services", value: [], problem: /at least one service/ });
    expectRefusal(() => render([service()], "zip" as never), { where: WHERE, field: "format", value: "zip", problem: /not a bundle format/ });
    expectRefusal(() => render([service(), service()], "compose"), { where: `${WHERE}/services[1]`, field: "name", value: "app", problem: /used twice/ });
    expectRefusal(() => render([service({ ports: [] })], "compose"), {
      where: WHERE,
      field: "ports",
      value: [],
      problem: /exactly one published instance port/,
    });
    const second = service({ name: "admin", ports: [{ containerPort: 9090, hostPort: 8081, hostIp: "0.0.0.0" }] });
    expectRefusal(() => render([service(), second], "dockerrun-v2"), {
      where: WHERE,
      field: "ports",
      value: ["app:80", "admin:8081"],
      problem: /exactly one published/,
    });
  });

  test("dependencies must name another service, wait for a health check that exists, and not loop", () => {
    const worker = (dependsOn: BundleService["dependsOn"], extra: Partial<BundleService> = {}) => service({ name: "worker", ports: [], dependsOn, ...extra });
    expectRefusal(() => render([service(), worker([{ service: "db" }])], "compose"), {
      where: `${WHERE}/services[1]`,
      field: "dependsOn[0].service",
      value: "db",
      problem: /not another service/,
    });
    expectRefusal(() => render([service({ healthCheck: undefined }, ["CIS-5.27"]), worker([{ service: "app" }])], "compose"), {
      where: `${WHERE}/services[1]`,
      field: "dependsOn[0].condition",
      value: "healthy",
      problem: /app has no health check to wait for/,
    });
    expectRefusal(() => render([service({ dependsOn: [{ service: "worker" }] }), worker([{ service: "app" }])], "compose"), {
      where: WHERE,
      field: "dependsOn",
      value: ["app", "worker", "app"],
      problem: /cycle/,
    });
  });

  test("secrets must be fetchable by ARN on a Beanstalk instance", () => {
    expectRefusal(() => render([service({ secrets: { API_TOKEN: SecretRef.secretsManager("shop/api-token") } })], "compose"), {
      where: at,
      field: "secrets.API_TOKEN",
      problem: /fetched by ARN/,
    });
    expectRefusal(() => render([service({ secrets: { API_TOKEN: SecretRef.hostFile("/run/keys/token") } })], "compose"), {
      where: at,
      field: "secrets.API_TOKEN",
      problem: /no host files of yours/,
    });
    expectRefusal(() => render([service()], "compose", { arnContext: undefined }), {
      where: at,
      field: "secrets.DB_PASSWORD",
      problem: /needs an account and region/,
    });
  });

  test("a Secrets Manager JSON key becomes the valueFrom suffix ECS expects", () => {
    const arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:shop/session-AbCdEf";
    const bundle = render([service({ secrets: { SESSION_KEY: SecretRef.secretsManager(arn, "key") } })], "dockerrun-v2");
    expect(readDockerrunV2(bundle.content)[0].secrets).toEqual({ SESSION_KEY: `${arn}:key::` });
    expect(bundle.secretArns).toEqual([{ valueFrom: `${arn}:key::`, resource: arn, service: "secretsmanager" }]);
  });
});
