/**
 * One service model, three renderings: for random valid specs, what each rendering says when
 * read back must be the resolved spec, setting by setting.
 *
 *  (a) docker run argv        renderDockerRunArgs -> readDockerRunArgs
 *  (b) systemd unit           renderSystemdUnit -> ExecStart unquoted as systemd does -> readDockerRunArgs
 *  (c) docker_container JSON  HardenedContainer in a stack -> Testing.synth -> readDockerContainerJson
 *
 * Normalisation, and why:
 *  - entrypoint/command are compared as the process argv plus "is the entrypoint overridden":
 *    docker run takes only entrypoint[0] as --entrypoint, the rest follows the image.
 *  - restart: under systemd the container runs with --rm and no restart policy (systemd is the
 *    supervisor); the unit's Restart= line is checked against the policy instead.
 *  - pidsLimit: docker_container cannot express it (no pids_limit in the provider); asserted
 *    absent there, then taken from the resolved spec (the policy aspect warns about CIS-5.29).
 *  - image: docker_container's image is a reference to docker_image; the image label carries
 *    the reference and is consumed by the reader (asserted not left among the labels).
 *  - secrets: references are never visible in a rendering; each reading has none, while the
 *    mounts and <NAME>_FILE variables they become are compared like any other.
 */
import fc from "fast-check";
import { Testing, TerraformStack } from "cdktf";
import {
  checkContainerPolicy,
  HardenedContainer,
  readDockerContainerJson,
  readDockerRunArgs,
  renderDockerRunArgs,
  renderSystemdUnit,
  resolveContainer,
} from "cdktf-docker-environments";
import type { ContainerSettings, ContainerSpec, PolicyResult } from "cdktf-docker-environments";
import { systemdExecArgv } from "../support/systemd-exec";
import { containerSpec } from "./container-spec-arbitrary";

const NUM_RUNS = Number(process.env.NUM_RUNS ?? 100);
const IMAGE_LABEL = "io.cdktf-docker-environments.image";

type Normalised = Omit<ContainerSettings, "entrypoint" | "command" | "secrets"> & { entrypointOverridden: boolean; argv: string[] };

function normalise(s: ContainerSettings): Normalised {
  const { entrypoint, command, secrets: _secrets, ...rest } = s;
  return { ...rest, entrypointOverridden: entrypoint !== undefined, argv: [...(entrypoint ?? []), ...(command ?? [])] };
}

/** Compares two normalised settings key by key, so a failure names the setting that disagrees. */
function expectSameSettings(rendering: string, actual: Normalised, expected: Normalised): void {
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  for (const key of keys) {
    const a = (actual as unknown as Record<string, unknown>)[key];
    const e = (expected as unknown as Record<string, unknown>)[key];
    expect({ rendering, setting: key, value: a }).toEqual({ rendering, setting: key, value: e });
  }
}

/** Policy results compare by rule and reason (problem texts name the same values). */
function policySummary(result: PolicyResult) {
  return {
    violations: result.violations.map((v) => v.rule),
    excused: result.excused.map((v) => [v.rule, v.reason]),
    unusedExceptions: result.unusedExceptions,
    unenforceable: result.unenforceable.map((v) => v.rule),
  };
}

function synthesizedContainer(spec: ContainerSpec): Record<string, unknown> {
  const stack = new TerraformStack(Testing.app(), "stack");
  new HardenedContainer(stack, "svc", { spec });
  const containers = (JSON.parse(Testing.synth(stack)) as { resource: { docker_container: Record<string, Record<string, unknown>> } }).resource
    .docker_container;
  const all = Object.values(containers);
  expect(all).toHaveLength(1);
  return all[0];
}

/**
 * Terraform reads every string in *.tf.json as a template. Outside the references cdktf
 * resolved (`${docker_image.<id>.image_id}`), no `${` or `%{` may remain unescaped.
 */
