import { Fn, TerraformLocal, Token } from "cdktf";
import type { Construct } from "constructs";
import type { DockerAddressSpace } from "../core/cidr";
import { resolveDockerHostSettings } from "../core/docker-host-settings";
import type { DockerHostOptions, DockerHostSettings } from "../core/docker-host-settings";
import { resolveUserData } from "../core/host-user-data";
import type { HostUserData, ResolvedUserData } from "../core/host-user-data";
import { DaemonConfig } from "../core/daemon-config";
import type { HostPlan } from "../core/host-plan";
import { Port } from "../core/security-group-port";
import { secretReadStatements } from "../core/secret-access";
import { SpecError } from "../core/spec-error";
import type { PolicyContext } from "../policy/container-rules";
import { renderBootstrapUserData } from "../render/bootstrap/bootstrap-user-data";
import type { Bootstrapper } from "../render/bootstrap/bootstrap-user-data";
import { buildDockerHostPlan } from "../render/docker-host-plan";
import type { HostPlanExtras, HostService } from "../render/docker-host-plan";
import { IamInstanceProfile, IamRole, IamRolePolicy, IamRolePolicyAttachment } from "../providers/aws";
import { escapeTerraformTemplate } from "../render/terraform-template-escape";
import { amiFromSsmParameter, awsAccountId, awsPartition, awsRegion } from "./aws-context";
import type { Network } from "./network";
import { Peer, SecurityGroup } from "./security-group";
import { sharedReference } from "./shared-reference";
import { jsonWithReferences } from "./json-with-references";

/** Props a single host and a fleet's launch template share. */
export interface DockerHostCommonProps extends DockerHostOptions {
  /** The network the host lives in. */
  readonly network: Network;
  /**
   * User data, as a bootstrapper renders it (cloud-init, Ansible, Chef, Salt, Puppet): text,
   * or gzip+base64 when it is large. At most 16 KB; checked for pasted secrets.
   * @default none (the host boots the bare AMI)
   */
  readonly userData?: HostUserData;
  /**
   * The daemon.json address settings the bootstrap writes (`bip`, `fixed-cidr`,
   * `default-address-pools`), checked against the VPC's block so containers can reach the VPC.
   * @default Docker's compiled-in pools (172.17.0.0/16 .. 172.31.0.0/16, 192.168.0.0/16)
   */
  readonly dockerAddressSpace?: DockerAddressSpace;
  /** An EC2 key pair for SSH. Access is through SSM Session Manager; port 22 stays closed regardless. @default none */
  readonly keyName?: string;
  /**
   * Bootstrap the host from its desired state: the pinned engine (`dockerVersion`), daemon.json with
   * its storage driver prepared on the data volume, and the services as systemd units, rendered by
   * the chosen configuration-management tool into user data. Give this or `userData`, not both.
   * @default none (the host boots with `userData`, or the bare AMI)
   */
  readonly bootstrap?: DockerHostBootstrap;
}

/** What a host's bootstrap installs and runs (book chapter 10: configuration management only bootstraps). */
export interface DockerHostBootstrap {
  /**
   * The engine's daemon.json.
   * @default new DaemonConfig() (CIS-hardened; overlay2 on an XFS data volume)
   */
  readonly daemon?: DaemonConfig;
  /**
   * Services, each run by its own systemd unit with its configuration layers.
   * @default []
   */
  readonly services?: HostService[];
  /**
   * The tool that applies the host plan at first boot.
   * @default "cloud-init"
   */
  readonly bootstrapper?: Bootstrapper;
  /**
   * Policy context for the services (production: `{ requirePinnedImages: true }`).
   * @default {}
   */
  readonly policy?: PolicyContext;
  /**
   * Extra packages, files and units the host needs beside the services (a registry's htpasswd
   * builder, garbage-collection timer and configuration files).
   * @default none
   */
  readonly extras?: HostPlanExtras;
}

/** What every Docker host is built from: checked settings, an instance role, a security group and an AMI. */
export interface DockerHostFoundation {
  readonly settings: DockerHostSettings;
  readonly role: IamRole;
  readonly instanceProfile: IamInstanceProfile;
  readonly securityGroup: SecurityGroup;
  /** The AMI id (a literal, or the SSM parameter's value). */
  readonly imageId: string;
  readonly userData?: ResolvedUserData;
  /** The host's desired state, when it is bootstrapped from `bootstrap`. */
  readonly plan?: HostPlan;
}

const EGRESS_PURPOSE: Record<number, string> = {
  443: "HTTPS to the internet: SSM agent, image registries, Docker packages",
  80: "HTTP to the internet: Ubuntu apt archives (signed)",
};

