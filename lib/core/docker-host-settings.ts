import { awsExceptionTags, resolveAwsExceptions } from "./aws-exception";
import type { AwsException, AwsRuleId } from "./aws-exception";
import { LABEL_PREFIX } from "./policy-exception";
import { SpecErrors } from "./spec-error";

/** Canonical's public SSM parameter for the current Ubuntu 24.04 LTS amd64 AMI (gp3 root). */
export const UBUNTU_2404_AMD64_AMI_PARAMETER = "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id";
/** The Docker Engine version hosts install unless told otherwise. */
export const DEFAULT_DOCKER_VERSION = "27.5.1";
/**
 * Where the Docker data volume is attached. On Nitro instances the kernel names it
 * `/dev/nvme<N>n1`; the EBS device name is in the NVMe controller's vendor data and, for a
 * known volume, `/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol<id without the dash>`.
 */
export const DOCKER_DATA_DEVICE_NAME = "/dev/sdf";
/** Tags the bootstrappers and operators read back. */
export const DOCKER_VERSION_TAG = `${LABEL_PREFIX}docker-version`;
export const DOCKER_DATA_DEVICE_TAG = `${LABEL_PREFIX}docker-data-device`;

/** The separate EBS volume for Docker's data root (`/var/lib/docker`, CIS Docker 1.1.1). Always gp3 and encrypted. */
export interface DockerDataVolumeOptions {
  /** Size in GiB. @default 50 */
  readonly sizeGiB?: number;
  /** Provisioned IOPS (gp3: 3000 included). @default 3000 */
  readonly iops?: number;
  /** Throughput in MiB/s (gp3: 125 included). @default 125 */
  readonly throughputMiBps?: number;
  /** A customer managed KMS key (checkov CKV_AWS_189). @default the account's AWS managed key `aws/ebs` */
  readonly kmsKeyArn?: string;
}

/** What a single host and a fleet's launch template share. */
export interface DockerHostOptions {
  /** EC2 instance type (a Nitro type: EBS-optimized, NVMe). @default "t3.medium" */
  readonly instanceType?: string;
  /** An explicit AMI id. @default resolved from `amiParameter` */
  readonly ami?: string;
  /** The public SSM parameter that names the AMI. @default UBUNTU_2404_AMD64_AMI_PARAMETER (Ubuntu 24.04 LTS amd64) */
  readonly amiParameter?: string;
  /** The Docker Engine version the bootstrap installs, pinned (`major.minor.patch`). @default DEFAULT_DOCKER_VERSION ("27.5.1") */
  readonly dockerVersion?: string;
  /** Root volume size in GiB (gp3, encrypted). @default 20 */
  readonly rootVolumeSizeGiB?: number;
  /** The Docker data volume. @default 50 GiB gp3, encrypted with the AWS managed key */
  readonly dockerDataVolume?: DockerDataVolumeOptions;
  /**
   * Instance metadata hop limit. 1 keeps containers on a bridge network away from IMDS (and
   * the host role's credentials); 2 lets them reach it, and needs the `IMDS-HOP-LIMIT-2`
   * exception saying which container needs it. IMDSv2 (session tokens) is required either way.
   * @default 1
   */
  readonly instanceMetadataHopLimit?: number;
  /**
   * Give the host a public IPv4 address: only in a public subnet, and only with the
   * `PUBLIC-IP` exception. @default false
   */
  readonly associatePublicIpAddress?: boolean;
  /**
   * TCP ports the host may reach on the internet (through NAT or the egress-only gateway):
   * 443 for the SSM agent, image registries and download.docker.com, 80 for Ubuntu's signed
   * apt archives. `[]` for none. @default [443, 80]
   */
  readonly internetEgressPorts?: number[];
  /** Named, reasoned weakenings (IMDS-HOP-LIMIT-2, PUBLIC-IP). @default none */
  readonly exceptions?: AwsException[];
  /** Extra tags on the instance and its volumes. @default none */
  readonly tags?: Record<string, string>;
}

/** The options with defaults applied and checked. */
export interface DockerHostSettings {
  readonly instanceType: string;
  readonly image: { readonly kind: "ami"; readonly id: string } | { readonly kind: "parameter"; readonly name: string };
  readonly dockerVersion: string;
  readonly rootVolumeSizeGiB: number;
  readonly dataVolume: {
    readonly sizeGiB: number;
    readonly iops: number;
    readonly throughputMiBps: number;
    readonly kmsKeyArn?: string;
    readonly deviceName: string;
  };
  readonly hopLimit: 1 | 2;
  readonly associatePublicIpAddress: boolean;
  readonly internetEgressPorts: number[];
  /** Name (or the user's), the user's tags, then the version, data device and exception tags. */
  readonly tags: Record<string, string>;
}

export interface DockerHostContext {
  /** Name tag. */
  readonly name: string;
  /** Where the host is placed; undefined for a launch template (the fleet chooses). */
  readonly subnetType?: "private" | "public";
  /** Tells Terraform references (unknown until apply) from literals. @default nothing is a reference */
  readonly isReference?: (value: string) => boolean;
}

function integerIn(errors: SpecErrors, field: string, value: number, min: number, max: number, fix: string): void {
  if (!Number.isInteger(value) || value < min || value > max) errors.add(field, value, `must be an integer from ${min} to ${max}`, fix);
}

