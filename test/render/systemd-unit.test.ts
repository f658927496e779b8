import { readDockerRunArgs, renderSystemdUnit, SecretRef, unitName } from "cdktf-docker-environments";
import type { ContainerSpec } from "cdktf-docker-environments";
import { expectRefusal } from "../support/expect-refusal";
import { systemdExecArgv } from "../support/systemd-exec";

const DIGEST = `sha256:${"ab".repeat(32)}`;
const BASE: ContainerSpec = { name: "worker", image: "registry.example.com/team/worker:2.3.0", healthCheck: { command: "worker healthcheck" } };

function line(unit: string, key: string): string[] {
  return unit
    .split("\n")
    .filter((l) => l.startsWith(`${key}=`))
    .map((l) => l.slice(key.length + 1));
}

describe("renderSystemdUnit", () => {
  test("unitName", () => expect(unitName("worker")).toBe("worker.service"));

  test("runs docker run --rm in the foreground; systemd is the only supervisor", () => {
    const unit = renderSystemdUnit(BASE);
    const argv = systemdExecArgv(unit);
    expect(argv[0]).toBe("/usr/bin/docker");
    const reading = readDockerRunArgs(argv.slice(1));
    expect(reading.removeOnExit).toBe(true);
    expect(reading.detach).toBe(false);
    expect(reading.settings.restart).toEqual({ policy: "no" });
    expect(line(unit, "Type")).toEqual(["exec"]);
    expect(line(unit, "Restart")).toEqual(["on-failure"]);
    expect(line(unit, "StartLimitBurst")).toEqual(["5"]);
    expect(line(unit, "TimeoutStopSec")).toEqual(["40"]);
    expect(systemdExecArgv(unit, "ExecStop")).toEqual(["/usr/bin/docker", "stop", "--time", "10", "worker"]);
    expect(systemdExecArgv(unit, "ExecStartPre")).toEqual(["/usr/bin/docker", "rm", "--force", "worker"]);
    expect(line(unit, "ExecStartPre")[0].startsWith("-")).toBe(true);
  });

  test.each([
    [{ policy: "no" as const }, "no", []],
    [{ policy: "on-failure" as const, maxRetries: 3 }, "on-failure", []],
    [{ policy: "always" as const }, "always", [{ rule: "CIS-5.15" as const, reason: "a queue worker must come back" }]],
    [{ policy: "unless-stopped" as const }, "always", [{ rule: "CIS-5.15" as const, reason: "a queue worker must come back" }]],
  ])("restart %j becomes Restart=%s", (restart, expected, exceptions) => {
    expect(line(renderSystemdUnit({ ...BASE, restart, exceptions }), "Restart")).toEqual([expected]);
  });

  test("a tag is pulled every start; a digest only when missing", () => {
    expect(line(renderSystemdUnit(BASE), "ExecStartPre")[1]).toBe("/usr/bin/docker pull registry.example.com/team/worker:2.3.0");
    const pinned = renderSystemdUnit({ ...BASE, image: `registry.example.com/team/worker@${DIGEST}` });
    const pull = line(pinned, "ExecStartPre")[1];
    expect(pull).toContain("image inspect");
    expect(pull).toContain(`registry.example.com/team/worker@${DIGEST}`);
  });

  test("environment layers are EnvironmentFile lines in order, their variables passed by name", () => {
    const unit = renderSystemdUnit(BASE, {
      environmentLayers: [
        { name: "cluster", path: "/etc/app/cluster.env", variables: ["REGION", "LOG_LEVEL"] },
        { name: "local", path: "/etc/app/local.env", variables: ["LOG_LEVEL"] },
      ],
    });
    expect(line(unit, "EnvironmentFile")).toEqual(["/etc/app/cluster.env", "/etc/app/local.env"]);
    expect(readDockerRunArgs(systemdExecArgv(unit).slice(1)).passEnvironment).toEqual(["LOG_LEVEL", "REGION"]);
  });

  test.each([
    ["a relative path", { name: "local", path: "local.env", variables: [] }, "environmentLayers[0].path", "local.env"],
    [
      "a path with a newline (would inject a directive)",
      { name: "x", path: "/etc/a.env\nExecStartPre=/bin/true", variables: [] },
      "environmentLayers[0].path",
      "/etc/a.env\nExecStartPre=/bin/true",
    ],
    ["a path with a % specifier", { name: "x", path: "/etc/%i.env", variables: [] }, "environmentLayers[0].path", "/etc/%i.env"],
    ["an invalid variable name", { name: "x", path: "/etc/a.env", variables: ["--privileged"] }, "environmentLayers[0].variables", "--privileged"],
  ])("an environment layer with %s is refused", (_label, layer, field, value) => {
    expectRefusal(() => renderSystemdUnit(BASE, { environmentLayers: [layer], where: "hosts/a/worker" }), { where: "hosts/a/worker", field, value });
  });

  test("secrets are fetched on the host into a runtime directory; the unit holds references only", () => {
    const unit = renderSystemdUnit({
      ...BASE,
      user: "10001:10001",
      secrets: { DB_PASSWORD: SecretRef.ssmParameter("/prod/db/password"), API_KEY: SecretRef.secretsManager("prod/api", "key") },
    });
    expect(line(unit, "RuntimeDirectory")).toEqual(["cdktf-docker-environments/worker/secrets"]);
    expect(line(unit, "RuntimeDirectoryMode")).toEqual(["0700"]);
    const fetches = unit.split("\n").filter((l) => l.startsWith("ExecStartPre=") && l.includes("fetch-secret-"));
    expect(fetches).toHaveLength(2);
    expect(fetches.join("\n")).toContain("/prod/db/password");
    expect(fetches.join("\n")).toContain("install -m 0400 -o 10001 -g 10001");
    const settings = readDockerRunArgs(systemdExecArgv(unit).slice(1)).settings;
    expect(settings.environment).toEqual({ API_KEY_FILE: "/run/secrets/API_KEY", DB_PASSWORD_FILE: "/run/secrets/DB_PASSWORD" });
    expect(settings.mounts.map((m) => m.target)).toEqual(["/run/secrets/API_KEY", "/run/secrets/DB_PASSWORD"]);
  });

  test("host-file secrets need no fetch and no runtime directory", () => {
    const unit = renderSystemdUnit({ ...BASE, secrets: { TOKEN: SecretRef.hostFile("/srv/worker/token") } });
    expect(unit).not.toContain("RuntimeDirectory=");
    expect(unit).not.toContain("fetch-secret-");
  });

  test("awkward command strings survive systemd's quoting", () => {
    const command = ["sh", "-c", "echo \"100% of $HOME\" ; printf '%s\\n' ${X}", "", "multi\nline"];
    const argv = systemdExecArgv(renderSystemdUnit({ ...BASE, command }));
    expect(argv.slice(argv.indexOf(BASE.image) + 1)).toEqual(command);
  });

  test("the policy is checked before rendering", () => {
    expect(() => renderSystemdUnit({ ...BASE, user: "root" }, { where: "hosts/a" })).toThrow(/^hosts\/a: policy CIS-4\.1 .*Fix: /);
  });
});
