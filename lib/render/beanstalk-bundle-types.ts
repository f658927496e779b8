import type { BundleService } from "../core/bundle-service";
import type { ContainerSettings } from "../core/container-settings";
import { secretMountPath } from "../core/secret-reference";
import type { ArnContext, SecretArn } from "./secret-arn";

/** A setting a bundle format cannot carry, named so it is never dropped silently (rendered as a synth warning). */
export interface BundleNote {
  readonly service: string;
  /** The ContainerSpec field, e.g. `resources.pidsLimit`. */
  readonly setting: string;
  /** What happens instead, and why. */
  readonly detail: string;
}

/** One service on its way into a bundle: the spec, its validated settings and its secrets as ARNs. */
export interface BundleServiceInput {
  readonly service: BundleService;
  /** The validated settings, with secrets delivered as environment variables (see beanstalkView). */
  readonly settings: ContainerSettings;
  /** Secret ARNs by variable name. */
  readonly secrets: Record<string, SecretArn>;
  /** Where the service came from, for error messages. */
  readonly where: string;
}

/** What every format renderer returns. */
export interface RenderedBundleFile {
  readonly fileName: "Dockerrun.aws.json" | "docker-compose.yml";
  readonly content: string;
  /** Plain Beanstalk environment properties the bundle relies on (Dockerrun v1 has no environment of its own). */
  readonly environmentProperties: Record<string, string>;
  /** Secret ARNs by name for `aws:elasticbeanstalk:application:environmentsecrets`. */
  readonly environmentSecrets: Record<string, string>;
  /** The instance port the load balancer forwards to. */
  readonly applicationPort: number;
  readonly notes: BundleNote[];
}

/** Options shared by the format renderers. */
export interface BundleFormatOptions {
  /** Task execution role for Dockerrun v2 (ECS fetches secrets with it). Required when a service has secrets. */
  readonly executionRoleArn?: string;
  /** How SSM parameter names become ARNs. */
  readonly arnContext?: ArnContext;
}

/**
 * The settings as Elastic Beanstalk delivers them: ECS and Beanstalk inject secrets as environment
 * variables, so the `/run/secrets/NAME` file mounts and `NAME_FILE` variables of the shared model go.
 */
export function beanstalkView(settings: ContainerSettings): ContainerSettings {
  const secretPaths = new Set(Object.keys(settings.secrets).map(secretMountPath));
  const environment = Object.fromEntries(
    Object.entries(settings.environment).filter(
      ([name, value]) => !(name.endsWith("_FILE") && secretPaths.has(value) && value === secretMountPath(name.slice(0, -5))),
    ),
  );
  return { ...settings, environment, mounts: settings.mounts.filter((m) => !secretPaths.has(m.target)) };
}

/** The note every format adds for a service with secrets. */
export function secretDeliveryNote(service: string, names: string[]): BundleNote {
  return {
    service,
    setting: "secrets",
    detail: `${names.join(", ")} arrive as environment variables fetched at start-up (Beanstalk and ECS cannot mount them as files); /run/secrets/<NAME> and <NAME>_FILE are not set`,
  };
}
