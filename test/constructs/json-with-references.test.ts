import { Fn, TerraformVariable } from "cdktf";
import type { TerraformStack } from "cdktf";
import { jsonWithReferences } from "../../lib/constructs/json-with-references";
import { IamRolePolicy, S3Bucket } from "../../lib/providers/aws";
import { awsStack, one, synthJson } from "../support/aws-stack";

/** A stack with a bucket and a role policy whose document `document(bucket)` builds. */
function synthesizedPolicy(document: (bucket: S3Bucket, stack: TerraformStack) => object): string {
  const stack = awsStack();
  const bucket = new S3Bucket(stack, "bucket", { bucketPrefix: "logs-" });
  new IamRolePolicy(stack, "policy", { role: "reader", name: "read-logs", policy: jsonWithReferences(document(bucket, stack)) });
  return String(one(synthJson(stack), "aws_iam_role_policy").policy);
}

describe("jsonWithReferences", () => {
  test("literal JSON, references interpolated by Terraform inside its strings", () => {
    const policy = synthesizedPolicy((bucket) => ({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${bucket.arn}/*`], Condition: { Bool: { "aws:SecureTransport": true } } }],
    }));
    expect(policy).not.toContain("jsonencode");
    expect(JSON.parse(policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["s3:GetObject"],
          Resource: [expect.stringMatching(/^\$\{aws_s3_bucket\.bucket\.arn\}\/\*$/)],
          Condition: { Bool: { "aws:SecureTransport": true } },
        },
      ],
    });
  });

  test("a function call, a number or a list token (which only jsonencode() can place): jsonencode()", () => {
    const expression = synthesizedPolicy((bucket) => ({ Statement: Fn.concat([[{ Resource: bucket.arn }], []]) }));
    expect(expression).toBe('${jsonencode({"Statement" = concat([{"Resource" = aws_s3_bucket.bucket.arn}], [])})}');
    const number = synthesizedPolicy((_, stack) => ({
      Statement: [{ Sid: "x", MaxAge: new TerraformVariable(stack, "age", { type: "number" }).numberValue }],
    }));
    expect(number).toBe('${jsonencode({"Statement" = [{"Sid" = "x", "MaxAge" = var.age}]})}');
    const stack = awsStack();
    const list = jsonWithReferences({ Statement: [{ Resource: new TerraformVariable(stack, "arns", { type: "list(string)" }).listValue }] });
    // One token (the jsonencode() call), not JSON text around a list marker.
    expect(list).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
  });

  test("a document without references is plain JSON", () => {
    expect(jsonWithReferences({ Version: "2012-10-17", Statement: [] })).toBe('{"Version":"2012-10-17","Statement":[]}');
  });
});
