import { Token } from "cdktf";
import { Construct } from "constructs";
import { SpecError, SpecErrors } from "../core/spec-error";
import { EcrLifecyclePolicy, EcrRepository, IamRolePolicy, KmsKey } from "../providers/aws";
import { jsonWithReferences } from "./json-with-references";

export interface EcrRegistryProps {
  /** Repository names, e.g. `["shop/web", "shop/worker"]`. */
  readonly repositories: string[];
  /** Tagged images (releases) kept per repository; older ones expire. @default 30 */
  readonly keepReleases?: number;
  /** Tag patterns (ECR wildcards) that count as releases. @default ["*"] (every tagged image) */
  readonly releaseTagPatterns?: string[];
  /** Days after which an untagged image (a layer of an old build, a failed push) expires. @default 7 */
  readonly untaggedExpiryDays?: number;
  /** Waiting period before the KMS key is deleted, 7-30 days. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /** Let `terraform destroy` delete repositories that still hold images. @default false */
  readonly forceDelete?: boolean;
  /** Tags for the key and repositories. @default {} */
  readonly tags?: Record<string, string>;
}

/** A role the registry grants access to: an `IamRole`, or any object with its name. */
export interface GrantableRole {
  readonly name: string;
}

/** ECR's repository name grammar (2-256 characters). */
const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const TAG_PATTERN = /^[A-Za-z0-9._*-]{1,128}$/;
const PULL_ACTIONS = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
const PUSH_ACTIONS = ["ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"];

/**
 * ECR repositories the way scanners want them (CKV_AWS_51/163/136, trivy AWS-0030/0031/0033):
 * IMMUTABLE tags, scan on push, encryption with a customer managed KMS key that rotates yearly,
 * and a lifecycle policy that keeps the last N releases and expires untagged images after D
 * days. `grantPull` for Docker hosts and `grantPush` for CI add least-privilege inline policies.
 */
export class EcrRegistry extends Construct {
  public readonly key: KmsKey;
  /** Repositories by name. */
  public readonly repositories: Record<string, EcrRepository> = {};
  /** Lifecycle policies by repository name. */
  public readonly lifecyclePolicies: Record<string, EcrLifecyclePolicy> = {};
  /** The lifecycle policy document every repository gets. */
  public readonly lifecyclePolicyDocument: object;
  private readonly grants = { pull: 0, push: 0 };

