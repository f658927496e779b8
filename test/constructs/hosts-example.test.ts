import { gunzipSync } from "node:zlib";
import { Testing } from "cdktf";
import { HostsExampleStack } from "../../stacks/hosts-example";
import { resources } from "../support/aws-stack";
import type { SynthJson } from "../support/aws-stack";

type Resource = Record<string, unknown>;

const stack = new HostsExampleStack(Testing.app(), "hosts-example");
const text = Testing.synth(stack, true);
const json = JSON.parse(text) as SynthJson;
const all = (type: string): [string, Resource][] => Object.entries(resources(json, type));

describe("the hosts example stack", () => {
  test("synthesizes to the pinned JSON", () => {
    expect(text).toMatchSnapshot();
  });

  test("uses the AWS provider only", () => {
    expect(Object.keys((json as unknown as { provider: object }).provider)).toEqual(["aws"]);
    expect(Object.keys(json.resource).every((type) => type.startsWith("aws_"))).toBe(true);
  });

  // The checkov / trivy checks of /work/shared/reference/anchors.md §4.3, on every resource they cover.
  describe("satisfies the scanners' checks", () => {
    const instances = all("aws_instance");
    const templates = all("aws_launch_template");
    test("there is something to check", () => {
      expect(instances).toHaveLength(2);
      expect(templates).toHaveLength(1);
    });

    test("CKV_AWS_79 / AVD-AWS-0028: IMDSv2 required; CKV_AWS_341: hop limit 1 unless excused by a tag", () => {
      for (const [name, r] of [...instances, ...templates]) {
        const options = r.metadata_options as Resource;
        expect([name, options.http_tokens]).toEqual([name, "required"]);
        const hop = options.http_put_response_hop_limit;
        const tags = r.tags as Record<string, string>;
        expect([name, hop === 1 || (hop === 2 && (tags["io.cdktf-docker-environments.exception.imds-hop-limit-2"] ?? "").length >= 10)]).toEqual([name, true]);
      }
    });

    test("CKV_AWS_8 / AVD-AWS-0131: root and EBS block devices encrypted; CKV_AWS_3 / AVD-AWS-0026: volumes encrypted", () => {
      for (const [name, r] of instances) expect([name, (r.root_block_device as Resource).encrypted]).toEqual([name, true]);
      for (const [name, r] of templates) {
        for (const mapping of r.block_device_mappings as { ebs: Resource }[]) expect([name, mapping.ebs.encrypted]).toEqual([name, "true"]);
      }
      for (const [name, r] of all("aws_ebs_volume")) expect([name, r.encrypted]).toEqual([name, true]);
    });

    test("CKV_AWS_126 monitoring, CKV_AWS_135 EBS-optimized, CKV_AWS_88 no public IP, CKV2_AWS_41 an IAM role", () => {
      for (const [name, r] of instances) {
        expect([name, r.monitoring, r.ebs_optimized, r.associate_public_ip_address]).toEqual([name, true, true, false]);
        expect(r.iam_instance_profile).toMatch(/aws_iam_instance_profile/);
      }
      for (const [, r] of templates) {
        expect(r.monitoring).toEqual({ enabled: true });
        expect((r.network_interfaces as Resource[]).every((n) => n.associate_public_ip_address === "false")).toBe(true);
      }
    });

    test("CKV_AWS_46 / AVD-AWS-0029: no secrets in user data (decoded and decompressed)", () => {
      const decode = (base64: string) => {
        const bytes = Buffer.from(base64, "base64");
        return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString("utf8");
      };
      const userData = [
        ...instances.map(([, r]) => (r.user_data_base64 === undefined ? String(r.user_data) : decode(String(r.user_data_base64)))),
        ...templates.map(([, r]) => decode(String(r.user_data))),
      ];
      expect(userData.map((u) => u.split("\n")[0])).toEqual(["#!/bin/sh", "#cloud-config", "#cloud-config"]);
      for (const data of userData) expect(data).not.toMatch(/AKIA[A-Z0-9]{16}|PRIVATE KEY|aws_secret_access_key/i);
    });

    test("CKV_AWS_24 / CKV_AWS_25 / AVD-AWS-0107: no 0.0.0.0/0 or ::/0 ingress to 22 or 3389", () => {
      for (const [name, r] of all("aws_vpc_security_group_ingress_rule")) {
        const world = r.cidr_ipv4 === "0.0.0.0/0" || r.cidr_ipv6 === "::/0";
        const reaches = (port: number) => r.ip_protocol === "-1" || ((r.from_port as number) <= port && port <= (r.to_port as number));
        expect([name, world && (reaches(22) || reaches(3389))]).toEqual([name, false]);
      }
    });

    test("CKV_AWS_382 / AVD-AWS-0104: no egress to the internet on every port", () => {
      for (const [name, r] of all("aws_vpc_security_group_egress_rule")) {
        if (r.cidr_ipv4 === "0.0.0.0/0" || r.cidr_ipv6 === "::/0") expect([name, r.ip_protocol, r.from_port === r.to_port]).toEqual([name, "tcp", true]);
      }
      for (const [name, r] of all("aws_security_group")) expect([name, r.egress, r.ingress]).toEqual([name, undefined, undefined]);
    });

    test("CKV_AWS_23 / AVD-AWS-0124: every group and rule has a description; CKV2_AWS_12: the default group has no rules", () => {
      for (const type of ["aws_security_group", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"]) {
        for (const [name, r] of all(type))
          expect([name, typeof r.description === "string" && (r.description as string).trim().length > 0]).toEqual([name, true]);
      }
      for (const [, r] of all("aws_default_security_group")) expect(Object.keys(r).sort()).toEqual(["tags", "vpc_id"]);
    });

    test("CKV2_AWS_11 flow logs on the VPC; CKV_AWS_130 / AVD-AWS-0164 no automatic public IPs in subnets", () => {
      expect(all("aws_flow_log").map(([, r]) => r.vpc_id)).toEqual(all("aws_vpc").map(([name]) => `\${aws_vpc.${name}.id}`));
      for (const [name, r] of all("aws_subnet")) expect([name, r.map_public_ip_on_launch]).toEqual([name, false]);
    });

    test("CKV_AWS_66 / CKV_AWS_338 / CKV_AWS_158 / AVD-AWS-0017: log groups kept a year and KMS-encrypted; CKV_AWS_7: key rotation", () => {
      for (const [name, r] of all("aws_cloudwatch_log_group")) {
        expect([name, (r.retention_in_days as number) >= 365]).toEqual([name, true]);
        expect(r.kms_key_id).toMatch(/aws_kms_key/);
      }
      for (const [name, r] of all("aws_kms_key")) expect([name, r.enable_key_rotation]).toEqual([name, true]);
    });
  });
});
