import { Testing } from "cdktf";
import { EcrRegistry } from "../../lib/constructs/ecr-registry";
import type { EcrRegistryProps } from "../../lib/constructs/ecr-registry";
import { EcrExampleStack } from "../../stacks/ecr-example";
import { awsStack, resources, synthJson } from "../support/aws-stack";
import { expectRefusal } from "../support/expect-refusal";

function example() {
  return synthJson(new EcrExampleStack(Testing.app(), "ecr-example"));
}

/** The policy document: literal JSON with the references inside its strings (terraform test checks what Terraform makes of it). */
function policyOf(resource: Record<string, unknown> | undefined): { Statement: Record<string, unknown>[] } {
  return JSON.parse(String(resource?.policy));
}

const repositoryArn = (name: string) => expect.stringMatching(new RegExp(`^\\$\\{aws_ecr_repository\\.images_repository-shop-${name}_[0-9A-F]+\\.arn\\}$`));

describe("EcrRegistry", () => {
  test("repositories: IMMUTABLE tags, scan on push, the registry's own rotating KMS key", () => {
    const json = example();
    const repos = Object.values(resources(json, "aws_ecr_repository"));
    expect(repos.map((r) => r.name)).toEqual(["shop/web", "shop/worker"]);
    for (const repo of repos) {
      expect(repo).toMatchObject({
        image_tag_mutability: "IMMUTABLE",
        image_scanning_configuration: { scan_on_push: true },
        encryption_configuration: [{ encryption_type: "KMS", kms_key: expect.stringMatching(/^\$\{aws_kms_key\.images_key_[0-9A-F]+\.arn\}$/) }],
        force_delete: false,
      });
    }
    const [key] = Object.values(resources(json, "aws_kms_key"));
    expect(key).toMatchObject({ enable_key_rotation: true, rotation_period_in_days: 365, deletion_window_in_days: 30 });
  });

  test("a lifecycle policy per repository keeps the last N releases and expires untagged images", () => {
    const policies = Object.values(resources(example(), "aws_ecr_lifecycle_policy"));
    expect(policies).toHaveLength(2);
    expect(JSON.parse(String(policies[0].policy))).toEqual({
      rules: [
        {
          rulePriority: 1,
          description: "Expire untagged images after 3 days",
          selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 3 },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          description: "Keep the last 20 releases",
          selection: { tagStatus: "tagged", tagPatternList: ["v*", "git-*"], countType: "imageCountMoreThan", countNumber: 20 },
          action: { type: "expire" },
        },
      ],
    });
  });

  test("grantPull: the token on *, the three pull actions on the repository ARNs only", () => {
    const json = example();
    const grants = Object.values(resources(json, "aws_iam_role_policy"));
    const pull = policyOf(grants.find((g) => g.name === "images-ecr-pull")!);
    expect(pull.Statement).toEqual([
      { Sid: "EcrAuthorizationToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      {
        Sid: "PullImages",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        Resource: [repositoryArn("web"), repositoryArn("worker")],
      },
    ]);
  });

  test("grantPush: pull plus the layer upload actions and PutImage", () => {
    const push = policyOf(Object.values(resources(example(), "aws_iam_role_policy")).find((g) => g.name === "images-ecr-push")!);
    expect(push.Statement[1]).toEqual({
      Sid: "PushAndPullImages",
      Effect: "Allow",
      Action: [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:CompleteLayerUpload",
        "ecr:GetDownloadUrlForLayer",
        "ecr:InitiateLayerUpload",
        "ecr:PutImage",
        "ecr:UploadLayerPart",
      ],
      Resource: [repositoryArn("web"), repositoryArn("worker")],
    });
  });

  test("repositoryUri and imageByDigest are deploy-time references to the repository URL", () => {
    const outputs = (example() as unknown as { output: Record<string, { value: string }> }).output;
    expect(outputs["web-repository"].value).toMatch(/^\$\{aws_ecr_repository\.images_repository-shop-web_[0-9A-F]+\.repository_url\}$/);
    expect(outputs["web-release"].value).toMatch(/\.repository_url\}@sha256:0d5bc2a6[0-9a-f]{56}$/);
  });

  const WHERE = "test/ecr";
  const make = (props: Partial<EcrRegistryProps>) => new EcrRegistry(awsStack(), "ecr", { repositories: ["team/web"], ...props });
  test.each([
    ["no repositories", { repositories: [] }, "repositories", /at least one repository/],
    ["an uppercase repository name", { repositories: ["Team/Web"] }, "repositories[0]", /not an ECR repository name/],
    ["two names with the same construct id", { repositories: ["team/web", "team-web"] }, "repositories[1]", /clashes with "team\/web"/],
    ["keeping no releases", { keepReleases: 0 }, "keepReleases", /from 1 to 10000/],
    ["a deletion window of 3 days", { keyDeletionWindowDays: 3 }, "keyDeletionWindowDays", /from 7 to 30/],
    ["a tag pattern with five wildcards", { releaseTagPatterns: ["*a*b*c*d*"] }, "releaseTagPatterns[0]", /at most 4 '\*' wildcards/],
  ])("refuses %s", (_label, props, field, problem) => {
    expectRefusal(() => make(props as Partial<EcrRegistryProps>), { where: WHERE, field, problem });
  });

  test("refuses unknown repositories, tags as digests and roles without a name", () => {
    const registry = make({});
    expectRefusal(() => registry.repositoryUri("team/api"), {
      where: WHERE,
      field: "repositoryUri.name",
      value: "team/api",
      problem: /not a repository of this registry/,
    });
    expectRefusal(() => registry.imageByDigest("team/web", "1.4.2"), {
      where: WHERE,
      field: "imageByDigest.digest",
      value: "1.4.2",
      problem: /not an image digest/,
    });
    expectRefusal(() => registry.grantPull({} as never), { where: WHERE, field: "grantPull.role", problem: /not an IAM role/ });
  });
});
