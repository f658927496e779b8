import type { ContainerSpec } from "../core/container-spec";
import type { DaemonConfig } from "../core/daemon-config";
import type { HostPlan } from "../core/host-plan";
import { isAbsolutePath } from "../core/quantities";
import { SpecError, SpecErrors } from "../core/spec-error";
import {
  fstabByUuid,
  formatIfBlank,
  mountFromFstab,
  requireFilesystem,
  requireKernelFilesystem,
  requireMountedFrom,
  requireMountForUnit,
  waitForDevice,
} from "../core/storage-preparation";
import type { WebRelease } from "../core/web-release";
import type { PolicyContext } from "../policy/container-rules";
import { awslogsOptions } from "./cloudwatch-agent";
import { buildDockerHostPlan, linkEbsDeviceName } from "./docker-host-plan";
import { unitName } from "./systemd-unit";

/** The web service as the environment takes it: a ContainerSpec whose image, ports and logging the environment sets. */
export type WebServiceSpec = Omit<ContainerSpec, "image" | "ports" | "logging"> & {
  /** The port the service listens on inside the container; published on the same host port for the load balancer. */
  readonly containerPort: number;
};

/** Where the EBS data volume of the web service is attached (the Docker data volume is at /dev/sdf). */
export const WEB_DATA_DEVICE_NAME = "/dev/sdg";

/** The service's data volume on the host: device, mount point and the owner the container runs as. */
export interface WebDataVolumeMount {
  /** Absolute path inside the container. */
  readonly containerPath: string;
  /** Where the volume is mounted on the host. */
  readonly hostPath: string;
  readonly device: string;
}

/** The filesystem label of a service data volume (XFS labels hold at most 12 characters). */
const DATA_LABEL = "svc-data";

/**
 * The container the hosts run for one release: the user's spec with the release's image, its
 * port published on every host address for the load balancer (CIS 5.14, excused: the host's
 * security group admits only the load balancer on it), logs to the service's CloudWatch Logs
 * group through awslogs, and the data volume bind-mounted read-write when there is one.
 */
export function webContainerSpec(
  service: WebServiceSpec,
  release: WebRelease,
  logGroupName: string,
  dataVolume: WebDataVolumeMount | undefined,
  where: string,
): ContainerSpec {
  const errors = new SpecErrors(where);
  for (const key of ["image", "ports", "logging"] as const) {
    if ((service as Record<string, unknown>)?.[key] !== undefined) {
      const fix = {
        image: "list the image in releases (and pick one with activeRelease)",
        ports: "set containerPort; the environment publishes it for the load balancer",
        logging: "leave logging out; the environment sends the logs to the service's CloudWatch Logs group",
      }[key];
      errors.add(`service.${key}`, (service as Record<string, unknown>)[key], "is set by the environment", fix);
    }
  }
  const port = service?.containerPort;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    errors.add("service.containerPort", port, "not a port number 1-65535", "use the port the service listens on, e.g. 8080");
  }
  if (dataVolume !== undefined) {
    if (!isAbsolutePath(dataVolume.containerPath) || dataVolume.containerPath === "/") {
      errors.add("dataVolume.containerPath", dataVolume.containerPath, "not an absolute path below /", "use e.g. /var/lib/app");
    }
    if (!/^\d+(:\d+)?$/.test(service?.user ?? "65534:65534")) {
      errors.add(
        "service.user",
        service?.user,
        "the data volume is handed to the service's user by id, and a name is only known inside the image",
        'use a numeric "uid:gid", e.g. "10001:10001"',
      );
    }
  }
  errors.throwIfAny();
  const { containerPort, ...spec } = service;
  return {
    ...spec,
    image: release.image,
    ports: [{ containerPort, hostPort: containerPort, hostIp: "0.0.0.0" }],
    logging: { driver: "awslogs", options: awslogsOptions(logGroupName, where) },
    mounts: [
      ...(spec.mounts ?? []),
      ...(dataVolume ? [{ type: "bind" as const, source: dataVolume.hostPath, target: dataVolume.containerPath, readOnly: false }] : []),
    ],
    labels: { ...(spec.labels ?? {}), "org.opencontainers.image.version": release.version },
    exceptions: [
      ...(spec.exceptions ?? []),
      {
        rule: "CIS-5.14",
        reason: "the load balancer reaches the service on the host's private address; the host's security group admits only the load balancer on this port",
      },
    ],
  };
}

/**
 * Formats (only when blank) and mounts the service's data volume, hands its root to the
 * service's user and makes the service's unit wait for the mount, so a volume that failed to
 * attach never lets the service write to the root disk. Each command is idempotent.
 */
export function dataVolumePreparation(mount: WebDataVolumeMount, owner: string, serviceUnit: string): string[] {
  const [uid, gid] = owner.split(":");
  return [
    linkEbsDeviceName(mount.device),
    waitForDevice(mount.device),
    requireKernelFilesystem("xfs"),
    formatIfBlank(mount.device, ["mkfs.xfs", "-L", DATA_LABEL]),
    requireFilesystem(mount.device, "xfs"),
    fstabByUuid(mount.device, mount.hostPath, "xfs", "defaults,nofail,nodev,nosuid,noexec", 0),
    mountFromFstab(mount.hostPath),
    requireMountedFrom(mount.device, mount.hostPath),
    `chown ${uid}:${gid ?? uid} ${mount.hostPath} && chmod 0750 ${mount.hostPath}`,
    requireMountForUnit(serviceUnit, mount.hostPath),
  ];
}

export interface WebHostPlanInput {
  /** Host name (comments). */
  readonly name: string;
  readonly engineVersion: string;
  readonly daemon: DaemonConfig;
  /** Where the Docker data volume is attached. */
  readonly dockerDataDevice: string;
  /** The web service, as webContainerSpec made it. */
  readonly service: ContainerSpec;
  /** Support services (the CloudWatch agent). @default [] */
  readonly supportServices?: ContainerSpec[];
  /** The service's data volume. @default none: the service is stateless */
  readonly dataVolume?: WebDataVolumeMount;
  /** @default { requirePinnedImages: true } */
  readonly policy?: PolicyContext;
  readonly where: string;
}

/**
 * One fleet host's desired state: the pinned engine and daemon.json on the Docker data volume,
 * the service's data volume when it has one, and the web service and support services as
 * systemd units. Everything passes the container policy with pinned images.
 */
export function buildWebHostPlan(input: WebHostPlanInput): HostPlan {
  const plan = buildDockerHostPlan({
    name: input.name,
    engineVersion: input.engineVersion,
    daemon: input.daemon,
    dataDevice: input.dockerDataDevice,
    services: [input.service, ...(input.supportServices ?? [])].map((spec) => ({ spec })),
    policy: input.policy ?? { requirePinnedImages: true },
    where: input.where,
  });
  if (input.dataVolume === undefined) return plan;
  if (input.dataVolume.device === input.dockerDataDevice) {
    throw new SpecError(
      input.where,
      "dataVolume.device",
      input.dataVolume.device,
      "is the Docker data volume's device",
      `attach the service's volume elsewhere, e.g. ${WEB_DATA_DEVICE_NAME}`,
    );
  }
  return {
    ...plan,
    packages: [...new Set([...plan.packages, "xfsprogs", "nvme-cli"])].sort(),
    storagePreparation: [
      ...plan.storagePreparation,
      ...dataVolumePreparation(input.dataVolume, input.service.user ?? "65534:65534", unitName(input.service.name)),
    ],
  };
}
