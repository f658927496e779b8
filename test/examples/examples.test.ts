import { Testing } from "cdktf";
import { buildExample } from "../../examples/local-hardened-service";
import { renderWorker, worker } from "../../examples/render-systemd-unit";

describe("examples (imported by package name, as a user would)", () => {
  test("local-hardened-service synthesizes a digest-pinned, hardened container", () => {
    const stack = buildExample(Testing.app());
    const json = JSON.parse(Testing.synth(stack, true));
    const containers = Object.values(json.resource.docker_container) as Record<string, unknown>[];
    expect(containers).toHaveLength(1);
    expect(containers[0]).toMatchObject({ read_only: true, capabilities: { drop: ["ALL"] }, user: "10001:10001" });
    expect(containers[0].ports).toEqual([{ external: 18080, internal: 8080, ip: "127.0.0.1", protocol: "tcp" }]);
  });

  test("render-systemd-unit fetches the secret on the host and never renders its value", () => {
    const { unit, dockerRun } = renderWorker();
    expect(unit).toContain("aws ssm get-parameter");
    expect(unit).toContain("/prod/worker/database-password");
    expect(unit).toContain("EnvironmentFile=/etc/cdktf-docker-environments/worker/local.env");
    expect(dockerRun).toContain("DATABASE_PASSWORD_FILE=/run/secrets/DATABASE_PASSWORD");
    expect(worker.secrets?.DATABASE_PASSWORD).toEqual({ kind: "ssm-parameter", name: "/prod/worker/database-password" });
  });
});
