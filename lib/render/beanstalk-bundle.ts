import type { BeanstalkBundleFormat } from "../core/beanstalk-platform";
import type { BundleService } from "../core/bundle-service";
import type { ContainerSettings } from "../core/container-settings";
import type { PolicyRuleId } from "../core/policy-exception";
import { SpecError, SpecErrors } from "../core/spec-error";
import type { PolicyContext } from "../policy/container-rules";
import { checkContainerPolicy } from "../policy/container-rules";
import { validateContainer } from "../policy/validate-container";
import type { BundleFormatOptions, BundleServiceInput, RenderedBundleFile } from "./beanstalk-bundle-types";
import { beanstalkView } from "./beanstalk-bundle-types";
import { renderDockerCompose } from "./docker-compose";
import { readDockerrunV1, renderDockerrunV1 } from "./dockerrun-v1";
import { renderDockerrunV2 } from "./dockerrun-v2";
import { readDockerCompose } from "./read-docker-compose";
import { readDockerrunV2 } from "./read-dockerrun-v2";
import type { SecretArn } from "./secret-arn";
import { secretReferenceArn } from "./secret-arn";

export const BUNDLE_FORMATS: readonly BeanstalkBundleFormat[] = ["dockerrun-v1", "dockerrun-v2", "compose"];

/** Policy rules a format has no field for at all: their failures become warnings (like the pids limit of the Docker provider). */
const NOT_EXPRESSIBLE: Record<BeanstalkBundleFormat, PolicyRuleId[]> = { "dockerrun-v1": ["CIS-5.29"], "dockerrun-v2": ["CIS-5.29"], compose: [] };

export interface BeanstalkBundleOptions extends BundleFormatOptions {
  readonly format: BeanstalkBundleFormat;
  /** Construct path or name, for error messages. */
  readonly where: string;
  /**
   * @default {} (tags allowed; latest and untagged images refused)
   */
  readonly policy?: PolicyContext;
}

/** A rendered source bundle file plus what the environment needs to run it. */
export interface BeanstalkBundle extends RenderedBundleFile {
  readonly format: BeanstalkBundleFormat;
  /** Each service's validated settings as Beanstalk delivers them. */
  readonly settings: ContainerSettings[];
  /** The policy exceptions the rendering relies on, for tags where the format carries no labels. */
  readonly excused: { readonly service: string; readonly rule: PolicyRuleId; readonly reason: string }[];
  /** Every secret the services reference, for read grants. */
  readonly secretArns: SecretArn[];
}

/**
 * Renders services into one Elastic Beanstalk source bundle file. Each service is validated and
 * policy-checked as everywhere else; the rendering is then read back and checked again, so a
 * hardened setting the format cannot carry is refused (or, where no format field exists at all,
 * named as a note), never dropped silently.
 */
