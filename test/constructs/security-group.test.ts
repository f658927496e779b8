import { Network, Peer, Port, SecurityGroup } from "cdktf-docker-environments";
import type { TerraformStack } from "cdktf";
import { expectRefusal } from "../support/expect-refusal";
import { awsStack, resources, synthJson } from "../support/aws-stack";

function groups(): { stack: TerraformStack; web: SecurityGroup; db: SecurityGroup } {
  const stack = awsStack();
  const network = new Network(stack, "net", { availabilityZones: ["eu-west-1a", "eu-west-1b"] });
  const web = new SecurityGroup(stack, "web", { vpcId: network.vpc.id, description: "Web hosts" });
  const db = new SecurityGroup(stack, "db", { vpcId: network.vpc.id, description: "Database hosts" });
  return { stack, web, db };
}

const ingress = (stack: TerraformStack) => resources(synthJson(stack), "aws_vpc_security_group_ingress_rule");
const egress = (stack: TerraformStack) => resources(synthJson(stack), "aws_vpc_security_group_egress_rule");

describe("SecurityGroup", () => {
  test("a group starts with no rules; allowFrom(group) writes the ingress here and the matching egress on the peer", () => {
    const { stack, web, db } = groups();
    expect(synthJson(stack).resource.aws_security_group).toBeDefined();
    expect(synthJson(stack).resource.aws_vpc_security_group_ingress_rule).toBeUndefined();
    db.allowFrom(web, Port.tcp(5432), "PostgreSQL from the web hosts");
    const json = synthJson(stack);
    const [[inName, inRule]] = Object.entries(resources(json, "aws_vpc_security_group_ingress_rule"));
    const [[outName, outRule]] = Object.entries(resources(json, "aws_vpc_security_group_egress_rule"));
    expect(inName).toMatch(/^db_from-web-tcp-5432_/);
    expect(outName).toMatch(/^web_to-db-tcp-5432_/);
    expect(inRule).toEqual({
      security_group_id: expect.stringContaining("aws_security_group.db_group"),
      referenced_security_group_id: expect.stringContaining("aws_security_group.web_group"),
      ip_protocol: "tcp",
      from_port: 5432,
      to_port: 5432,
      description: "PostgreSQL from the web hosts",
    });
    expect(outRule).toEqual({
      security_group_id: expect.stringContaining("aws_security_group.web_group"),
      referenced_security_group_id: expect.stringContaining("aws_security_group.db_group"),
      ip_protocol: "tcp",
      from_port: 5432,
      to_port: 5432,
      description: "PostgreSQL from the web hosts",
    });
  });

  test("allowTo(group) is the mirror image; CIDR and prefix-list peers get one side only", () => {
    const { stack, web, db } = groups();
    web.allowTo(db, Port.tcpRange(6379, 6380), "Redis to the database hosts");
    web.allowFrom(Peer.ipv4("10.0.0.0/8"), Port.tcp(22), "SSH from the corporate network");
    web.allowFrom(Peer.anyIpv6(), Port.tcp(443), "HTTPS from anywhere");
    web.allowTo(Peer.prefixList("pl-6da54004"), Port.tcp(443), "S3 through the gateway endpoint");
    web.allowFrom(web, Port.allTraffic(), "Members talk to each other");
    const rulesIn = ingress(stack);
    const rulesOut = egress(stack);
    expect(Object.values(rulesIn).find((r) => r.from_port === 6379)).toMatchObject({ to_port: 6380, security_group_id: expect.stringContaining("db_group") });
    expect(Object.values(rulesIn).find((r) => r.cidr_ipv4 === "10.0.0.0/8")).toMatchObject({ from_port: 22, description: "SSH from the corporate network" });
    expect(Object.values(rulesIn).find((r) => r.cidr_ipv6 === "::/0")).toMatchObject({ from_port: 443 });
    expect(Object.values(rulesOut).find((r) => r.prefix_list_id === "pl-6da54004")).toMatchObject({ from_port: 443 });
    const self = Object.values(rulesIn).find((r) => r.ip_protocol === "-1")!;
    expect(self.from_port).toBeUndefined();
    expect(self.referenced_security_group_id).toBe(self.security_group_id);
    expect(Object.values(rulesOut).filter((r) => r.ip_protocol === "-1")).toHaveLength(1);
    // Only the group peers got the other side: 3 ingress here + 1 on db; egress 1 to db, the prefix list, the self rule.
    expect(Object.keys(rulesIn)).toHaveLength(4);
    expect(Object.keys(rulesOut)).toHaveLength(3);
  });

  test("SSH from the internet only with the named exception, its reason in the rule's description", () => {
    const { stack, web } = groups();
    web.allowFrom(Peer.anyIpv4(), Port.tcp(22), "SSH for the break-glass bastion", {
      exceptions: [{ rule: "SSH-FROM-INTERNET", reason: "break-glass access while SSM is down: INC-1234" }],
    });
    expect(Object.values(ingress(stack))[0].description).toBe(
      "SSH for the break-glass bastion [exception SSH-FROM-INTERNET: break-glass access while SSM is down: INC-1234]",
    );
  });

  test("escapes Terraform template syntax in a description", () => {
    const { stack, web } = groups();
    web.allowFrom(Peer.ipv4("10.1.0.0/16"), Port.udp(53), "DNS ${not a reference}");
    expect(Object.values(ingress(stack))[0].description).toBe("DNS $${not a reference}");
  });

  describe("refusals", () => {
    const where = "test/web";
    test.each([
      ["0.0.0.0/0 to 22", Peer.anyIpv4(), Port.tcp(22), "SSH-FROM-INTERNET", /0\.0\.0\.0\/0 to tcp-22 \(SSH\)/],
      ["::/0 to 22", Peer.anyIpv6(), Port.tcp(22), "SSH-FROM-INTERNET", /::\/0 to tcp-22 \(SSH\)/],
      ["0.0.0.0/0 to 0-1024", Peer.anyIpv4(), Port.tcpRange(0, 1024), "SSH-FROM-INTERNET", /tcp-0-1024 \(SSH\)/],
      ["0.0.0.0/0 to every TCP port", Peer.anyIpv4(), Port.allTcp(), "SSH-FROM-INTERNET", /tcp-0-65535 \(SSH\)/],
      ["::/0 to 3389", Peer.ipv6("::/0"), Port.tcp(3389), "RDP-FROM-INTERNET", /::\/0 to tcp-3389 \(RDP\)/],
    ])("ingress from %s without the exception", (_label, peer, port, rule, value) => {
      const { stack, web } = groups();
      expectRefusal(() => web.allowFrom(peer, port, "open for testing"), {
        where,
        field: "peer",
        problem: new RegExp(
          `weakens a hardened default \\(no ingress from 0\\.0\\.0\\.0/0 or ::/0 to port \\d+.*Fix: keep the default, or add exceptions: \\[\\{ rule: "${rule}"`,
        ),
      });
      const error = expectRefusal(() => web.allowFrom(peer, port, "open for testing"), { where, field: "peer" });
      expect(error.message).toMatch(value);
      expect(ingress(stack)).toEqual({});
    });

    test("every traffic from the internet needs both the SSH and the RDP exception", () => {
      const { web } = groups();
      const error = expectRefusal(
        () =>
          web.allowFrom(Peer.anyIpv4(), Port.allTraffic(), "everything", {
            exceptions: [{ rule: "SSH-FROM-INTERNET", reason: "lab network without SSM agent" }],
          }),
        { where, field: "peer", problem: /RDP/ },
      );
      expect(error.message.split("\n")).toHaveLength(1);
    });

    test("SSH from a private range needs no exception; an exception there is unused and refused", () => {
      const { web } = groups();
      expect(() => web.allowFrom(Peer.ipv4("10.0.0.0/8"), Port.tcp(22), "SSH from the VPN")).not.toThrow();
      expectRefusal(
        () => web.allowFrom(Peer.anyIpv4(), Port.tcp(443), "HTTPS", { exceptions: [{ rule: "SSH-FROM-INTERNET", reason: "copied from another rule" }] }),
        {
          where,
          field: "exceptions[0].rule",
          value: "SSH-FROM-INTERNET",
          problem: /unused/,
        },
      );
    });

    test("an exception without a usable reason", () => {
      const { web } = groups();
      expectRefusal(() => web.allowFrom(Peer.anyIpv4(), Port.tcp(22), "SSH", { exceptions: [{ rule: "SSH-FROM-INTERNET", reason: "because" }] }), {
        where,
        field: "exceptions[0].reason",
        value: "because",
        problem: /reason of 10 to 200 characters/,
      });
      expectRefusal(
        () => web.allowFrom(Peer.anyIpv4(), Port.tcp(22), "SSH", { exceptions: [{ rule: "SSH-FROM-INTERNET", reason: "it's the bastion, trust me" }] }),
        {
          where,
          field: "exceptions[0].reason",
        },
      );
    });

    test.each([
      ["empty", ""],
      ["blank", "   "],
      ["missing", undefined as unknown as string],
    ])("a %s description", (_label, description) => {
      const { stack, web, db } = groups();
      expectRefusal(() => db.allowFrom(web, Port.tcp(5432), description), {
        where: "test/db",
        field: "description",
        problem: /every security group rule needs a description \(checkov CKV_AWS_23\)/,
      });
      // Neither side was written.
      expect(ingress(stack)).toEqual({});
      expect(egress(stack)).toEqual({});
    });

    test("a description with characters AWS rejects, or too long", () => {
      const { web } = groups();
      expectRefusal(() => web.allowFrom(Peer.ipv4("10.0.0.0/8"), Port.tcp(80), "l'application"), {
        where,
        field: "description",
        value: "l'application",
        problem: /ASCII letters/,
      });
      expectRefusal(() => web.allowFrom(Peer.ipv4("10.0.0.0/8"), Port.tcp(80), "é"), { where, field: "description", problem: /ASCII letters/ });
      expectRefusal(() => web.allowFrom(Peer.ipv4("10.0.0.0/8"), Port.tcp(80), "x".repeat(256)), { where, field: "description", problem: /at most 255/ });
    });

    test("a malformed peer CIDR", () => {
      const { web } = groups();
      expectRefusal(() => web.allowFrom(Peer.ipv4("10.0.0.0/33"), Port.tcp(80), "HTTP"), {
        where,
        field: "peer",
        value: "10.0.0.0/33",
        problem: /not a CIDR block/,
      });
      expectRefusal(() => web.allowFrom(Peer.ipv4("10.0.0.1/8"), Port.tcp(80), "HTTP"), {
        where,
        field: "peer",
        value: "10.0.0.1/8",
        problem: /host bits.*10\.0\.0\.0\/8/,
      });
      expectRefusal(() => web.allowFrom(Peer.ipv4("::/0"), Port.tcp(80), "HTTP"), { where, field: "peer", value: "::/0", problem: /not an IPv4 block/ });
      expectRefusal(() => web.allowFrom(Peer.ipv6("10.0.0.0/8"), Port.tcp(80), "HTTP"), {
        where,
        field: "peer",
        value: "10.0.0.0/8",
        problem: /not an IPv6 block/,
      });
    });

    test("the same rule twice", () => {
      const { web, db } = groups();
      db.allowFrom(web, Port.tcp(5432), "PostgreSQL");
      expectRefusal(() => db.allowFrom(web, Port.tcp(5432), "PostgreSQL again"), {
        where: "test/db",
        field: "rules",
        value: "ingress tcp-5432 test/web",
        problem: /exists already \("PostgreSQL"\)/,
      });
      web.allowFrom(Peer.ipv6("2001:db8::/32"), Port.tcp(443), "HTTPS from the partner");
      expectRefusal(() => web.allowFrom(Peer.ipv6("2001:DB8:0::/32"), Port.tcp(443), "HTTPS again"), { where, field: "rules", problem: /exists already/ });
      // Distinct blocks never share an id, however their text compresses.
      web.allowFrom(Peer.ipv6("2001:db8::5/128"), Port.tcp(443), "HTTPS from one address");
      web.allowFrom(Peer.ipv6("2001:db8:5::/128"), Port.tcp(443), "HTTPS from another address");
      // The mirror image from the other side is the same connection.
      expectRefusal(() => web.allowTo(db, Port.tcp(5432), "PostgreSQL"), { where: "test/web", field: "rules", problem: /exists already/ });
    });

    test("bad ports and a bad group description", () => {
      expectRefusal(() => Port.tcp(70000), { where: "Port.tcp", field: "from", value: 70000, problem: /not a port number/ });
      expectRefusal(() => Port.udpRange(100, 10), { where: "Port.udpRange", field: "from", value: 100, problem: /greater than to \(10\)/ });
      const stack = awsStack();
      expectRefusal(() => new SecurityGroup(stack, "g", { vpcId: "vpc-1", description: "" }), {
        where: "test/g",
        field: "description",
        problem: /needs a description/,
      });
    });
  });
});
