import { Network } from "cdktf-docker-environments";
import type { NetworkProps } from "cdktf-docker-environments";
import { expectRefusal } from "../support/expect-refusal";
import { awsStack, one, resources, synthJson } from "../support/aws-stack";

function synth(props: NetworkProps = {}) {
  const stack = awsStack();
  const network = new Network(stack, "net", props);
  return { json: synthJson(stack), network };
}

describe("Network", () => {
  test("defaults: two zones from the region, computed subnets, no public IPs, a NAT per zone", () => {
    const { json, network } = synth();
    expect(network.name).toBe("test-net");
    const zones = one(json, "aws_availability_zones", "zones");
    expect(zones).toMatchObject({ state: "available", filter: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] });
    expect(zones.lifecycle).toEqual({
      postcondition: [{ condition: "${length(self.names) >= 2}", error_message: expect.stringContaining("needs 2 availability zones") }],
    });
    expect(one(json, "aws_vpc")).toMatchObject({ cidr_block: "10.0.0.0/16", enable_dns_support: true, enable_dns_hostnames: true });
    expect(one(json, "aws_vpc").assign_generated_ipv6_cidr_block).toBeUndefined();

    const subnets = Object.values(resources(json, "aws_subnet"));
    expect(subnets.map((s) => s.cidr_block).sort()).toEqual(["10.0.0.0/18", "10.0.128.0/20", "10.0.144.0/20", "10.0.64.0/18"]);
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
    expect(one(json, "aws_subnet", "private-subnet-1").availability_zone).toMatch(/^\$\{data\.aws_availability_zones\.net_zones_\w+\.names\.1\}$/);

    expect(Object.keys(resources(json, "aws_nat_gateway"))).toHaveLength(2);
    expect(Object.values(resources(json, "aws_eip")).every((e) => e.domain === "vpc")).toBe(true);
    const privateRoutes = Object.entries(resources(json, "aws_route")).filter(([n]) => n.includes("private-default-route-"));
    expect(privateRoutes.map(([, r]) => r.nat_gateway_id)).toEqual([expect.stringContaining("nat-gateway-0"), expect.stringContaining("nat-gateway-1")]);
    expect(one(json, "aws_route", "public-default-route_")).toMatchObject({
      destination_cidr_block: "0.0.0.0/0",
      gateway_id: expect.stringContaining("aws_internet_gateway"),
    });
    expect(Object.keys(resources(json, "aws_route_table_association"))).toHaveLength(4);
  });

  test("flow logs: all traffic to a KMS-encrypted log group kept 365 days, delivered by a role only the account's flow logs can assume", () => {
    const { json } = synth();
    expect(one(json, "aws_flow_log")).toMatchObject({ traffic_type: "ALL", log_destination_type: "cloud-watch-logs", max_aggregation_interval: 600 });
    const group = one(json, "aws_cloudwatch_log_group");
    expect(group).toMatchObject({ name: "/vpc-flow-logs/test-net", retention_in_days: 365, kms_key_id: expect.stringContaining("aws_kms_key") });
    const key = one(json, "aws_kms_key");
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(key.policy).toContain('"kms:EncryptionContext:aws:logs:arn"');
    expect(key.policy).toContain(":log-group:/vpc-flow-logs/test-net");
    expect(key.policy).toMatch(/logs\.\$\{data\.aws_region\.aws-region\.name\}\.amazonaws\.com/);
    const role = one(json, "aws_iam_role", "delivery-role");
    expect(role.assume_role_policy).toContain('"aws:SourceAccount"');
    expect(role.assume_role_policy).toContain("vpc-flow-logs.amazonaws.com");
    expect(one(json, "aws_iam_role_policy").policy).toMatch(/logs:PutLogEvents.*aws_cloudwatch_log_group\.[\w-]+\.arn\}:\*/);
  });

  test("locks the default security group down: no rules at all", () => {
    const { json } = synth();
    const group = one(json, "aws_default_security_group");
    expect(group).toEqual({ vpc_id: expect.stringContaining("aws_vpc"), tags: { Name: "test-net-default-deny-all" } });
  });

  test("a Route 53 private zone bound to the VPC", () => {
    const { json } = synth({ privateZoneName: "shop.internal" });
    expect(one(json, "aws_route53_zone")).toMatchObject({ name: "shop.internal", vpc: [{ vpc_id: expect.stringContaining("aws_vpc") }] });
  });

  test("explicit zones need no data source; a single NAT serves every zone; none leaves private subnets without IPv4 egress", () => {
    const single = synth({ availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"], natGateways: "single" }).json;
    expect(single.data?.aws_availability_zones).toBeUndefined();
    expect(Object.values(resources(single, "aws_subnet")).map((s) => s.availability_zone)).toEqual(
      expect.arrayContaining(["eu-west-1a", "eu-west-1b", "eu-west-1c"]),
    );
    expect(Object.keys(resources(single, "aws_nat_gateway"))).toHaveLength(1);
    const routes = Object.entries(resources(single, "aws_route")).filter(([n]) => n.includes("private-default-route-"));
    expect(routes).toHaveLength(3);
    expect(new Set(routes.map(([, r]) => r.nat_gateway_id)).size).toBe(1);

    const none = synth({ natGateways: "none" }).json;
    expect(resources(none, "aws_nat_gateway")).toEqual({});
    expect(Object.keys(resources(none, "aws_route")).filter((n) => n.includes("private"))).toEqual([]);
  });

  test("IPv6 end to end: a /56 on the VPC, a /64 per subnet, ::/0 through the internet gateway and the egress-only gateway", () => {
    const { json } = synth({ ipv6: true });
    expect(one(json, "aws_vpc").assign_generated_ipv6_cidr_block).toBe(true);
    expect(one(json, "aws_subnet", "public-subnet-1")).toMatchObject({
      ipv6_cidr_block: expect.stringMatching(/^\$\{cidrsubnet\(aws_vpc\.net_vpc_\w+\.ipv6_cidr_block, 8, 1\)\}$/),
      assign_ipv6_address_on_creation: false,
    });
    expect(one(json, "aws_subnet", "private-subnet-1")).toMatchObject({
      ipv6_cidr_block: expect.stringContaining(", 8, 129)"),
      assign_ipv6_address_on_creation: true,
    });
    expect(Object.keys(resources(json, "aws_egress_only_internet_gateway"))).toHaveLength(1);
    expect(one(json, "aws_route", "public-default-route-ipv6")).toMatchObject({
      destination_ipv6_cidr_block: "::/0",
      gateway_id: expect.stringContaining("aws_internet_gateway"),
    });
    expect(one(json, "aws_route", "private-default-route-ipv6-0")).toMatchObject({
      destination_ipv6_cidr_block: "::/0",
      egress_only_gateway_id: expect.stringContaining("egress-only"),
    });
  });

  test("shorter flow log retention only with the named exception, visible as a tag", () => {
    const reason = "sandbox account: flow logs are exported to the SIEM daily";
    const { json } = synth({ flowLogs: { retentionInDays: 30 }, exceptions: [{ rule: "LOG-RETENTION-UNDER-365", reason }] });
    expect(one(json, "aws_cloudwatch_log_group")).toMatchObject({
      retention_in_days: 30,
      tags: expect.objectContaining({ "io.cdktf-docker-environments.exception.log-retention-under-365": reason }),
    });
  });

  describe("refusals", () => {
    const where = "test/net";
    test("fewer than two zones", () => {
      expectRefusal(() => synth({ zoneCount: 1 }), { where, field: "zoneCount", value: 1, problem: /at least 2 availability zones/ });
      expectRefusal(() => synth({ availabilityZones: ["eu-west-1a"] }), {
        where,
        field: "availabilityZones",
        value: ["eu-west-1a"],
        problem: /at least 2 availability zones/,
      });
    });
    test("a zone listed twice, or a zone count that contradicts the list", () => {
      expectRefusal(() => synth({ availabilityZones: ["eu-west-1a", "eu-west-1a"] }), {
        where,
        field: "availabilityZones",
        problem: /eu-west-1a is listed twice/,
      });
      expectRefusal(() => synth({ availabilityZones: ["eu-west-1a", "eu-west-1b"], zoneCount: 3 }), {
        where,
        field: "zoneCount",
        value: 3,
        problem: /lists 2 zones/,
      });
    });
    test("bad CIDRs", () => {
      expectRefusal(() => synth({ cidr: "10.0.0.0/12" }), { where, field: "cidr", value: "10.0.0.0/12", problem: /from \/16 to \/28/ });
      expectRefusal(() => synth({ cidr: "10.0.0.1/16" }), { where, field: "cidr", value: "10.0.0.1/16", problem: /host bits/ });
      expectRefusal(() => synth({ cidr: "54.0.0.0/16" }), { where, field: "cidr", problem: /not a private range/ });
      expectRefusal(() => synth({ cidr: "10.0.0.0/27", zoneCount: 3 }), { where, field: "cidr", problem: /the VPC has 32/ });
      expectRefusal(() => synth({ subnetPrefixLengths: { private: 29 } }), { where, field: "subnetPrefixLengths.private", value: 29 });
    });
    test("names that AWS or DNS would reject", () => {
      expectRefusal(() => synth({ name: "Prod_Net" }), { where, field: "name", value: "Prod_Net", problem: /not a usable network name/ });
      expectRefusal(() => synth({ privateZoneName: "shop..internal" }), { where, field: "privateZoneName", problem: /not a DNS name/ });
    });
    test("a retention CloudWatch does not offer; a short one without the exception; an exception nothing uses", () => {
      expectRefusal(() => synth({ flowLogs: { retentionInDays: 366 } }), {
        where,
        field: "flowLogs.retentionInDays",
        value: 366,
        problem: /does not offer this retention/,
      });
      expectRefusal(() => synth({ flowLogs: { retentionInDays: 90 } }), {
        where,
        field: "flowLogs.retentionInDays",
        value: 90,
        problem: /weakens a hardened default \(flow logs kept at least 365 days; checkov CKV_AWS_338\).*Fix: .*LOG-RETENTION-UNDER-365/,
      });
      expectRefusal(() => synth({ exceptions: [{ rule: "LOG-RETENTION-UNDER-365", reason: "no reason at all here" }] }), {
        where,
        field: "exceptions[0].rule",
        value: "LOG-RETENTION-UNDER-365",
        problem: /exception is unused/,
      });
      const twice = { rule: "LOG-RETENTION-UNDER-365" as const, reason: "sandbox account with a short audit horizon" };
      expectRefusal(() => synth({ flowLogs: { retentionInDays: 30 }, exceptions: [twice, twice] }), {
        where,
        field: "exceptions[1].rule",
        problem: /declared twice/,
      });
      expectRefusal(() => synth({ exceptions: [{ rule: "CIS-5.4" as never, reason: "a container rule, not an AWS one" }] }), {
        where,
        field: "exceptions[0].rule",
        value: "CIS-5.4",
        problem: /not an AWS rule id.*Fix: use one of SSH-FROM-INTERNET, RDP-FROM-INTERNET, IMDS-HOP-LIMIT-2, PUBLIC-IP, LOG-RETENTION-UNDER-365/,
      });
    });
  });
});
