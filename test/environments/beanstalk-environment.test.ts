import * as fs from "node:fs";
import * as path from "node:path";
import { App, Testing, TerraformStack } from "cdktf";
import { PolicyError, SecretRef } from "cdktf-docker-environments";
import { BeanstalkSourceBundle } from "../../lib/constructs/beanstalk-source-bundle";
import { SecureBucket } from "../../lib/constructs/secure-bucket";
import type { BundleService } from "../../lib/core/bundle-service";
import { BeanstalkEnvironment } from "../../lib/environments/beanstalk-environment";
import type { BeanstalkEnvironmentProps } from "../../lib/environments/beanstalk-environment-props";
import { AwsProvider } from "../../lib/providers/aws";
import { expectRefusal } from "../support/expect-refusal";

type Json = Record<string, Record<string, Record<string, Record<string, unknown>>>>;
const DIGEST = `sha256:${"cd".repeat(32)}`;
const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:shop/db-AbCdEf";
const WEB: BundleService = {
  name: "web",
  image: `111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/web@${DIGEST}`,
  user: "10001:10001",
  ports: [{ containerPort: 8080, hostPort: 80, hostIp: "0.0.0.0" }],
  secrets: { DB_PASSWORD: SecretRef.secretsManager(SECRET_ARN) },
  healthCheck: { command: "wget -qO- http://127.0.0.1:8080/health" },
  exceptions: [{ rule: "CIS-5.14", reason: "the load balancer reaches it on port 80" }],
};
const PROPS: BeanstalkEnvironmentProps = {
  services: [WEB],
  network: {
    vpcId: "vpc-0a1b2c3d4e5f60718",
    instanceSubnetIds: ["subnet-0a1b2c3d4e5f60718"],
    loadBalancerSubnetIds: ["subnet-0c3d4e5f607182930", "subnet-0d4e5f60718293041"],
  },
  loadBalancer: { certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/0d2b1c3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d" },
};

function build(props: Partial<BeanstalkEnvironmentProps> = {}, app: App = Testing.app()) {
  const stack = new TerraformStack(app, "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const environment = new BeanstalkEnvironment(stack, "shop", { ...PROPS, ...props });
  return { stack, environment, json: JSON.parse(Testing.synth(stack, true)) as Json };
}

const values = (json: Json, type: string) => Object.values(json.resource[type] ?? {});
const setting = (json: Json, namespace: string, name: string) =>
  (values(json, "aws_elastic_beanstalk_environment")[0].setting as { namespace: string; name: string; value: string }[]).find(
    (s) => s.namespace === namespace && s.name === name,
  )?.value;

describe("BeanstalkEnvironment", () => {
  test("a static compose bundle is zipped deterministically at synth and uploaded by content hash", () => {
    const app = Testing.app();
    const first = build({}, app);
    const second = build({}, Testing.app());
    const object = values(first.json, "aws_s3_object")[0];
    expect(first.environment.sourceBundle.packaging).toBe("zip");
    expect(object).toMatchObject({ content_type: "application/zip", key: expect.stringMatching(/^bundles\/shop\/[0-9a-f]{64}\.zip$/) });
    expect(object.source).toMatch(/^assets\/shop_source-bundle_archive_\w+\/[0-9A-F]{32}\/[0-9a-f]{64}\.zip$/);
    expect(values(second.json, "aws_s3_object")[0].key).toBe(object.key);
    const staged = path.join(app.outdir, ".staging", "beanstalk-bundles", `${String(object.source_hash)}.zip`);
    const archive = fs.readFileSync(staged);
    expect(archive.subarray(0, 4).toString("hex")).toBe("504b0304");
    expect(archive.toString("utf8")).toContain("docker-compose.yml");
    expect(archive.toString("utf8")).toContain("DB_PASSWORD: ${DB_PASSWORD:?}");
    expect(values(first.json, "aws_elastic_beanstalk_application_version")[0]).toMatchObject({
      name: expect.stringMatching(/^shop-[0-9a-f]{16}$/),
      key: object.key,
      tags: { "cdktf-docker-environments:exception:web:cis-5.14": "the load balancer reaches it on port 80" },
      lifecycle: { create_before_destroy: true },
    });
    expect(values(first.json, "aws_elastic_beanstalk_application")[0].appversion_lifecycle).toMatchObject({ max_count: 20, delete_source_from_s3: false });
  });

  test("the Docker platform fetches environment secrets with the instance role, and pulls only its own repositories", () => {
    const { json } = build();
    const env = values(json, "aws_elastic_beanstalk_environment")[0];
    expect(env).toMatchObject({ solution_stack_name: "64bit Amazon Linux 2023 v4.9.1 running Docker", tier: "WebServer" });
    expect(setting(json, "aws:elasticbeanstalk:application:environmentsecrets", "DB_PASSWORD")).toBe(SECRET_ARN);
    // Compose publishes port 80 itself, so the platform's nginx must not take it.
    expect(setting(json, "aws:elasticbeanstalk:environment:proxy", "ProxyServer")).toBe("none");
    expect(setting(json, "aws:elasticbeanstalk:environment:process:default", "Port")).toBe("80");
    const policies = Object.fromEntries(values(json, "aws_iam_role_policy").map((p) => [p.name, p]));
    expect(String(policies["read-secrets"].role)).toMatch(/instance-role/);
    expect(JSON.parse(String(policies["read-secrets"].policy)).Statement).toEqual([expect.objectContaining({ Resource: [SECRET_ARN] })]);
    expect(JSON.stringify(JSON.parse(String(policies["ecr-pull"].policy)).Statement)).toContain('repository/shop/web"');
    expect(
      values(json, "aws_iam_role_policy_attachment")
        .map((a) => String(a.policy_arn).replace(/^.*policy\//, ""))
        .sort(),
    ).toEqual(["AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy", "AWSElasticBeanstalkWebTier", "service-role/AWSElasticBeanstalkEnhancedHealth"]);
    expect(
      values(json, "aws_iam_role")
        .map((r) => r.name)
        .sort(),
    ).toEqual(["shop-env-eb-ec2", "shop-env-eb-service"]);
  });

  test("the ECS platform reads container secrets with a task execution role named in the bundle", () => {
    const { json, environment } = build({ bundleFormat: "dockerrun-v2" });
    expect(values(json, "aws_elastic_beanstalk_environment")[0].solution_stack_name).toBe("64bit Amazon Linux 2023 v4.3.2 running ECS");
    expect(environment.sourceBundle.packaging).toBe("file");
    const content = String(Object.values(json.locals ?? {})[0]);
    expect(content).toContain('"executionRoleArn": "${aws_iam_role.shop_roles_execution-role_');
    const policies = Object.fromEntries(values(json, "aws_iam_role_policy").map((p) => [p.name, p]));
    expect(String(policies["read-secrets"].role)).toMatch(/execution-role/);
    expect(setting(json, "aws:elasticbeanstalk:application:environmentsecrets", "DB_PASSWORD")).toBeUndefined();
  });

  test("port 80 redirects to HTTPS through a listener rule, or is switched off", () => {
    const redirect = build().json;
    expect(values(redirect, "aws_lb_listener_rule")[0]).toMatchObject({
      priority: 1,
      action: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }],
      condition: [{ path_pattern: { values: ["/*"] } }],
    });
    const disabled = build({ loadBalancer: { ...PROPS.loadBalancer, http: "disabled" } }).json;
    expect(disabled.resource.aws_lb_listener_rule).toBeUndefined();
    expect(setting(disabled, "aws:elbv2:listener:default", "ListenerEnabled")).toBe("false");
  });

  test("what the bundle cannot carry becomes a synth warning, and opt-outs become tags", () => {
    const { stack, json } = build({
      bundleFormat: "dockerrun-v2",
      deployment: { policy: "AllAtOnce", allowAllAtOnce: { reason: "a staging environment nobody uses at night" } },
    });
    const warnings = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata)
      .filter((m) => m.type === "@cdktf/warn")
      .map((m) => String(m.data));
    expect(warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/^web: resources\.pidsLimit: dockerrun-v2 has no pids limit, so the limit 256 is not enforced/)]),
    );
    expect(values(json, "aws_elastic_beanstalk_environment")[0].tags).toEqual({
      "cdktf-docker-environments:exception:deployment-all-at-once": "a staging environment nobody uses at night",
    });
  });

  test("literal ${ in values is escaped for Terraform", () => {
    const { json } = build({ rawSettings: [{ namespace: "aws:elasticbeanstalk:application:environment", name: "TEMPLATE", value: "hello ${name}" }] });
    expect(setting(json, "aws:elasticbeanstalk:application:environment", "TEMPLATE")).toBe("hello $${name}");
  });
});