  constructor(scope: Construct, id: string, props: EcrRegistryProps) {
    super(scope, id);
    const where = this.node.path;
    const errors = new SpecErrors(where);
    const names = Array.isArray(props.repositories) ? props.repositories : [];
    if (names.length === 0) errors.add("repositories", props.repositories, "a registry needs at least one repository", 'pass ["team/web"]');
    const ids = new Map<string, string>();
    names.forEach((name, i) => {
      if (typeof name !== "string" || name.length < 2 || name.length > 256 || !REPOSITORY_NAME.test(name)) {
        errors.add(
          `repositories[${i}]`,
          name,
          "not an ECR repository name",
          "use lowercase path components of [a-z0-9] separated by '.', '_', '-', joined by '/', e.g. team/web",
        );
        return;
      }
      const constructId = repositoryId(name);
      if (ids.has(constructId))
        errors.add(
          `repositories[${i}]`,
          name,
          `clashes with ${JSON.stringify(ids.get(constructId))} (same construct id ${constructId})`,
          "list each repository once, with distinct names",
        );
      ids.set(constructId, name);
    });
    const keep = props.keepReleases ?? 30;
    const untaggedDays = props.untaggedExpiryDays ?? 7;
    const deletionWindow = props.keyDeletionWindowDays ?? 30;
    for (const [field, value, min, max] of [
      ["keepReleases", keep, 1, 10000],
      ["untaggedExpiryDays", untaggedDays, 1, 3650],
      ["keyDeletionWindowDays", deletionWindow, 7, 30],
    ] as const) {
      if (!Number.isInteger(value) || value < min || value > max)
        errors.add(field, value, `not a whole number from ${min} to ${max}`, `use e.g. ${max === 30 ? 30 : min}`);
    }
    const patterns = props.releaseTagPatterns ?? ["*"];
    if (!Array.isArray(patterns) || patterns.length === 0 || patterns.length > 100) {
      errors.add("releaseTagPatterns", patterns, "needs 1 to 100 tag patterns", 'use ["*"] or e.g. ["v*", "git-*"]');
    } else {
      patterns.forEach((p, i) => {
        if (typeof p !== "string" || !TAG_PATTERN.test(p) || (p.match(/\*/g) ?? []).length > 4) {
          errors.add(`releaseTagPatterns[${i}]`, p, "not an ECR tag pattern (tag characters and at most 4 '*' wildcards)", 'use e.g. "v*"');
        }
      });
    }
    errors.throwIfAny();

    const tags = { "cdktf-docker-environments:purpose": "image-registry", ...(props.tags ?? {}) };
    this.key = new KmsKey(this, "key", {
      description: `Encrypts the ECR repositories of ${where}`,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: deletionWindow,
      tags,
    });
    this.lifecyclePolicyDocument = {
      rules: [
        {
          rulePriority: 1,
          description: `Expire untagged images after ${untaggedDays} days`,
          selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: untaggedDays },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          description: `Keep the last ${keep} releases`,
          selection: { tagStatus: "tagged", tagPatternList: [...patterns], countType: "imageCountMoreThan", countNumber: keep },
          action: { type: "expire" },
        },
      ],
    };
    for (const name of names) {
      const constructId = repositoryId(name);
      const repository = new EcrRepository(this, constructId, {
        name,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: this.key.arn }],
        forceDelete: props.forceDelete ?? false,
        tags,
      });
      this.repositories[name] = repository;
      this.lifecyclePolicies[name] = new EcrLifecyclePolicy(this, `${constructId}-lifecycle`, {
        repository: repository.name,
        policy: JSON.stringify(this.lifecyclePolicyDocument),
      });
    }
  }

  /** The repository's URI (`<account>.dkr.ecr.<region>.amazonaws.com/<name>`), a deploy-time reference. */
  repositoryUri(name: string): string {
    return this.repository(name, "repositoryUri").repositoryUrl;
  }

  /** The repository's ARN. */
  repositoryArn(name: string): string {
    return this.repository(name, "repositoryArn").arn;
  }

  /** `<repository URI>@sha256:…`: how production references an image (CIS 5.28). */
  imageByDigest(name: string, digest: string): string {
    const repository = this.repository(name, "imageByDigest");
    if (typeof digest !== "string" || (!Token.isUnresolved(digest) && !/^sha256:[a-f0-9]{64}$/.test(digest))) {
      throw new SpecError(
        this.node.path,
        "imageByDigest.digest",
        digest,
        "not an image digest",
        'use "sha256:" and 64 lowercase hex digits, e.g. an ImagePipeline\'s digest',
      );
    }
    return `${repository.repositoryUrl}@${digest}`;
  }

  /**
   * Lets a role (Docker hosts) pull from every repository of this registry: `ecr:GetAuthorizationToken`
   * (which has no resource) plus BatchGetImage, GetDownloadUrlForLayer and BatchCheckLayerAvailability
   * on the repositories' ARNs.
   */
  grantPull(role: GrantableRole): IamRolePolicy {
    return this.grant(role, "pull", PULL_ACTIONS);
  }

  /** Lets a role (CI) push to and pull from every repository: pull plus the layer upload actions and PutImage. */
  grantPush(role: GrantableRole): IamRolePolicy {
    return this.grant(role, "push", [...PULL_ACTIONS, ...PUSH_ACTIONS].sort());
  }

  private grant(role: GrantableRole, kind: "pull" | "push", actions: string[]): IamRolePolicy {
    if (typeof role?.name !== "string" || role.name === "") {
      throw new SpecError(
        this.node.path,
        `grant${kind === "pull" ? "Pull" : "Push"}.role`,
        role?.name,
        "not an IAM role",
        "pass an IamRole (or { name: role.name })",
      );
    }
    const index = this.grants[kind]++;
    return new IamRolePolicy(this, `${kind}-grant-${index}`, {
      name: `${this.node.id.replace(/[^\w+=,.@-]/g, "-").slice(0, 100)}-ecr-${kind}${index === 0 ? "" : `-${index}`}`,
      role: role.name,
      policy: jsonWithReferences({
        Version: "2012-10-17",
        Statement: [
          { Sid: "EcrAuthorizationToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
          {
            Sid: kind === "pull" ? "PullImages" : "PushAndPullImages",
            Effect: "Allow",
            Action: actions,
            Resource: Object.values(this.repositories).map((r) => r.arn),
          },
        ],
      }),
    });
  }

  private repository(name: string, method: string): EcrRepository {
    const repository = this.repositories[name];
    if (!repository) {
      throw new SpecError(
        this.node.path,
        `${method}.name`,
        name,
        "not a repository of this registry",
        `use one of ${Object.keys(this.repositories).join(", ")}`,
      );
    }
    return repository;
  }
}

function repositoryId(name: string): string {
  return `repository-${name.replace(/[^a-z0-9-]/g, "-")}`;
}
