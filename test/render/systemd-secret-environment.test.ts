import { SecretRef, renderSystemdUnit } from "cdktf-docker-environments";
import type { ContainerSpec } from "cdktf-docker-environments";
import { secretEnvironmentFile } from "../../lib/render/systemd-unit";
import type { SecretEnvironmentVariable } from "../../lib/render/systemd-unit";
import { expectRefusal } from "../support/expect-refusal";
import { execArgv, unitValues } from "../support/systemd-exec";

const SPEC: ContainerSpec = {
  name: "registry",
  image: `registry.example.com/distribution@sha256:${"ab".repeat(32)}`,
  healthCheck: { command: "true" },
};
const VARIABLES: SecretEnvironmentVariable[] = [
  { variable: "REGISTRY_HTTP_SECRET", secret: SecretRef.ssmParameter("/registry/http-secret") },
  { variable: "API_TOKEN", secret: SecretRef.secretsManager("prod/api", "token") },
  { variable: "FROM_HOST", secret: SecretRef.hostFile("/srv/secrets/value") },
];

describe("SystemdUnitOptions.secretEnvironment", () => {
  const unit = renderSystemdUnit(SPEC, { secretEnvironment: VARIABLES });

  test("the values are fetched into a root-only file on tmpfs, loaded with EnvironmentFile=- and passed by name only", () => {
    const file = secretEnvironmentFile("registry");
    expect(file).toBe("/run/cdktf-docker-environments/registry/secrets/environment.env");
    expect(unitValues(unit, "EnvironmentFile")).toEqual([`-${file}`]);
    expect(unitValues(unit, "RuntimeDirectory")).toEqual(["cdktf-docker-environments/registry/secrets"]);
    expect(unitValues(unit, "RuntimeDirectoryMode")).toEqual(["0700"]);
    const fetch = unitValues(unit, "ExecStartPre").find((l) => l.includes("fetch-secret-environment"))!;
    const argv = execArgv(fetch);
    expect(argv.slice(0, 2)).toEqual(["/bin/sh", "-c"]);
    expect(argv[2]).toMatch(/^set -eu; umask 077; /);
    expect(argv[2]).toContain('mv -f "$file.new" "$file"');
    expect(argv.slice(3)).toEqual([
      "fetch-secret-environment",
      file,
      ...["REGISTRY_HTTP_SECRET", "ssm-parameter", "/registry/http-secret", "-"],
      ...["API_TOKEN", "secrets-manager-json", "prod/api", "token"],
      ...["FROM_HOST", "host-file", "/srv/secrets/value", "-"],
    ]);
    // The fetch runs after the pull and before the start; docker gets the names, never values.
    const pre = unitValues(unit, "ExecStartPre");
    expect(pre.findIndex((l) => l.includes("fetch-secret-environment"))).toBe(pre.length - 1);
    const run = execArgv(unitValues(unit, "ExecStart")[0]);
    for (const name of ["REGISTRY_HTTP_SECRET", "API_TOKEN", "FROM_HOST"]) expect(run[run.indexOf(name) - 1]).toBe("--env");
    expect(run.filter((a) => a.includes("="))).not.toEqual(expect.arrayContaining([expect.stringMatching(/^(REGISTRY_HTTP_SECRET|API_TOKEN|FROM_HOST)=/)]));
  });

  test("without secret variables the unit has no environment file and no runtime directory", () => {
    const plain = renderSystemdUnit(SPEC);
    expect(unitValues(plain, "EnvironmentFile")).toEqual([]);
    expect(unitValues(plain, "RuntimeDirectory")).toEqual([]);
    expect(plain).not.toContain("fetch-secret-environment");
  });

  test("refuses a bad name, a literal value, a variable set twice or by a layer", () => {
    const where = "container registry";
    expectRefusal(() => renderSystemdUnit(SPEC, { secretEnvironment: [{ variable: "1BAD", secret: SecretRef.ssmParameter("/x") }] }), {
      where,
      field: "secretEnvironment[0].variable",
      value: "1BAD",
      problem: /not a valid environment variable name/,
    });
    const literal = expectRefusal(() => renderSystemdUnit(SPEC, { secretEnvironment: [{ variable: "TOKEN", secret: "hunter2-literal" as never }] }), {
      where,
      field: "secretEnvironment[0].secret",
      value: "<redacted literal>",
      problem: /a secret was given as a literal value/,
    });
    expect(literal.message).not.toContain("hunter2");
    expectRefusal(() => renderSystemdUnit(SPEC, { secretEnvironment: [VARIABLES[0], VARIABLES[0]] }), {
      where,
      field: "secretEnvironment[1].variable",
      value: "REGISTRY_HTTP_SECRET",
      problem: /is set twice/,
    });
    expectRefusal(
      () =>
        renderSystemdUnit(SPEC, {
          secretEnvironment: [VARIABLES[0]],
          environmentLayers: [{ name: "cluster", path: "/etc/app/cluster.env", variables: ["REGISTRY_HTTP_SECRET"] }],
        }),
      { where, field: "secretEnvironment[0].variable", value: "REGISTRY_HTTP_SECRET", problem: /is set twice \(by another secret or a configuration layer\)/ },
    );
    expectRefusal(() => renderSystemdUnit(SPEC, { secretEnvironment: [{ variable: "X", secret: SecretRef.hostFile("relative/path") }] }), {
      where,
      field: "secretEnvironment[0].secret",
    });
  });
});
