import { Testing } from "cdktf";
import { MinimalStack } from "../../stacks/minimal";

describe("the minimal stack", () => {
  test("matches its snapshot", () => {
    expect(Testing.synth(new MinimalStack(Testing.app(), "minimal"), true)).toMatchSnapshot();
  });

  test("three hosts, four application services and the support services, each deployed by its own association", () => {
    const json = JSON.parse(Testing.synth(new MinimalStack(Testing.app(), "minimal"), true)) as {
      resource: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(Object.keys(json.resource.aws_instance)).toHaveLength(3);
    expect(
      Object.values(json.resource.aws_ssm_association)
        .map((a) => a.association_name)
        .sort(),
    ).toEqual([
      "minimal-api-deploy",
      "minimal-cache-deploy",
      "minimal-log-shipper-deploy",
      "minimal-node-exporter-deploy",
      "minimal-web-deploy",
      "minimal-worker-deploy",
    ]);
  });
});
