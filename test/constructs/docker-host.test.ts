import { gzipSync } from "node:zlib";
import { DockerHost, Network, Port, UBUNTU_2404_AMD64_AMI_PARAMETER } from "cdktf-docker-environments";
import type { DockerHostProps, DockerHostTemplateProps, NetworkProps } from "cdktf-docker-environments";
import { DockerHostTemplate } from "cdktf-docker-environments";
import { expectRefusal } from "../support/expect-refusal";
import { awsStack, resources, synthJson } from "../support/aws-stack";
import type { SynthJson } from "../support/aws-stack";

type HostProps = Omit<DockerHostProps, "network">;

/** Builds one host (refusals throw here, before any synth). */
function hostStack(props: HostProps = {}, networkProps: NetworkProps = {}) {
  const stack = awsStack();
  const network = new Network(stack, "net", { availabilityZones: ["eu-west-1a", "eu-west-1b"], ...networkProps });
  return new DockerHost(stack, "web", { network, ...props });
}

function templateStack(props: Omit<DockerHostTemplateProps, "network">) {
  const stack = awsStack();
  const network = new Network(stack, "net", { availabilityZones: ["eu-west-1a", "eu-west-1b"] });
  return new DockerHostTemplate(stack, "fleet", { network, ...props });
}

const HOP_REASON = "the log shipper container reads the instance role credentials";
const PUBLIC_REASON = "single-host demo reached directly: see ADR-7";
const TEXT = "#cloud-config\nruncmd:\n  - echo ${HOME} %{x}\n";
const where = "test/web";

