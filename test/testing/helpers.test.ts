import { AssetType, TerraformAsset, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import * as path from "node:path";
import { DockerHost } from "../../lib/constructs/docker-host";
import { Network } from "../../lib/constructs/network";
import {
  assertBeanstalkSetting,
  assertPolicyPasses,
  assertServiceSettings,
  beanstalkSetting,
  checkStackPolicy,
  effectiveServiceSettings,
  deployedUnits,
  mergeEnvironmentFiles,
  stableSnapshot,
  unitValues,
} from "../../lib/testing";
import { BeanstalkStack } from "../../stacks/beanstalk";
import { LocalStack } from "../../stacks/local";
import { MinimalStack } from "../../stacks/minimal";
import type { HostService } from "../../lib/render/docker-host-plan";
import { scaleService } from "../bench/scale-shapes";
import { awsStack } from "../support/aws-stack";

function hostStack(): { stack: TerraformStack; host: DockerHost } {
  const stack = awsStack();
  const network = new Network(stack, "network", { cidr: "10.50.0.0/16", zoneCount: 2, natGateways: "single" });
  const [api, worker] = [scaleService(1, 0), scaleService(1, 1)];
  const layered: HostService = {
    ...api,
    layers: [
      { name: "cluster", path: "/etc/cdktf-docker-environments/cluster.env", variables: { LOG_LEVEL: "info", REGION: "eu-west-1" } },
      { name: "common", path: "/etc/cdktf-docker-environments/svc-0/common.env", variables: { LOG_LEVEL: "debug", QUOTE: 'say "hi" $HOME' } },
      { name: "local", path: "/etc/cdktf-docker-environments/svc-0/local.env", variables: { LOG_LEVEL: "warn" } },
    ],
  };
  const host = new DockerHost(stack, "app-1", { network, bootstrap: { services: [layered, worker] } });
  return { stack, host };
}

describe("effective service settings (after cluster, common and local layers)", () => {
  const { stack } = hostStack();

  test("are read back from the unit's environment files in systemd's order: local wins over common over cluster", () => {
    expect(effectiveServiceSettings(stack, "svc-0", "app-1")).toEqual({ LOG_LEVEL: "warn", REGION: "eu-west-1", QUOTE: 'say "hi" $HOME' });
    expect(() => assertServiceSettings(stack, "svc-0", "app-1", { LOG_LEVEL: "warn", REGION: "eu-west-1", MISSING: undefined })).not.toThrow();
  });

  test("a wrong expectation names each difference", () => {
    expect(() => assertServiceSettings(stack, "svc-0", "app-1", { LOG_LEVEL: "info", REGION: undefined })).toThrow(
      'svc-0 on app-1 (test):\n  LOG_LEVEL: expected "info", found "warn"\n  REGION: expected unset, found "eu-west-1"',
    );
  });

  test("an unknown service or host is named with what there is", () => {
    expect(() => effectiveServiceSettings(stack, "nope", "app-1")).toThrow('test/app-1: no service "nope" on this host; it runs: svc-0, svc-1');
    expect(() => effectiveServiceSettings(stack, "svc-0", "app-9")).toThrow('test: no bootstrapped host matches "app-9"; the hosts are: test/app-1');
  });

  test("an environment that computes its layers (MinimalEnvironment's effectiveEnvironment) is asked directly", () => {
    class Layered extends Construct {
      effectiveEnvironment(service: string, host: string) {
        return { WHO: { value: `${service}@${host}`, layer: "local" } };
      }
    }
    const environment = new Layered(new TerraformStack(Testing.app(), "s"), "env");
    expect(effectiveServiceSettings(environment, "api", "h1")).toEqual({ WHO: "api@h1" });
  });
});

describe("the minimal stack: layers computed by the environment agree with the files its deploys deliver", () => {
  const stack = new MinimalStack(Testing.app(), "minimal");

  test("each service's effective settings on each host equal its unit's environment files, merged as systemd does", () => {
    const units = deployedUnits(stack);
    expect(units.length).toBeGreaterThan(0);
    const applications = units.filter((u) => stack.environment.services[u.service]?.kind === "application");
    expect(new Set(applications.map((u) => u.service))).toEqual(new Set(["web", "api", "worker", "cache"]));
    for (const deployed of applications) {
      const texts = unitValues(deployed.unit, "EnvironmentFile").map((path) => deployed.files.find((f) => f.path === path.replace(/^-/, ""))?.content ?? "");
      expect(effectiveServiceSettings(stack, deployed.service, deployed.host)).toEqual(mergeEnvironmentFiles(texts));
    }
    assertServiceSettings(stack, "web", "app-2", { LOG_LEVEL: "debug", NODE_NAME: "app-2" });
    // A support service has no layers of its own in the environment's model: its delivered files are read back.
    expect(effectiveServiceSettings(stack, "log-shipper", "app-1")).toEqual(
      mergeEnvironmentFiles(
        unitValues(units.find((u) => u.service === "log-shipper" && u.host === "app-1")?.unit ?? "", "EnvironmentFile").map(
          (path) => units.find((u) => u.service === "log-shipper" && u.host === "app-1")?.files.find((f) => f.path === path.replace(/^-/, ""))?.content ?? "",
        ),
      ),
    );
  });

  test("every unit its deploys deliver passes the policy", () => {
    const report = assertPolicyPasses(stack);
    expect(report.checked).toEqual(expect.arrayContaining(["minimal/minimal/web@app-1", "minimal/minimal/log-shipper@app-3"]));
    expect(report.checked).toHaveLength(deployedUnits(stack).length);
  });
});

describe("Beanstalk settings by namespace and name", () => {
  const json = Testing.synth(new BeanstalkStack(Testing.app(), "beanstalk"), true);

  test("reads the synthesized setting blocks", () => {
    expect(beanstalkSetting(json, "aws:autoscaling:asg", "MinSize")).toBe("2");
    expect(beanstalkSetting(json, "aws:autoscaling:launchconfiguration", "DisableIMDSv1")).toBe("true");
    expect(() => assertBeanstalkSetting(json, "aws:elasticbeanstalk:command", "DeploymentPolicy", "RollingWithAdditionalBatch")).not.toThrow();
  });

  test("a typo says what is set instead; a wrong value says both", () => {
    expect(() => beanstalkSetting(json, "aws:autoscaling:asg", "MinSiz")).toThrow(
      "aws:autoscaling:asg MinSiz is not set; did you mean aws:autoscaling:asg MinSize?",
    );
    expect(() => assertBeanstalkSetting(json, "aws:autoscaling:asg", "MinSize", "1")).toThrow('aws:autoscaling:asg MinSize: expected "1", found "2"');
  });
});

describe("policy checks over every docker_container and every rendered unit", () => {
  test("the local stack's containers pass", () => {
    expect(assertPolicyPasses(new LocalStack(Testing.app(), "local")).checked).toHaveLength(3);
  });

  test("a host's units are read back from the rendered unit and checked", () => {
    const { stack } = hostStack();
    expect(assertPolicyPasses(stack).checked).toEqual(["test/app-1/svc-0.service", "test/app-1/svc-1.service"]);
    // The services' images are pinned by digest, so the production context passes as well.
    expect(checkStackPolicy(stack, { requirePinnedImages: true }).violations).toEqual([]);
  });

  test("an escape-hatch override that weakens a container is caught on the synthesized JSON", () => {
    const stack = new LocalStack(Testing.app(), "local");
    const web = stack.environment.services.web.container;
    web.addOverride("privileged", true);
    // The helper lists it from the synthesized arguments (stacks without the aspect are checked the same way).
    expect(() => assertPolicyPasses(stack)).toThrow(
      /^1 policy violation\(s\):\ndocker_container\.shop_web_container_[0-9A-F]+: policy CIS-5\.5 \(no privileged containers\) violated/,
    );
  });

  test("a stack with nothing to check fails rather than passing vacuously", () => {
    expect(() => assertPolicyPasses(awsStack())).toThrow("test: no docker_container and no bootstrapped host unit to check");
  });
});

describe("stable snapshots", () => {
  test("asset hashes, stack traces, the cdktf version and the working directory are taken out; the rest is kept", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const asset = new TerraformAsset(stack, "bundle", { path: path.join(__dirname, "helpers.test.ts"), type: AssetType.FILE });
    const json = JSON.parse(Testing.synth(stack)) as Record<string, unknown>;
    const withVolatile = {
      ...json,
      locals: { bundle: asset.path, cwd: `${process.cwd()}/state.tfstate`, build: "build-1234" },
      "//": { metadata: { version: "0.21.0", stackTrace: ["at x"] } },
    };
    const stable = stableSnapshot(withVolatile, { volatile: [/build-\d+/] }) as Record<string, Record<string, unknown>>;
    expect(asset.path).toMatch(/assets\/bundle\/[0-9A-F]{32,64}\//i);
    expect(stable.locals.bundle).toMatch(/^assets\/bundle\/<hash>\/helpers\.test\.ts$/);
    expect(stable.locals.cwd).toBe("<dir>/state.tfstate");
    expect(stable.locals.build).toBe("<volatile>");
    expect(stable["//"]).toEqual({ metadata: { version: "<cdktf version>" } });
  });
});
