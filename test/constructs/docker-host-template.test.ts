import { TerraformVariable } from "cdktf";
import { DockerHostTemplate, Network } from "cdktf-docker-environments";
import type { DockerHostTemplateProps, NetworkProps } from "cdktf-docker-environments";
import { expectRefusal } from "../support/expect-refusal";
import { awsStack, one, synthJson } from "../support/aws-stack";

function templateStack(props: Omit<DockerHostTemplateProps, "network"> = {}, networkProps: NetworkProps = {}) {
  const stack = awsStack();
  const network = new Network(stack, "net", { availabilityZones: ["eu-west-1a", "eu-west-1b"], ...networkProps });
  const template = new DockerHostTemplate(stack, "fleet", { network, ...props });
  return { stack, template, json: synthJson(stack) };
}

const HOP_REASON = "the log shipper container reads the instance role credentials";

describe("DockerHostTemplate", () => {
  test("the launch-template form: same hardening, root device read from the AMI, data volume in the template", () => {
    const { json } = templateStack({ userData: { text: "#cloud-config\n" } }, { ipv6: true });
    const template = one(json, "aws_launch_template");
    expect(template).toMatchObject({
      image_id: expect.stringContaining("aws_ssm_parameter.ami-parameter-"),
      instance_type: "t3.medium",
      ebs_optimized: "true",
      update_default_version: true,
      iam_instance_profile: { arn: expect.stringContaining("aws_iam_instance_profile.fleet_instance-profile") },
      monitoring: { enabled: true },
      metadata_options: { http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1, instance_metadata_tags: "disabled" },
      network_interfaces: [
        {
          device_index: 0,
          associate_public_ip_address: "false",
          delete_on_termination: "true",
          ipv6_address_count: 1,
          security_groups: [expect.stringContaining("fleet_security-group")],
        },
      ],
      block_device_mappings: [
        {
          device_name: expect.stringMatching(/^\$\{data\.aws_ami\.fleet_image_\w+\.root_device_name\}$/),
          ebs: { volume_type: "gp3", volume_size: 20, encrypted: "true", delete_on_termination: "true" },
        },
        {
          device_name: "/dev/sdf",
          ebs: { volume_type: "gp3", volume_size: 50, iops: 3000, throughput: 125, encrypted: "true", delete_on_termination: "true" },
        },
      ],
      user_data: Buffer.from("#cloud-config\n").toString("base64"),
      tag_specifications: expect.arrayContaining([
        expect.objectContaining({ resource_type: "instance" }),
        expect.objectContaining({ resource_type: "volume" }),
      ]),
    });
    expect(template.vpc_security_group_ids).toBeUndefined();
    expect(one(json, "aws_ami", "fleet_image")).toEqual({ filter: [{ name: "image-id", values: [expect.stringContaining("insecure_value")] }] });
  });

  test("user data with Terraform references goes through a local value and base64encode", () => {
    const stack = awsStack();
    const network = new Network(stack, "net", { availabilityZones: ["eu-west-1a", "eu-west-1b"] });
    const bucket = new TerraformVariable(stack, "bucket", { type: "string" });
    new DockerHostTemplate(stack, "fleet", { network, userData: { text: `#!/bin/sh\naws s3 cp "s3://${bucket.stringValue}/boot" - | sh # \${not_a_ref}\n` } });
    const json = synthJson(stack);
    expect(one(json, "aws_launch_template").user_data).toMatch(/^\$\{base64encode\(local\.fleet_user-data-text_\w+\)\}$/);
    expect(Object.values(json.locals ?? {})).toEqual(['#!/bin/sh\naws s3 cp "s3://${var.bucket}/boot" - | sh # $${not_a_ref}\n']);
  });

  test("hop limit 2 only with the exception, which shows as a tag on the template and its instances", () => {
    const { json } = templateStack({ instanceMetadataHopLimit: 2, exceptions: [{ rule: "IMDS-HOP-LIMIT-2", reason: HOP_REASON }] });
    const template = one(json, "aws_launch_template");
    expect(template).toMatchObject({
      metadata_options: { http_put_response_hop_limit: 2 },
      tags: expect.objectContaining({ "io.cdktf-docker-environments.exception.imds-hop-limit-2": HOP_REASON }),
    });
    expect(
      (template.tag_specifications as { resource_type: string; tags: Record<string, string> }[]).find((t) => t.resource_type === "instance")!.tags,
    ).toMatchObject({
      "io.cdktf-docker-environments.exception.imds-hop-limit-2": HOP_REASON,
    });
    expectRefusal(() => templateStack({ instanceMetadataHopLimit: 2 }), {
      where: "test/fleet",
      field: "instanceMetadataHopLimit",
      value: 2,
      problem: /IMDS-HOP-LIMIT-2/,
    });
  });
});