function expectNoTemplateSequences(value: unknown, where: string[] = []): void {
  if (typeof value === "string") {
    const reference = /^\$\{docker_\w+\.[\w-]+\.\w+\}$/;
    if (reference.test(value)) return;
    // An escape is read left to right; a placeholder keeps its neighbours apart.
    const unescaped = value.replace(/\$\$\{/g, "\0").replace(/%%\{/g, "\0");
    expect({ at: where.join("."), value, interpolates: /\$\{|%\{/.test(unescaped) }).toEqual({ at: where.join("."), value, interpolates: false });
  } else if (Array.isArray(value)) value.forEach((v, i) => expectNoTemplateSequences(v, [...where, String(i)]));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) expectNoTemplateSequences(v, [...where, k]);
}

const SYSTEMD_RESTART: Record<string, string> = { no: "no", "on-failure": "on-failure", always: "always", "unless-stopped": "always" };

test("docker run, systemd and docker_container renderings read back as the resolved spec", () => {
  fc.assert(
    fc.property(containerSpec, (spec) => {
      const resolved = resolveContainer(spec, "property");
      const expected = normalise(resolved);
      const expectedPolicy = policySummary(checkContainerPolicy(resolved));
      expect(expectedPolicy.violations).toEqual([]);

      // (a) docker run
      const run = readDockerRunArgs(renderDockerRunArgs(spec));
      expect(run.detach).toBe(true);
      expect(run.removeOnExit).toBe(false);
      expect(run.passEnvironment).toEqual([]);
      expect(run.settings.secrets).toEqual({});
      expectSameSettings("docker run", normalise(run.settings), expected);
      expect(policySummary(checkContainerPolicy(run.settings))).toEqual(expectedPolicy);

      // (b) systemd unit
      const unit = renderSystemdUnit(spec);
      const argv = systemdExecArgv(unit);
      expect(argv[0]).toBe("/usr/bin/docker");
      const viaSystemd = readDockerRunArgs(argv.slice(1));
      expect(viaSystemd.removeOnExit).toBe(true);
      expect(viaSystemd.detach).toBe(false);
      expect(viaSystemd.settings.restart).toEqual({ policy: "no" });
      expect(unit.split("\n").filter((l) => l.startsWith("Restart="))).toEqual([`Restart=${SYSTEMD_RESTART[resolved.restart.policy]}`]);
      expect(viaSystemd.settings.secrets).toEqual({});
      const systemdSettings = { ...viaSystemd.settings, restart: resolved.restart };
      expectSameSettings("systemd", normalise(systemdSettings), expected);
      expect(policySummary(checkContainerPolicy(systemdSettings))).toEqual(expectedPolicy);

      // (c) docker_container
      const json = synthesizedContainer(spec);
      expectNoTemplateSequences(json);
      const container = readDockerContainerJson(json);
      expect(container.pidsLimit).toBeUndefined(); // the provider cannot express it
      expect(JSON.stringify(json)).not.toMatch(/pids/i);
      expect(container.labels[IMAGE_LABEL]).toBeUndefined(); // consumed: it carried the image
      expect(container.secrets).toEqual({});
      const containerSettings = { ...container, pidsLimit: resolved.pidsLimit };
      expectSameSettings("docker_container", normalise(containerSettings), expected);
      expect(policySummary(checkContainerPolicy(containerSettings))).toEqual(expectedPolicy);
      // As the policy aspect sees it: no violation, and the pids limit unenforceable (a warning).
      const asAspect = policySummary(checkContainerPolicy(container, { notExpressible: ["CIS-5.29"] }));
      expect(asAspect).toEqual({ ...expectedPolicy, unenforceable: ["CIS-5.29"] });
    }),
    { numRuns: NUM_RUNS },
  );
});

test("the generator is not trivial: it reaches the awkward cases", () => {
  const samples = fc.sample(containerSpec, { numRuns: 300, seed: 42 });
  const text = (s: ContainerSpec) => JSON.stringify([s.entrypoint, s.command, s.environment, s.labels, s.healthCheck]);
  expect(samples.some((s) => s.entrypoint && s.entrypoint.length > 1)).toBe(true);
  expect(samples.some((s) => /[ $%"'\n]/.test(text(s)))).toBe(true);
  expect(samples.some((s) => text(s).includes("${"))).toBe(true);
  expect(samples.some((s) => (s.exceptions ?? []).length >= 2)).toBe(true);
  expect(samples.some((s) => Object.keys(s.secrets ?? {}).length > 0)).toBe(true);
  expect(samples.some((s) => (s.mounts ?? []).some((m) => m.type === "tmpfs") && (s.mounts ?? []).some((m) => m.type === "bind"))).toBe(true);
  expect(samples.some((s) => (s.ports ?? []).some((p) => p.hostIp === "::1"))).toBe(true);
});
