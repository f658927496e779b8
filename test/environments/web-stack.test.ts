import { Testing } from "cdktf";
import { WebStack } from "../../stacks/web";

type Json = {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  output: Record<string, { value: unknown }>;
  variable: Record<string, unknown>;
};

describe("the web stack", () => {
  const stack = new WebStack(Testing.app(), "web");
  const text = Testing.synth(stack, true);
  const json = JSON.parse(text) as Json;

  test("matches its snapshot", () => {
    expect(text).toMatchSnapshot();
  });

  test("runs the newest release behind HTTPS with a data volume, alarms and a dashboard; the certificate is a variable", () => {
    expect(Object.keys(json.variable)).toEqual(["certificate_arn"]);
    const release = Object.entries(json.output).find(([name]) => name.includes("release"))?.[1].value as { active: string; history: { version: string }[] };
    expect(release.active).toBe("1.5.0");
    expect(release.history.map((r) => r.version)).toEqual(["1.5.0", "1.4.2", "1.4.1"]);
    expect(Object.keys(json.resource.aws_cloudwatch_metric_alarm)).toHaveLength(4);
    expect(Object.keys(json.resource.aws_cloudwatch_dashboard)).toHaveLength(1);
    expect(stack.environment.hostPlan.storagePreparation.some((c) => c.includes("/srv/web-data"))).toBe(true);
    expect(stack.environment.hostPlan.services).toEqual(["web.service", "cloudwatch-agent.service"]);
  });

  test("AWS provider only", () => {
    expect(Object.keys((JSON.parse(text) as { provider: object }).provider)).toEqual(["aws"]);
  });
});
