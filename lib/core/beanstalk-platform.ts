/**
 * Elastic Beanstalk platforms that run containers, by the bundle format they take. Names from the
 * "Elastic Beanstalk supported platforms" page (Docker section, January 2026 platform release).
 */

/** The source bundle formats a BeanstalkEnvironment renders. */
export type BeanstalkBundleFormat = "dockerrun-v1" | "dockerrun-v2" | "compose";

/** The two container platform branches. */
export type BeanstalkPlatformBranch = "docker" | "ecs";

/** Current solution stacks of the two branches on Amazon Linux 2023. */
export const BEANSTALK_SOLUTION_STACKS: Record<BeanstalkPlatformBranch, string> = {
  /** Docker running on AL2023: Dockerrun.aws.json v1 or docker-compose.yml. */
  docker: "64bit Amazon Linux 2023 v4.9.1 running Docker",
  /** ECS running on AL2023: Dockerrun.aws.json v2 (ECS container definitions). */
  ecs: "64bit Amazon Linux 2023 v4.3.2 running ECS",
};

/** The platform branch a bundle format needs. */
export function platformBranchOf(format: BeanstalkBundleFormat): BeanstalkPlatformBranch {
  return format === "dockerrun-v2" ? "ecs" : "docker";
}

/** Which branch a solution stack name or platform ARN belongs to, or undefined when it runs no containers. */
export function platformBranchOfStack(nameOrArn: string): BeanstalkPlatformBranch | undefined {
  if (/running ECS/i.test(nameOrArn) || /platform\/ECS running on/i.test(nameOrArn)) return "ecs";
  if (/running Docker/i.test(nameOrArn) || /platform\/Docker running on/i.test(nameOrArn)) return "docker";
  return undefined;
}