describe("refusals of BeanstalkEnvironment", () => {
  test("the bundle format and the platform must match", () => {
    expectRefusal(() => build({ bundleFormat: "dockerrun-v2", solutionStackName: "64bit Amazon Linux 2023 v4.9.1 running Docker" }), {
      where: "test/shop",
      field: "solutionStackName",
      problem: /the dockerrun-v2 bundle needs the ECS platform branch/,
    });
    expectRefusal(() => build({ platformArn: "arn:aws:elasticbeanstalk:eu-west-1::platform/Node.js 20 running on 64bit Amazon Linux 2023/6.1.0" }), {
      where: "test/shop",
      field: "platformArn",
      problem: /needs the Docker platform branch/,
    });
    expectRefusal(() => build({ solutionStackName: "x", platformArn: "y" }), { where: "test/shop", field: "platformArn", value: "y", problem: /both set/ });
  });

  test("names and the number of kept versions are checked", () => {
    expectRefusal(() => build({ environmentName: "a" }), { where: "test/shop", field: "environmentName", value: "a", problem: /4-40 letters/ });
    expectRefusal(() => build({ applicationName: "a/b" }), { where: "test/shop", field: "applicationName", value: "a/b", problem: /without '\/'/ });
    expectRefusal(() => build({ keepVersions: 0 }), { where: "test/shop", field: "keepVersions", value: 0, problem: /from 1 to 1000/ });
  });

  test("a production environment deploys images by digest", () => {
    expect(() => build({ services: [{ ...WEB, image: "nginx:1.27" }] })).toThrow(PolicyError);
    expect(() => build({ services: [{ ...WEB, image: "nginx:1.27" }] })).toThrow(/CIS-5.28.*not pinned by digest/);
  });

  test("a bundle with Terraform references must be a single file", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const bucket = new SecureBucket(stack, "bucket", { purpose: "bundles" });
    expectRefusal(
      () =>
        new BeanstalkSourceBundle(stack, "bundle", {
          bucket,
          name: "shop",
          files: { "Dockerrun.aws.json": bucket.bucket.arn, ".ebextensions/x.config": "a: 1" },
        }),
      {
        where: "test/bundle",
        field: "files",
        value: ["Dockerrun.aws.json"],
        problem: /cannot contain Terraform references/,
      },
    );
  });
});