/** Applies the defaults and checks every option; throws one SpecError listing every problem. */
export function resolveDockerHostSettings(options: DockerHostOptions, where: string, context: DockerHostContext): DockerHostSettings {
  const errors = new SpecErrors(where);
  const isReference = context.isReference ?? (() => false);
  const instanceType = options.instanceType ?? "t3.medium";
  if (!isReference(instanceType) && !/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(instanceType)) {
    errors.add("instanceType", instanceType, "not an EC2 instance type", "use e.g. t3.medium or m7i.large");
  }
  if (options.ami !== undefined && options.amiParameter !== undefined) {
    errors.add("ami", options.ami, "both ami and amiParameter are set", "give one of them");
  }
  if (options.ami !== undefined && !isReference(options.ami) && !/^ami-([0-9a-f]{8}|[0-9a-f]{17})$/.test(options.ami)) {
    errors.add("ami", options.ami, "not an AMI id", "use e.g. ami-0123456789abcdef0, or leave it out to resolve the AMI from amiParameter");
  }
  const parameter = options.amiParameter ?? UBUNTU_2404_AMD64_AMI_PARAMETER;
  if (!isReference(parameter) && !/^\/[A-Za-z0-9_.\-/]+$/.test(parameter)) {
    errors.add("amiParameter", parameter, "not an SSM parameter name", `use a path like ${UBUNTU_2404_AMD64_AMI_PARAMETER}`);
  }
  const dockerVersion = options.dockerVersion ?? DEFAULT_DOCKER_VERSION;
  if (!/^\d+\.\d+\.\d+$/.test(dockerVersion)) {
    errors.add("dockerVersion", dockerVersion, "the engine version must be pinned to major.minor.patch", `use e.g. ${DEFAULT_DOCKER_VERSION}`);
  }
  const rootVolumeSizeGiB = options.rootVolumeSizeGiB ?? 20;
  integerIn(errors, "rootVolumeSizeGiB", rootVolumeSizeGiB, 8, 16384, "use at least the AMI's 8 GiB");
  const data = options.dockerDataVolume ?? {};
  const dataVolume = {
    sizeGiB: data.sizeGiB ?? 50,
    iops: data.iops ?? 3000,
    throughputMiBps: data.throughputMiBps ?? 125,
    kmsKeyArn: data.kmsKeyArn,
    deviceName: DOCKER_DATA_DEVICE_NAME,
  };
  integerIn(errors, "dockerDataVolume.sizeGiB", dataVolume.sizeGiB, 1, 16384, "use a size in GiB, e.g. 50");
  integerIn(errors, "dockerDataVolume.iops", dataVolume.iops, 3000, 16000, "gp3 takes 3000 to 16000 IOPS");
  integerIn(errors, "dockerDataVolume.throughputMiBps", dataVolume.throughputMiBps, 125, 1000, "gp3 takes 125 to 1000 MiB/s");

  const needed = new Map<AwsRuleId, { field: string; value: unknown }>();
  const hopLimit = options.instanceMetadataHopLimit ?? 1;
  if (hopLimit !== 1 && hopLimit !== 2) {
    errors.add(
      "instanceMetadataHopLimit",
      hopLimit,
      "only 1 (the host alone) or 2 (containers on a bridge network too) make sense",
      "use 1, or 2 with the IMDS-HOP-LIMIT-2 exception",
    );
  } else if (hopLimit === 2) needed.set("IMDS-HOP-LIMIT-2", { field: "instanceMetadataHopLimit", value: 2 });
  const associatePublicIpAddress = options.associatePublicIpAddress ?? false;
  if (associatePublicIpAddress) {
    if (context.subnetType === "private") {
      errors.add(
        "associatePublicIpAddress",
        true,
        "a host in a private subnet has no route from the internet, so a public IP is useless there",
        "place the host in a public subnet (subnetType: 'public'), or drop the public IP",
      );
    }
    if (context.subnetType === undefined) {
      errors.add("associatePublicIpAddress", true, "fleet hosts sit behind a load balancer and never get public addresses", "remove associatePublicIpAddress");
    }
    needed.set("PUBLIC-IP", { field: "associatePublicIpAddress", value: true });
  }
  const reasons = resolveAwsExceptions(options.exceptions, needed, errors);

  const internetEgressPorts = options.internetEgressPorts ?? [443, 80];
  internetEgressPorts.forEach((port, i) => integerIn(errors, `internetEgressPorts[${i}]`, port, 1, 65535, "use TCP port numbers"));
  if (new Set(internetEgressPorts).size !== internetEgressPorts.length) {
    errors.add("internetEgressPorts", internetEgressPorts, "a port is listed twice", "list each port once");
  }
  errors.throwIfAny();

  return {
    instanceType,
    image: options.ami !== undefined ? { kind: "ami", id: options.ami } : { kind: "parameter", name: parameter },
    dockerVersion,
    rootVolumeSizeGiB,
    dataVolume,
    hopLimit: hopLimit as 1 | 2,
    associatePublicIpAddress,
    internetEgressPorts,
    // The user's tags may rename the host; the version, device and exception tags are ours.
    tags: {
      Name: context.name,
      ...(options.tags ?? {}),
      [DOCKER_VERSION_TAG]: dockerVersion,
      [DOCKER_DATA_DEVICE_TAG]: DOCKER_DATA_DEVICE_NAME,
      ...awsExceptionTags(reasons),
    },
  };
}
