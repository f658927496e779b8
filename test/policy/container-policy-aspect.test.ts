import { Aspects, Testing } from "cdktf";
import { ContainerPolicyAspect } from "cdktf-docker-environments";
import type { ContainerSpec } from "cdktf-docker-environments";
import { DockerContainer } from "../../lib/providers/docker";
import { dockerStack, localEnvironment, synthResources, warnings } from "../support/local-stack";

const WEB: ContainerSpec = { name: "web", image: "nginx:1.27", healthCheck: { command: "true" }, ports: [{ containerPort: 80, hostPort: 8080 }] };
const CONTAINER_PATH = "stack/env/web/container";

/** Synthesizes with validations and returns the error message (or fails if synth passes). */
function synthFailure(stack: Parameters<typeof Testing.synth>[0]): string {
  try {
    Testing.synth(stack, true);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected synth to fail");
}

describe("ContainerPolicyAspect in a LocalEnvironment", () => {
  test("the untouched environment synthesizes", () => {
    const { stack } = localEnvironment({ services: [WEB] });
    expect(() => synthResources(stack)).not.toThrow();
  });

  test("an escape-hatch override to privileged fails synth, naming CIS-5.5 and the construct path", () => {
    const { stack, env } = localEnvironment({ services: [WEB] });
    env.services.web.container.addOverride("privileged", true);
    const message = synthFailure(stack);
    expect(message).toContain(`${CONTAINER_PATH}: policy CIS-5.5 (no privileged containers) violated: the container is privileged. Fix: `);
  });

  test("the same override passes when the spec declares the exception", () => {
    const { stack, env } = localEnvironment({ services: [{ ...WEB, exceptions: [{ rule: "CIS-5.5", reason: "runs a nested engine for CI jobs" }] }] });
    env.services.web.container.addOverride("privileged", true);
    const container = Object.values(synthResources(stack).docker_container)[0];
    expect(container.privileged).toBe(true);
    expect(warnings(stack).filter((w) => w.message.includes("CIS-5.5"))).toEqual([]);
  });

  test.each<[string, string, unknown, string]>([
    ["memory 0 (no limit)", "memory", 0, "CIS-5.11"],
    ["a writable root filesystem", "read_only", false, "CIS-5.13"],
    ["a port on every interface", "ports", [{ internal: 80, external: 8080, ip: "0.0.0.0" }], "CIS-5.14"],
    ["no capability drop (undefined deletes)", "capabilities.drop", undefined, "CIS-5.4"],
    ["adding SYS_ADMIN", "capabilities.add", ["SYS_ADMIN"], "CIS-5.4"],
    ["a mounted Docker socket", "mounts", [{ type: "bind", source: "/var/run/docker.sock", target: "/var/run/docker.sock" }], "CIS-5.32"],
    ["the host PID namespace", "pid_mode", "host", "CIS-5.16"],
    ["a root user", "user", "0", "CIS-4.1"],
    ["restart always", "restart", "always", "CIS-5.15"],
    ["seccomp unconfined (arrays are appended)", "security_opts", ["seccomp=unconfined"], "CIS-5.22"],
    ["no security options", "security_opts", undefined, "CIS-5.26"],
  ])("an override to %s fails synth with %s", (_label, path, value, rule) => {
    const { stack, env } = localEnvironment({ services: [WEB] });
    env.services.web.container.addOverride(path, value);
    const message = synthFailure(stack);
    expect(message).toContain(`${CONTAINER_PATH}: policy ${rule} `);
    expect(message).toMatch(/Fix: /);
  });

  test("the aspect reads what synth writes: an empty array override is appended by cdktf and weakens nothing", () => {
    const { stack, env } = localEnvironment({ services: [WEB] });
    env.services.web.container.addOverride("security_opts", []);
    const container = Object.values(synthResources(stack).docker_container)[0];
    expect(container.security_opts).toEqual(["no-new-privileges:true"]);
  });

  test("an override of the image label to latest fails CIS-5.28", () => {
    const { stack, env } = localEnvironment({ services: [WEB] });
    env.services.web.container.addOverride("labels", [{ label: "io.cdktf-docker-environments.image", value: "nginx:latest" }]);
    expect(synthFailure(stack)).toContain(`${CONTAINER_PATH}: policy CIS-5.28 `);
  });

  test("CIS-5.29 is a warning on every container: the provider has no pids limit", () => {
    const { stack } = localEnvironment({ services: [WEB, { ...WEB, name: "api", ports: [] }] });
    synthResources(stack);
    const pids = warnings(stack).filter((w) => w.message.includes("CIS-5.29"));
    expect(pids.map((w) => w.path).sort()).toEqual(["stack/env/api/container", CONTAINER_PATH]);
    expect(pids[0].message).toMatch(/pids/);
  });

  test("a declared CIS-5.29 exception silences the pids warning and is not reported as unused", () => {
    const { stack } = localEnvironment({ services: [{ ...WEB, exceptions: [{ rule: "CIS-5.29", reason: "runs under the Docker provider locally" }] }] });
    synthResources(stack);
    expect(warnings(stack).filter((w) => w.message.includes("CIS-5.29"))).toEqual([]);
  });

  test("an exception the container does not need is a warning", () => {
    const { stack } = localEnvironment({ services: [{ ...WEB, exceptions: [{ rule: "CIS-5.5", reason: "left over from an experiment" }] }] });
    synthResources(stack);
    expect(warnings(stack)).toEqual(
      expect.arrayContaining([{ path: CONTAINER_PATH, message: expect.stringMatching(/exception CIS-5\.5 is declared but the container does not need it/) }]),
    );
  });

  test("requirePinnedImages refuses tagged images at construction", () => {
    expect(() => localEnvironment({ services: [WEB], policy: { requirePinnedImages: true } })).toThrow(
      /stack\/env\/web: policy CIS-5\.28 .*not pinned by digest/,
    );
  });
});

describe("ContainerPolicyAspect on any stack", () => {
  test("checks a hand-written docker_container", () => {
    const stack = dockerStack();
    new DockerContainer(stack, "raw", { name: "raw", image: "busybox:1.36" });
    Aspects.of(stack).add(new ContainerPolicyAspect());
    const message = synthFailure(stack);
    // Every default Docker leaves open is reported, at the resource's path.
    for (const rule of ["CIS-4.1", "CIS-5.4", "CIS-5.11", "CIS-5.12", "CIS-5.13", "CIS-5.26", "CIS-5.27"]) {
      expect(message).toContain(`stack/raw: policy ${rule} `);
    }
    expect(message).not.toContain("policy CIS-5.29"); // a warning, not an error
  });

  test("a hand-written container that meets the policy passes", () => {
    const stack = dockerStack();
    new DockerContainer(stack, "raw", {
      name: "raw",
      image: "busybox:1.36",
      user: "10001:10001",
      readOnly: true,
      capabilities: { drop: ["ALL"] },
      securityOpts: ["no-new-privileges"],
      memory: 64,
      cpus: "0.5",
      healthcheck: { test: ["CMD", "true"] },
    });
    Aspects.of(stack).add(new ContainerPolicyAspect());
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect(warnings(stack).map((w) => w.message)).toEqual([expect.stringMatching(/CIS-5\.29/)]);
  });
});
