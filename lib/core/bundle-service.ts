import type { ContainerSpec } from "./container-spec";

/** When a dependent container may start. */
export type StartCondition = "started" | "healthy" | "completed" | "succeeded";

/** A service started after another one. */
export interface ServiceDependency {
  /** The name of the other service in the same bundle. */
  readonly service: string;
  /**
   * `healthy` waits for the other service's health check (it must have one).
   * @default "healthy"
   */
  readonly condition?: StartCondition;
}

/**
 * A service of a Beanstalk source bundle: the shared ContainerSpec plus what only a group of
 * containers deployed together has (start order, which ones are essential).
 */
export interface BundleService extends ContainerSpec {
  /**
   * Essential: when it stops, the whole set stops and is replaced (ECS `essential`).
   * Compose and Dockerrun v1 have no such notion; a non-essential service is refused there.
   * @default true
   */
  readonly essential?: boolean;
  /**
   * Services to start first. In Dockerrun v2 a dependency also becomes a link, so this service
   * resolves the other by name on the bridge network.
   * @default []
   */
  readonly dependsOn?: ServiceDependency[];
  /**
   * Run a minimal init as PID 1 that reaps zombies and forwards signals (`docker run --init`).
   * @default false
   */
  readonly initProcess?: boolean;
}