/** One stack with a host per variant, synthesized once. */
function variants(networkProps: NetworkProps = {}) {
  const stack = awsStack();
  const network = new Network(stack, "net", { availabilityZones: ["eu-west-1a", "eu-west-1b"], ...networkProps });
  const host = (id: string, props: HostProps = {}) => new DockerHost(stack, id, { network, ...props });
  const hosts = {
    web: host("web", { dnsName: "web-1" }),
    volume: host("volume", { dockerDataVolume: { sizeGiB: 120, iops: 4000, throughputMiBps: 200, kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/abc" } }),
    ami: host("ami", { ami: "ami-0123456789abcdef0" }),
    text: host("text", { userData: { text: TEXT } }),
    gzip: host("gzip", { userData: { base64Gzip: gzipSync(TEXT).toString("base64") }, userDataChange: "replace-instance" }),
    hop: host("hop", { instanceMetadataHopLimit: 2, exceptions: [{ rule: "IMDS-HOP-LIMIT-2", reason: HOP_REASON }] }),
    public: host("public", { subnetType: "public", associatePublicIpAddress: true, exceptions: [{ rule: "PUBLIC-IP", reason: PUBLIC_REASON }] }),
    db: host("db", { zoneIndex: 1 }),
  };
  hosts.db.securityGroup.allowFrom(hosts.web, Port.tcp(5432), "PostgreSQL from web");
  return { hosts, json: synthJson(stack) };
}

/** The resource of `type` belonging to construct `id` (logical ids start with the construct path). */
function of(json: SynthJson, type: string, id: string, fragment = ""): Record<string, unknown> {
  const found = Object.entries(json.resource[type] ?? json.data?.[type] ?? {}).filter(([name]) => name.startsWith(`${id}_${fragment}`));
  if (found.length !== 1) throw new Error(`expected one ${type} of ${id}, found ${found.map(([n]) => n).join(", ") || "none"}`);
  return found[0][1];
}

describe("DockerHost", () => {
  const { hosts, json } = variants();
  const ipv6 = variants({ ipv6: true });

  test("hardened by default: IMDSv2 with hop limit 1, encrypted gp3 root, monitoring, EBS-optimized, no public IP, no key pair", () => {
    const instance = of(json, "aws_instance", "web");
    expect(instance).toMatchObject({
      instance_type: "t3.medium",
      ami: expect.stringMatching(/^\$\{data\.aws_ssm_parameter\.ami-parameter-[0-9a-f]{8}\.insecure_value\}$/),
      subnet_id: expect.stringContaining("aws_subnet.net_private-subnet-0"),
      metadata_options: { http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1, instance_metadata_tags: "disabled" },
      root_block_device: { volume_type: "gp3", volume_size: 20, encrypted: true, delete_on_termination: true },
      monitoring: true,
      ebs_optimized: true,
      associate_public_ip_address: false,
      user_data_replace_on_change: false,
      lifecycle: { ignore_changes: ["ami"] },
      tags: { Name: "test/web", "io.cdktf-docker-environments.docker-version": "27.5.1", "io.cdktf-docker-environments.docker-data-device": "/dev/sdf" },
    });
    expect(instance.key_name).toBeUndefined();
    expect(instance.ipv6_address_count).toBeUndefined();
    expect(instance.user_data).toBeUndefined();
    // One data source per stack and parameter, however many hosts read it.
    expect(Object.values(json.data?.aws_ssm_parameter ?? {})).toEqual([{ name: UBUNTU_2404_AMD64_AMI_PARAMETER }]);
    expect(hosts.web.dockerVersion).toBe("27.5.1");
  });

  test("a separate encrypted gp3 volume for Docker's data root, attached at /dev/sdf, snapshotted when destroyed", () => {
    expect(of(json, "aws_ebs_volume", "volume")).toMatchObject({
      type: "gp3",
      size: 120,
      iops: 4000,
      throughput: 200,
      encrypted: true,
      kms_key_id: "arn:aws:kms:eu-west-1:123456789012:key/abc",
      final_snapshot: true,
      availability_zone: expect.stringContaining("aws_subnet.net_private-subnet-0"),
    });
    expect(of(json, "aws_ebs_volume", "web")).toMatchObject({ type: "gp3", size: 50, iops: 3000, throughput: 125, encrypted: true });
    expect(of(json, "aws_volume_attachment", "volume")).toMatchObject({
      device_name: "/dev/sdf",
      stop_instance_before_detaching: true,
      instance_id: expect.stringContaining("aws_instance.volume_instance"),
      volume_id: expect.stringContaining("aws_ebs_volume.volume_docker-data"),
    });
  });

  test("SSM instead of SSH: an instance role with AmazonSSMManagedInstanceCore, no ingress, egress to 443 and 80 only", () => {
    expect(of(json, "aws_iam_role", "text").assume_role_policy).toBe(
      JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
    );
    expect(of(json, "aws_iam_role_policy_attachment", "text").policy_arn).toBe(
      "arn:${data.aws_partition.aws-partition.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore",
    );
    expect(of(json, "aws_instance", "text").iam_instance_profile).toMatch(/aws_iam_instance_profile\.text_instance-profile_\w+\.name/);
    expect(Object.keys(resources(json, "aws_vpc_security_group_ingress_rule")).filter((n) => n.startsWith("text_"))).toEqual([]);
    const egress = Object.entries(resources(json, "aws_vpc_security_group_egress_rule")).filter(([n]) => n.startsWith("text_"));
    expect(egress.map(([, r]) => [r.cidr_ipv4, r.ip_protocol, r.from_port, r.to_port]).sort()).toEqual([
      ["0.0.0.0/0", "tcp", 443, 443],
      ["0.0.0.0/0", "tcp", 80, 80],
    ]);
    expect(egress.every(([, r]) => typeof r.description === "string" && (r.description as string).length > 10)).toBe(true);
  });

  test("IPv6 networks: the host gets an address, A and AAAA records in the private zone, egress over ::/0 too", () => {
    expect(of(ipv6.json, "aws_instance", "web").ipv6_address_count).toBe(1);
    expect(of(ipv6.json, "aws_route53_record", "web", "dns-a_")).toMatchObject({ type: "A", ttl: 300, records: [expect.stringContaining(".private_ip}")] });
    expect(of(ipv6.json, "aws_route53_record", "web", "dns-aaaa")).toMatchObject({
      type: "AAAA",
      records: [expect.stringContaining("element(aws_instance.web_instance")],
    });
    expect(ipv6.hosts.web.fqdn).toMatch(/^web-1\.\$\{TfToken/);
    const egress = Object.entries(resources(ipv6.json, "aws_vpc_security_group_egress_rule")).filter(([n]) => n.startsWith("web_"));
    expect(egress.filter(([, r]) => r.cidr_ipv6 === "::/0")).toHaveLength(2);
    // Without IPv6: only the A record.
    expect(Object.keys(resources(json, "aws_route53_record"))).toEqual([expect.stringMatching(/^web_dns-a_/)]);
    // A public-subnet host gets no IPv6 address: the public subnets do not assign one.
    expect(of(ipv6.json, "aws_instance", "public").ipv6_address_count).toBeUndefined();
  });

  test("an explicit AMI is used as is and its changes replace the host", () => {
    const instance = of(json, "aws_instance", "ami");
    expect(instance.ami).toBe("ami-0123456789abcdef0");
    expect(instance.lifecycle).toBeUndefined();
    expect(Object.keys(json.data?.aws_ssm_parameter ?? {}).filter((n) => n.startsWith("ami_"))).toEqual([]);
  });

  test("user data: text (template syntax escaped) or gzip+base64; replace-on-change follows userDataChange", () => {
    expect(of(json, "aws_instance", "text")).toMatchObject({
      user_data: "#cloud-config\nruncmd:\n  - echo $${HOME} %%{x}\n",
      user_data_replace_on_change: false,
    });
    expect(of(json, "aws_instance", "gzip")).toMatchObject({ user_data_base64: gzipSync(TEXT).toString("base64"), user_data_replace_on_change: true });
    expect(of(json, "aws_instance", "gzip").user_data).toBeUndefined();
  });

  test("hop limit 2 with the named exception, its reason in a tag", () => {
    expect(of(json, "aws_instance", "hop")).toMatchObject({
      metadata_options: { http_tokens: "required", http_put_response_hop_limit: 2 },
      tags: expect.objectContaining({ "io.cdktf-docker-environments.exception.imds-hop-limit-2": HOP_REASON }),
    });
  });

  test("a public IP in a public subnet with the named exception", () => {
    expect(of(json, "aws_instance", "public")).toMatchObject({
      associate_public_ip_address: true,
      subnet_id: expect.stringContaining("public-subnet-0"),
      tags: expect.objectContaining({ "io.cdktf-docker-environments.exception.public-ip": PUBLIC_REASON }),
    });
  });

  test("connects through its security group; one partition data source for the stack", () => {
    expect(Object.keys(resources(json, "aws_vpc_security_group_ingress_rule"))).toEqual([
      expect.stringMatching(/^db_security-group_from-web-security-group-tcp-5432_/),
    ]);
    expect(Object.keys(resources(json, "aws_vpc_security_group_egress_rule"))).toContainEqual(
      expect.stringMatching(/^web_security-group_to-db-security-group-tcp-5432_/),
    );
    expect(Object.keys(json.data?.aws_partition ?? {})).toEqual(["aws-partition"]);
  });

  describe("refusals", () => {
    test("hop limit 2 without the reason, and any other hop limit", () => {
      expectRefusal(() => hostStack({ instanceMetadataHopLimit: 2 }), {
        where,
        field: "instanceMetadataHopLimit",
        value: 2,
        problem: /weakens a hardened default \(instance metadata hop limit 1.*checkov CKV_AWS_341\).*Fix: .*IMDS-HOP-LIMIT-2/,
      });
      expectRefusal(() => hostStack({ instanceMetadataHopLimit: 3 }), { where, field: "instanceMetadataHopLimit", value: 3, problem: /only 1 .* or 2/ });
      expectRefusal(() => hostStack({ exceptions: [{ rule: "IMDS-HOP-LIMIT-2", reason: HOP_REASON }] }), {
        where,
        field: "exceptions[0].rule",
        value: "IMDS-HOP-LIMIT-2",
        problem: /unused/,
      });
    });

    test("a public IP without the exception, in a private subnet, or on a fleet template", () => {
      expectRefusal(() => hostStack({ subnetType: "public", associatePublicIpAddress: true }), {
        where,
        field: "associatePublicIpAddress",
        value: true,
        problem: /CKV_AWS_88/,
      });
      expectRefusal(() => hostStack({ associatePublicIpAddress: true, exceptions: [{ rule: "PUBLIC-IP", reason: "reachable for the demo" }] }), {
        where,
        field: "associatePublicIpAddress",
        problem: /private subnet has no route from the internet/,
      });
      expectRefusal(() => templateStack({ associatePublicIpAddress: true, exceptions: [{ rule: "PUBLIC-IP", reason: "reachable for the demo" }] }), {
        where: "test/fleet",
        field: "associatePublicIpAddress",
        problem: /fleet hosts sit behind a load balancer/,
      });
    });

    test("Docker address ranges that overlap the VPC, with Docker's defaults or explicit ones", () => {
      expectRefusal(() => hostStack({}, { cidr: "172.17.0.0/16" }), {
        where: "test/web: dockerAddressSpace",
        field: "default-address-pools (Docker's default 172.17.0.0/16)",
        problem: /overlaps the host network 172\.17\.0\.0\/16/,
      });
      expectRefusal(() => hostStack({ dockerAddressSpace: { bip: "10.0.200.1/24", defaultAddressPools: [{ base: "10.200.0.0/16", size: 24 }] } }), {
        where: "test/web: dockerAddressSpace",
        field: "bip",
        value: "10.0.200.1/24",
        problem: /overlaps the host network 10\.0\.0\.0\/16/,
      });
      // Explicit pools outside the VPC make a 172.17/16 VPC usable.
      expect(() =>
        hostStack({ dockerAddressSpace: { bip: "10.250.0.1/24", defaultAddressPools: [{ base: "10.251.0.0/16", size: 24 }] } }, { cidr: "172.17.0.0/16" }),
      ).not.toThrow();
    });

    test("an unpinned engine, a bad AMI, a bad instance type, volume sizes gp3 does not take", () => {
      for (const dockerVersion of ["27", "latest", "27.5"]) {
        expectRefusal(() => hostStack({ dockerVersion }), { where, field: "dockerVersion", value: dockerVersion, problem: /pinned to major\.minor\.patch/ });
      }
      expectRefusal(() => hostStack({ ami: "ubuntu-24.04" }), { where, field: "ami", value: "ubuntu-24.04", problem: /not an AMI id/ });
      expectRefusal(() => hostStack({ ami: "ami-0123456789abcdef0", amiParameter: "/x" }), { where, field: "ami", problem: /both ami and amiParameter/ });
      expectRefusal(() => hostStack({ amiParameter: "aws/service/x" }), { where, field: "amiParameter", problem: /not an SSM parameter name/ });
      expectRefusal(() => hostStack({ instanceType: "T3 Medium" }), { where, field: "instanceType", problem: /not an EC2 instance type/ });
      const error = expectRefusal(() => hostStack({ rootVolumeSizeGiB: 4, dockerDataVolume: { iops: 100, throughputMiBps: 5000 } }), {
        where,
        field: "rootVolumeSizeGiB",
        value: 4,
      });
      expect(error.message).toMatch(/dockerDataVolume\.iops = 100: must be an integer from 3000 to 16000/);
      expect(error.message).toMatch(/dockerDataVolume\.throughputMiBps = 5000/);
    });

    test("user data with a secret or over 16 KB", () => {
      expectRefusal(() => hostStack({ userData: { text: "#!/bin/sh\nexport AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP\n" } }), {
        where,
        field: "userData",
        value: "(not shown)",
        problem: /AWS access key id/,
      });
      expectRefusal(() => hostStack({ userData: { text: "#".repeat(20000) } }), {
        where,
        field: "userData",
        value: "20000 bytes",
        problem: /at most 16384 bytes/,
      });
    });

    test("a zone or subnet the network does not have, a bad DNS name, egress ports out of range", () => {
      expectRefusal(() => hostStack({ zoneIndex: 2 }), { where, field: "zoneIndex", value: 2, problem: /the network has 2 zones.*Fix: use 0 to 1/ });
      expectRefusal(() => hostStack({ subnetType: "isolated" as never }), { where, field: "subnetType", value: "isolated" });
      expectRefusal(() => hostStack({ dnsName: "Web_1" }), { where, field: "dnsName", value: "Web_1", problem: /not a DNS name/ });
      expectRefusal(() => hostStack({ internetEgressPorts: [443, 0] }), { where, field: "internetEgressPorts[1]", value: 0 });
      expectRefusal(() => hostStack({ internetEgressPorts: [443, 443] }), { where, field: "internetEgressPorts", problem: /listed twice/ });
    });
  });
});
