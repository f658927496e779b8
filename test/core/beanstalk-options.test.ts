import { BEANSTALK_NAMESPACES, checkBeanstalkOptionSetting, findBeanstalkNamespace } from "../../lib/core/beanstalk-options";
import { closestMatch, editDistance } from "../../lib/core/edit-distance";
import { expectRefusal } from "../support/expect-refusal";

const WHERE = "test/env";
const check =
  (namespace: string, name: string, value: unknown = "x", resource?: string) =>
  () =>
    checkBeanstalkOptionSetting({ namespace, name, value: value as string, resource }, WHERE, "rawSettings[0]");

describe("the table of Elastic Beanstalk option namespaces", () => {
  test("edit distance counts insertions, deletions and substitutions, ignoring case", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("StreamLogs", "streamlogs")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
    expect(closestMatch("StreamLog", ["DeleteOnTerminate", "RetentionInDays", "StreamLogs"])).toBe("StreamLogs");
    expect(closestMatch("x", [])).toBeUndefined();
  });

  test("documented options pass, including chosen process, listener and rule names", () => {
    for (const [namespace, name] of [
      ["aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs"],
      ["aws:elasticbeanstalk:environment:process:admin", "HealthCheckPath"],
      ["aws:elbv2:listener:8443", "SSLPolicy"],
      ["aws:elbv2:listenerrule:api", "PathPatterns"],
      ["aws:elasticbeanstalk:application:environment", "FEATURE_FLAGS"],
      ["aws:elasticbeanstalk:environment:proxy:staticfiles", "/assets"],
      ["aws:autoscaling:asg", "Availability Zones"],
    ]) {
      expect(check(namespace, name)).not.toThrow();
    }
    expect(check("aws:autoscaling:scheduledaction", "MinSize", "2", "nightly")).not.toThrow();
    expect(findBeanstalkNamespace("aws:elbv2:listener:443")?.namespace).toBe("aws:elbv2:listener:<port>");
    expect(new Set(BEANSTALK_NAMESPACES.map((n) => n.namespace)).size).toBe(BEANSTALK_NAMESPACES.length);
  });

  test("an unknown namespace is refused with the closest known one", () => {
    expectRefusal(check("aws:elasticbeanstalk:cloudwatch:log", "StreamLogs"), {
      where: WHERE,
      field: "rawSettings[0].namespace",
      value: "aws:elasticbeanstalk:cloudwatch:log",
      problem: /not a known Elastic Beanstalk option namespace\. Fix: did you mean "aws:elasticbeanstalk:cloudwatch:logs"\?/,
    });
  });

  test("an unknown option is refused with the closest known one and the list", () => {
    const error = expectRefusal(check("aws:elasticbeanstalk:cloudwatch:logs", "StreamLog"), {
      where: WHERE,
      field: "rawSettings[0].name",
      value: "StreamLog",
      problem: /not an option of aws:elasticbeanstalk:cloudwatch:logs/,
    });
    expect(error.message).toContain('did you mean "StreamLogs"? The options are: DeleteOnTerminate, RetentionInDays, StreamLogs');
    expectRefusal(check("aws:autoscaling:launchconfiguration", "DisableIMDSV1"), {
      where: WHERE,
      field: "rawSettings[0].name",
      problem: /not an option of aws:autoscaling:launchconfiguration/,
    });
    expect(() => check("aws:autoscaling:launchconfiguration", "DisableIMDSV1")()).toThrow(/did you mean "DisableIMDSv1"\?/);
  });

  test("free-form names must still be names", () => {
    expectRefusal(check("aws:elasticbeanstalk:application:environment", "MY-VAR"), {
      where: WHERE,
      field: "rawSettings[0].name",
      value: "MY-VAR",
      problem: /not an environment variable name/,
    });
  });

  test("classic load balancer, worker and coupled database namespaces are refused with the reason", () => {
    expectRefusal(check("aws:elb:listener:443", "SSLCertificateId"), { where: WHERE, field: "rawSettings[0].namespace", problem: /classic load balancer/ });
    expectRefusal(check("aws:rds:dbinstance", "DBPassword"), {
      where: WHERE,
      field: "rawSettings[0].namespace",
      problem: /password would be a plain option value/,
    });
    expectRefusal(check("aws:elasticbeanstalk:sqsd", "HttpPath"), { where: WHERE, field: "rawSettings[0].namespace", problem: /worker environment/ });
  });

  test("values are strings and only scheduled actions take a resource", () => {
    expectRefusal(check("aws:elasticbeanstalk:xray", "XRayEnabled", true), {
      where: WHERE,
      field: "rawSettings[0].value",
      value: true,
      problem: /option values are strings/,
    });
    expectRefusal(check("aws:elasticbeanstalk:xray", "XRayEnabled", "true", "daemon"), {
      where: WHERE,
      field: "rawSettings[0].resource",
      problem: /only scheduled actions/,
    });
  });
});