/** Lets EC2 hand the role to the host (the same text for every host). */
const EC2_TRUST_POLICY = jsonWithReferences({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

/** Policy giving the SSM agent what Session Manager and Run Command need (instead of SSH). */
export const SSM_MANAGED_INSTANCE_POLICY = "AmazonSSMManagedInstanceCore";

let defaultDaemon: DaemonConfig | undefined;

/** The daemon settings of hosts that name none: one immutable instance, so its daemon.json is rendered once. */
function defaultDaemonConfig(): DaemonConfig {
  return (defaultDaemon ??= new DaemonConfig());
}

export function buildDockerHostFoundation(scope: Construct, props: DockerHostCommonProps, subnetType: "private" | "public" | undefined): DockerHostFoundation {
  const where = scope.node.path;
  const settings = resolveDockerHostSettings(props, where, { name: scope.node.path, subnetType, isReference: (v) => Token.isUnresolved(v) });
  props.network.checkDockerAddressSpace(props.dockerAddressSpace ?? {}, `${where}: dockerAddressSpace`);
  if (props.bootstrap && props.userData) {
    throw new SpecError(where, "userData", "(given with bootstrap)", "the bootstrap renders the user data", "give either bootstrap or userData");
  }
  let plan: HostPlan | undefined;
  let hostUserData = props.userData;
  let renderedText: string | undefined;
  if (props.bootstrap) {
    const daemon = props.bootstrap.daemon ?? defaultDaemonConfig();
    daemon.checkHostNetworks([props.network.subnetPlan.vpcCidr], `${where}/daemon`);
    plan = buildDockerHostPlan({
      name: scope.node.id
        .toLowerCase()
        .replace(/[^a-z0-9.-]+/g, "-")
        .slice(0, 63),
      engineVersion: settings.dockerVersion,
      daemon,
      dataDevice: settings.dataVolume.deviceName,
      services: props.bootstrap.services,
      policy: props.bootstrap.policy,
      extras: props.bootstrap.extras,
      where,
    });
    const packed = renderBootstrapUserData(plan, props.bootstrap.bootstrapper ?? "cloud-init", where);
    hostUserData = packed.userData;
    renderedText = packed.text;
  }
  const resolvedUserData = hostUserData && resolveUserData(hostUserData, where, "text" in hostUserData && Token.isUnresolved(hostUserData.text), renderedText);
  const userData = resolvedUserData && withTerraformReferences(scope, resolvedUserData);

  const partition = awsPartition(scope);
  const role = new IamRole(scope, "role", {
    description: `Instance role of the Docker host ${where}`.slice(0, 1000),
    assumeRolePolicy: EC2_TRUST_POLICY,
    tags: { Name: settings.tags.Name },
  });
  const roleName = role.name;
  new IamRolePolicyAttachment(scope, "ssm-managed-instance", { role: roleName, policyArn: `arn:${partition}:iam::aws:policy/${SSM_MANAGED_INSTANCE_POLICY}` });
  const secretReferences = (props.bootstrap?.services ?? []).flatMap((service) => [
    ...Object.values(service.spec.secrets ?? {}),
    ...(service.secretEnvironment ?? []).map((v) => v.secret),
  ]);
  const secretStatements = secretReadStatements(secretReferences, { partition, region: awsRegion(scope), accountId: awsAccountId(scope) });
  if (secretStatements.length) {
    new IamRolePolicy(scope, "read-service-secrets", {
      role: roleName,
      name: "read-service-secrets",
      policy: jsonWithReferences({ Version: "2012-10-17", Statement: secretStatements }),
    });
  }
  const instanceProfile = new IamInstanceProfile(scope, "instance-profile", { role: roleName, tags: { Name: settings.tags.Name } });

  const securityGroup = new SecurityGroup(scope, "security-group", {
    vpcId: sharedReference(props.network.vpc, "id"),
    description: `Docker host ${where}`.replace(/[^a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]/g, "-").slice(0, 255),
    name: settings.tags.Name,
  });
  for (const port of settings.internetEgressPorts) {
    const description = EGRESS_PURPOSE[port] ?? `TCP ${port} to the internet`;
    securityGroup.allowTo(Peer.anyIpv4(), Port.tcp(port), description);
    if (props.network.ipv6) securityGroup.allowTo(Peer.anyIpv6(), Port.tcp(port), description);
  }

  const imageId = settings.image.kind === "ami" ? settings.image.id : amiFromSsmParameter(scope, settings.image.name);
  return { settings, role, instanceProfile, securityGroup, imageId, userData, plan };
}

/**
 * Bootstrap user data gzipped here would freeze the cdktf tokens in it (a bucket name, a key
 * ARN in a service's configuration) as `${TfToken[...]}` text. When the gzipped text holds
 * tokens, Terraform gzips it instead: the text goes to a local (template characters escaped,
 * references intact) and the instance gets `base64gzip(local)`.
 */
function withTerraformReferences(scope: Construct, userData: ResolvedUserData): ResolvedUserData {
  if (userData.argument !== "user_data_base64" || Token.isUnresolved(userData.value)) return userData;
  if (!Token.isUnresolved(userData.text)) return userData;
  return { ...userData, value: Fn.base64gzip(new TerraformLocal(scope, "user-data-text", escapeTerraformTemplate(userData.text)).asString) };
}

/** The user data as Terraform receives it: template characters escaped in text. */
export function terraformUserData(userData: ResolvedUserData | undefined): { userData?: string; userDataBase64?: string } {
  if (userData === undefined) return {};
  return userData.argument === "user_data" ? { userData: escapeTerraformTemplate(userData.value) } : { userDataBase64: userData.value };
}
