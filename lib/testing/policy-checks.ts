import type { IConstruct } from "constructs";
import { Testing } from "cdktf";
import type { TerraformStack } from "cdktf";
import { checkContainerPolicy, formatViolation } from "../policy/container-rules";
import type { PolicyContext } from "../policy/container-rules";
import { readDockerContainerJson } from "../render/read-docker-container";
import type { DockerContainerJson } from "../render/read-docker-container";
import { readDockerRunArgs } from "../render/read-docker-run-args";
import { deployedUnits, plannedHosts, serviceDockerRun } from "./host-services";
import { systemdExecArgv } from "./systemd-exec";
import { synthesizedJson } from "./synthesized";

/** What the policy check looked at, and what it found. */
export interface PolicyReport {
  /** Each docker_container and each rendered unit checked, by construct path or address. */
  readonly checked: string[];
  /** One line per violation without an exception: where, rule, problem and fix. */
  readonly violations: string[];
}

/**
 * Checks every container the stack would run against the container policy, on what is actually
 * rendered: each synthesized `docker_container` (as Terraform receives it, escape-hatch overrides
 * included; pids limits are not expressible there, as in ContainerPolicyAspect) and each
 * `docker run` of a systemd unit on every bootstrapped host plan or delivered by a deploy
 * (MinimalEnvironment's SSM documents), read back from the unit.
 */
export function checkStackPolicy(stack: TerraformStack, context: PolicyContext = {}): PolicyReport {
  const checked: string[] = [];
  const violations: string[] = [];
  // Without the stack's validations: a ContainerPolicyAspect would throw on the first violation; this lists them all.
  const json = synthesizedJson(Testing.synth(stack, false));
  const dockerContext: PolicyContext = { ...context, notExpressible: [...(context.notExpressible ?? []), "CIS-5.29"] };
  for (const [id, container] of Object.entries(json.resource?.docker_container ?? {})) {
    const where = `docker_container.${id}`;
    checked.push(where);
    const result = checkContainerPolicy(readDockerContainerJson(container as DockerContainerJson), dockerContext);
    violations.push(...result.violations.map((v) => formatViolation(where, v)));
  }
  for (const host of plannedHosts(stack as IConstruct)) {
    for (const unit of host.plan.services.filter((s) => s.endsWith(".service"))) {
      const service = unit.replace(/\.service$/, "");
      const argv = serviceDockerRun(host, service);
      if (!/(^|\/)docker$/.test(argv[0] ?? "") || argv[1] !== "run") continue;
      const where = `${host.path}/${unit}`;
      checked.push(where);
      const result = checkContainerPolicy(readDockerRunArgs(["docker", ...argv.slice(1)]).settings, context);
      violations.push(...result.violations.map((v) => formatViolation(where, v)));
    }
  }
  for (const deployed of deployedUnits(stack as IConstruct)) {
    const argv = systemdExecArgv(deployed.unit);
    if (!/(^|\/)docker$/.test(argv[0] ?? "") || argv[1] !== "run") continue;
    checked.push(deployed.where);
    const result = checkContainerPolicy(readDockerRunArgs(["docker", ...argv.slice(1)]).settings, context);
    violations.push(...result.violations.map((v) => formatViolation(deployed.where, v)));
  }
  return { checked, violations };
}

/** Throws an Error listing every violation; also when nothing was checked (a policy test that checks nothing passes nothing). */
export function assertPolicyPasses(stack: TerraformStack, context: PolicyContext = {}): PolicyReport {
  const report = checkStackPolicy(stack, context);
  if (report.checked.length === 0) throw new Error(`${stack.node.path}: no docker_container and no bootstrapped host unit to check`);
  if (report.violations.length) throw new Error(`${report.violations.length} policy violation(s):\n${report.violations.join("\n")}`);
  return report;
}
