import { Testing } from "cdktf";
import { BeanstalkStack } from "../../stacks/beanstalk";
import { unescapeTerraformTemplate } from "../../lib/render/terraform-template-escape";
import { readDockerrunV2 } from "../../lib/render/read-dockerrun-v2";

type Json = Record<string, Record<string, Record<string, Record<string, unknown>>>>;

function synth(): { json: Json; text: string; stack: BeanstalkStack } {
  const stack = new BeanstalkStack(Testing.app(), "beanstalk");
  const text = Testing.synth(stack, true);
  return { json: JSON.parse(text) as Json, text, stack };
}

describe("the beanstalk stack", () => {
  const { json, text, stack } = synth();
  const environment = Object.values(json.resource.aws_elastic_beanstalk_environment)[0];
  const settings = environment.setting as { namespace: string; name: string; value: string }[];
  const value = (namespace: string, name: string) => settings.find((s) => s.namespace === namespace && s.name === name)?.value;

  test("matches its snapshot", () => {
    expect(text).toMatchSnapshot();
  });

  test("runs the two-container v2 bundle on the ECS platform behind HTTPS only", () => {
    expect(environment.solution_stack_name).toBe("64bit Amazon Linux 2023 v4.3.2 running ECS");
    expect(value("aws:elasticbeanstalk:command", "DeploymentPolicy")).toBe("RollingWithAdditionalBatch");
    expect(value("aws:autoscaling:launchconfiguration", "DisableIMDSv1")).toBe("true");
    expect(value("aws:elbv2:listener:443", "Protocol")).toBe("HTTPS");
    expect(value("aws:elbv2:listener:443", "SSLCertificateArns")).toBe("${var.certificate_arn}");
    expect(value("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs")).toBe("true");
    expect(value("aws:elasticbeanstalk:environment:process:default", "HealthCheckPath")).toBe("/healthz");
    expect(Object.keys(json.variable).sort()).toEqual(["certificate_arn", "instance_subnet_ids", "load_balancer_subnet_ids", "vpc_id"]);
  });

  test("the bundle is hardened, pins images by digest and names secrets only by ARN", () => {
    const content = unescapeTerraformTemplate(String(Object.values(json.locals)[0]));
    const containers = readDockerrunV2(content);
    expect(containers.map((c) => c.settings.name)).toEqual(["web", "proxy"]);
    for (const { settings } of containers) {
      expect(settings).toMatchObject({ readOnlyRootFilesystem: true, capDrop: ["ALL"], securityOpts: ["no-new-privileges:true"], privileged: false });
      expect(settings.image).toMatch(/^111122223333\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/beanstalk-demo\/\w+@sha256:[0-9a-f]{64}$/);
    }
    expect(containers[1].dependsOn).toEqual([{ containerName: "web", condition: "HEALTHY" }]);
    expect(containers[1].links).toEqual(["web"]);
    expect(Object.keys(containers[0].secrets)).toEqual(["DATABASE_PASSWORD", "SESSION_KEY"]);
    expect(content).not.toMatch(/"value": "[^"]*(password|secret)/i);
  });

  test("creates immutable, scanned, KMS-encrypted ECR repositories guarded against another account", () => {
    for (const repository of Object.values(json.resource.aws_ecr_repository)) {
      expect(repository).toMatchObject({
        image_tag_mutability: "IMMUTABLE",
        image_scanning_configuration: { scan_on_push: true },
        encryption_configuration: [{ encryption_type: "KMS" }],
      });
      expect((repository.lifecycle as { postcondition: { condition: string }[] }).postcondition[0].condition).toMatch(/^\$\{self\.repository_url == /);
    }
  });

  test("warns about what ECS cannot enforce", () => {
    const warnings = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata)
      .filter((m) => m.type === "@cdktf/warn")
      .map((m) => String(m.data));
    expect(warnings.filter((w) => w.includes("resources.pidsLimit"))).toHaveLength(2);
  });
});