export function renderBeanstalkBundle(services: BundleService[], options: BeanstalkBundleOptions): BeanstalkBundle {
  const { format, where } = options;
  if (!BUNDLE_FORMATS.includes(format)) throw new SpecError(where, "format", format, "not a bundle format", `use one of ${BUNDLE_FORMATS.join(", ")}`);
  if (!Array.isArray(services) || services.length === 0) {
    throw new SpecError(where, "services", services, "a bundle needs at least one service", "pass services: [{ name, image, ... }]");
  }
  checkDependencies(services, where);
  const inputs: BundleServiceInput[] = services.map((service, i) => {
    const serviceWhere = `${where}/services[${i}]`;
    const settings = beanstalkView(validateContainer(service, serviceWhere, options.policy));
    const secrets = Object.fromEntries(
      Object.entries(settings.secrets).map(([name, ref]) => [name, secretReferenceArn(ref, options.arnContext, serviceWhere, `secrets.${name}`)]),
    );
    return { service, settings, secrets, where: serviceWhere };
  });
  const published = inputs.flatMap((i) => i.settings.ports.map((p) => ({ service: i.service.name, port: p })));
  if (format !== "dockerrun-v1" && published.length !== 1) {
    throw new SpecError(
      where,
      "ports",
      published.map((p) => `${p.service}:${p.port.hostPort}`),
      "the load balancer forwards to exactly one published instance port, and any other would be exposed on the instance",
      'publish one port of the service that takes the traffic, e.g. { containerPort: 8080, hostPort: 80, hostIp: "0.0.0.0" }; the others are reached over the bundle\'s network',
    );
  }
  const applicationPort = published[0]?.port.hostPort ?? 80;
  const file =
    format === "dockerrun-v1"
      ? renderDockerrunV1(inputs)
      : format === "dockerrun-v2"
        ? renderDockerrunV2(inputs, applicationPort, where, options)
        : renderDockerCompose(inputs, applicationPort);

  const readBack = readBundleSettings(format, file, inputs);
  const errors = new SpecErrors(where);
  const notes = [...file.notes];
  const excused: BeanstalkBundle["excused"] = [];
  readBack.forEach((settings, i) => {
    const name = inputs[i].service.name;
    const result = checkContainerPolicy(settings, { ...options.policy, notExpressible: NOT_EXPRESSIBLE[format] });
    for (const v of result.violations) {
      errors.add(
        "format",
        format,
        `${format} cannot express policy ${v.rule} (${v.title}) for the service ${name}: ${v.problem}`,
        `use format "compose", which can, or declare exceptions: [{ rule: "${v.rule}", reason: "…" }] on ${name}`,
      );
    }
    for (const v of result.unenforceable) {
      const limit = inputs[i].settings.pidsLimit;
      notes.push({
        service: name,
        setting: "resources.pidsLimit",
        detail: `${format} has no pids limit, so the limit ${limit} is not enforced (policy ${v.rule}, ${v.title})`,
      });
    }
    for (const e of result.excused) excused.push({ service: name, rule: e.rule, reason: e.reason });
  });
  errors.throwIfAny();
  return {
    ...file,
    notes,
    format,
    settings: inputs.map((i) => i.settings),
    excused,
    secretArns: inputs.flatMap((i) => Object.values(i.secrets)),
  };
}

/** The settings the engine will apply, read back from the rendered file (labels carry the exceptions; v1 has none, so the spec's are used). */
export function readBundleSettings(format: BeanstalkBundleFormat, file: RenderedBundleFile, inputs: BundleServiceInput[]): ContainerSettings[] {
  if (format === "dockerrun-v1") {
    const source = inputs[0].settings;
    return [{ ...readDockerrunV1(file.content, source.name, file.environmentProperties), labels: source.labels }];
  }
  const read = format === "dockerrun-v2" ? readDockerrunV2(file.content).map((c) => c.settings) : readDockerCompose(file.content).map((c) => c.settings);
  return inputs.map((input) => read.find((s) => s.name === input.service.name) as ContainerSettings);
}

function checkDependencies(services: BundleService[], where: string): void {
  const byName = new Map<string, BundleService>();
  services.forEach((s, i) => {
    if (byName.has(s?.name))
      throw new SpecError(`${where}/services[${i}]`, "name", s.name, "the service name is used twice", "give every service a unique name");
    byName.set(s?.name, s);
  });
  services.forEach((s, i) => {
    (s.dependsOn ?? []).forEach((d, j) => {
      const field = `dependsOn[${j}]`;
      const target = byName.get(d?.service);
      if (target === undefined || d.service === s.name) {
        throw new SpecError(
          `${where}/services[${i}]`,
          `${field}.service`,
          d?.service,
          "not another service of this bundle",
          `use one of ${[...byName.keys()].filter((n) => n !== s.name).join(", ")}`,
        );
      }
      const condition = d.condition ?? "healthy";
      if (!["started", "healthy", "completed", "succeeded"].includes(condition)) {
        throw new SpecError(
          `${where}/services[${i}]`,
          `${field}.condition`,
          condition,
          "not a start condition",
          'use "started", "healthy", "completed" or "succeeded"',
        );
      }
      if (condition === "healthy" && target.healthCheck === undefined) {
        throw new SpecError(
          `${where}/services[${i}]`,
          `${field}.condition`,
          condition,
          `${d.service} has no health check to wait for`,
          `give ${d.service} a healthCheck, or use condition "started"`,
        );
      }
    });
  });
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (name: string, path: string[]): void => {
    if (done.has(name)) return;
    if (visiting.has(name))
      throw new SpecError(where, "dependsOn", [...path, name], "the services depend on each other in a cycle", "remove one dependency of the cycle");
    visiting.add(name);
    for (const d of byName.get(name)?.dependsOn ?? []) visit(d.service, [...path, name]);
    visiting.delete(name);
    done.add(name);
  };
  for (const name of byName.keys()) visit(name, []);
}
