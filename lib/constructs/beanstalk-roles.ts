import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { BeanstalkPlatformBranch } from "../core/beanstalk-platform";
import type { SecretArn } from "../render/secret-arn";
import { IamInstanceProfile, IamRole, IamRolePolicy, IamRolePolicyAttachment } from "../providers/aws";
import { jsonWithReferences } from "./json-with-references";

export interface BeanstalkRolesProps {
  /** Prefix of the role names, e.g. the environment name. */
  readonly namePrefix: string;
  /** `ecs` adds the multicontainer policy to the instance role. */
  readonly platform: BeanstalkPlatformBranch;
  /** The AWS partition (`aws`, `aws-cn`, `aws-us-gov`), usually `data.aws_partition.partition`. */
  readonly partition: string;
  /**
   * Create an ECS task execution role (the ECS platform fetches container secrets with it).
   * @default false
   */
  readonly executionRole?: boolean;
}

const trust = (service: string, condition?: Record<string, unknown>) =>
  jsonWithReferences({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) }],
  });

/**
 * The IAM identities of a Beanstalk environment, each with only what it needs: the service role
 * (enhanced health and managed updates), the instance role and profile (the web tier policy, the
 * multicontainer policy on ECS) and, on ECS with secrets, the task execution role. Pull rights on
 * named ECR repositories and read rights on named secrets are added with the grant methods.
 */
export class BeanstalkRoles extends Construct {
  public readonly serviceRole: IamRole;
  public readonly instanceRole: IamRole;
  public readonly instanceProfile: IamInstanceProfile;
  /** Only on the ECS platform when a container has secrets. */
  public readonly executionRole?: IamRole;
  /** Every policy attachment and grant, for `dependsOn` of resources that need the permissions in place. */
  public readonly grants: ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: BeanstalkRolesProps) {
    super(scope, id);
    const managed = (name: string) => `arn:${props.partition}:iam::aws:policy/${name}`;
    const attach = (role: IamRole, logicalId: string, policyName: string) =>
      this.grants.push(new IamRolePolicyAttachment(this, logicalId, { role: role.name, policyArn: managed(policyName) }));

    this.serviceRole = new IamRole(this, "service-role", {
      name: `${props.namePrefix}-eb-service`,
      description: "Elastic Beanstalk service role: enhanced health and managed platform updates",
      assumeRolePolicy: trust("elasticbeanstalk.amazonaws.com", { StringEquals: { "sts:ExternalId": "elasticbeanstalk" } }),
    });
    attach(this.serviceRole, "service-enhanced-health", "service-role/AWSElasticBeanstalkEnhancedHealth");
    attach(this.serviceRole, "service-managed-updates", "AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy");

    this.instanceRole = new IamRole(this, "instance-role", {
      name: `${props.namePrefix}-eb-ec2`,
      description: "Elastic Beanstalk instances",
      assumeRolePolicy: trust("ec2.amazonaws.com"),
    });
    attach(this.instanceRole, "instance-web-tier", "AWSElasticBeanstalkWebTier");
    if (props.platform === "ecs") attach(this.instanceRole, "instance-multicontainer", "AWSElasticBeanstalkMulticontainerDocker");
    this.instanceProfile = new IamInstanceProfile(this, "instance-profile", { name: `${props.namePrefix}-eb-ec2`, role: this.instanceRole.name });

    if (props.executionRole) {
      this.executionRole = new IamRole(this, "execution-role", {
        name: `${props.namePrefix}-ecs-execution`,
        description: "ECS task execution role: fetches the containers' secrets",
        assumeRolePolicy: trust("ecs-tasks.amazonaws.com"),
      });
    }
  }

  /** Lets the instances pull from these ECR repositories only (registry login needs `*`). */
  grantEcrPull(repositoryArns: string[]): IamRolePolicy {
    return this.grant(
      new IamRolePolicy(this, "ecr-pull", {
        name: "ecr-pull",
        role: this.instanceRole.id,
        policy: jsonWithReferences({
          Version: "2012-10-17",
          Statement: [
            // GetAuthorizationToken has no resource-level permissions.
            { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
            {
              Sid: "PullNamedRepositories",
              Effect: "Allow",
              Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
              Resource: repositoryArns,
            },
          ],
        }),
      }),
    );
  }

  /**
   * Lets whoever fetches secrets at start-up read exactly these: the task execution role when
   * there is one (ECS platform), the instance role otherwise (Docker platform `environmentsecrets`).
   * @param kmsKeyArns customer managed keys of the secrets; AWS managed keys need no grant
   */
  grantSecretRead(secrets: SecretArn[], kmsKeyArns: string[] = []): IamRolePolicy {
    const unique = (values: string[]) => [...new Set(values)];
    const ssm = unique(secrets.filter((s) => s.service === "ssm").map((s) => s.resource));
    const secretsManager = unique(secrets.filter((s) => s.service === "secretsmanager").map((s) => s.resource));
    const statements: Record<string, unknown>[] = [];
    if (ssm.length) statements.push({ Sid: "ReadParameters", Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters"], Resource: ssm });
    if (secretsManager.length) statements.push({ Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretsManager });
    if (kmsKeyArns.length) statements.push({ Sid: "DecryptSecrets", Effect: "Allow", Action: "kms:Decrypt", Resource: kmsKeyArns });
    const reader = this.executionRole ?? this.instanceRole;
    return this.grant(
      new IamRolePolicy(this, "read-secrets", {
        name: "read-secrets",
        role: reader.id,
        policy: jsonWithReferences({ Version: "2012-10-17", Statement: statements }),
      }),
    );
  }

  private grant(policy: IamRolePolicy): IamRolePolicy {
    this.grants.push(policy);
    return policy;
  }
}
