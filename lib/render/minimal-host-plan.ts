import type { DaemonConfig } from "../core/daemon-config";
import type { HostPlan } from "../core/host-plan";
import { buildDockerHostPlan } from "./docker-host-plan";
import { HOST_NAME_FILE } from "./deploy-script";

export interface MinimalHostPlanInput {
  /** The host's name in the environment; written to HOST_NAME_FILE for the deploy script. */
  readonly hostName: string;
  readonly engineVersion: string;
  readonly daemon: DaemonConfig;
  readonly dataDevice: string;
  readonly where: string;
}

/**
 * What a MinimalEnvironment host's user data installs: only what does not change with a deploy
 * (the pinned engine, daemon.json, storage on the data volume, the AWS CLI and jq the units use
 * to fetch secrets, and the host's name). Services, their units and configuration arrive through
 * SSM (lib/render/ssm-deploy-document.ts), so a new image or a configuration change never
 * changes the user data, and so never stops the instance.
 */
export function buildMinimalHostPlan(input: MinimalHostPlanInput): HostPlan {
  const base = buildDockerHostPlan({
    name: input.hostName,
    engineVersion: input.engineVersion,
    daemon: input.daemon,
    dataDevice: input.dataDevice,
    services: [],
    where: input.where,
  });
  return {
    ...base,
    packages: [...new Set([...base.packages, "jq"])].sort(),
    // Ubuntu 24.04 ships the AWS CLI only as a snap; the units fetch their secrets with it.
    storagePreparation: [...base.storagePreparation, "command -v aws >/dev/null 2>&1 || snap install aws-cli --classic"],
    files: [...base.files, { path: HOST_NAME_FILE, content: `${input.hostName}\n`, mode: "0644", owner: "root", group: "root" }],
  };
}
