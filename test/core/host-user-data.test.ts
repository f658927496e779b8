import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { EC2_USER_DATA_LIMIT_BYTES, resolveUserData } from "../../lib/core/host-user-data";
import type { HostUserData } from "../../lib/core/host-user-data";
import { expectRefusal } from "../support/expect-refusal";

const WHERE = "stack/web";
const gz = (text: string | Buffer) => gzipSync(text).toString("base64");

describe("resolveUserData", () => {
  test("text goes to user_data, gzip+base64 to user_data_base64, sizes counted as EC2 counts them", () => {
    const text = "#cloud-config\n# é\n";
    expect(resolveUserData({ text }, WHERE)).toEqual({ argument: "user_data", value: text, bytes: 19, text });
    const encoded = gz("#cloud-config\n");
    expect(resolveUserData({ base64Gzip: encoded }, WHERE)).toEqual({
      argument: "user_data_base64",
      value: encoded,
      bytes: Buffer.from(encoded, "base64").length,
      text: "#cloud-config\n",
    });
  });

  test("text the caller compressed itself is checked as given, not decoded again", () => {
    const encoded = gz("#cloud-config\n");
    expect(resolveUserData({ base64Gzip: encoded }, WHERE, false, "#cloud-config\n")).toEqual(resolveUserData({ base64Gzip: encoded }, WHERE));
    expectRefusal(() => resolveUserData({ base64Gzip: gz("x") }, WHERE, false, "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), {
      where: WHERE,
      field: "userData",
      problem: /AWS secret access key/,
    });
  });

  test("accepts exactly 16 KB and refuses one byte more, with the way out", () => {
    expect(resolveUserData({ text: "#".repeat(EC2_USER_DATA_LIMIT_BYTES) }, WHERE).bytes).toBe(16384);
    expectRefusal(() => resolveUserData({ text: "#".repeat(EC2_USER_DATA_LIMIT_BYTES + 1) }, WHERE), {
      where: WHERE,
      field: "userData",
      value: "16385 bytes",
      problem: /EC2 accepts at most 16384 bytes.*Fix: compress it \(\{ base64Gzip \}\) or let the bootstrapper move the payload to S3/,
    });
    // Random bytes do not compress: the compressed form is over the limit too.
    expectRefusal(() => resolveUserData({ base64Gzip: gz(randomBytes(17000)) }, WHERE), {
      where: WHERE,
      field: "userData",
      problem: /at most 16384 bytes.*move the payload to S3/,
    });
  });

  test("refuses neither or both forms", () => {
    expectRefusal(() => resolveUserData({} as HostUserData, WHERE), { where: WHERE, field: "userData", problem: /exactly one of text or base64Gzip/ });
    expectRefusal(() => resolveUserData({ text: "a", base64Gzip: gz("a") } as unknown as HostUserData, WHERE), {
      where: WHERE,
      field: "userData",
      problem: /exactly one/,
    });
  });

  test("refuses base64 that is not base64, not gzip, or corrupt gzip", () => {
    expectRefusal(() => resolveUserData({ base64Gzip: "not base64!" }, WHERE), {
      where: WHERE,
      field: "userData.base64Gzip",
      value: "not base64!",
      problem: /not base64/,
    });
    expectRefusal(() => resolveUserData({ base64Gzip: Buffer.from("#cloud-config\n").toString("base64") }, WHERE), {
      where: WHERE,
      field: "userData.base64Gzip",
      problem: /not gzip \(no 1f 8b magic\)/,
    });
    const truncated = gzipSync("#cloud-config\n".repeat(50)).subarray(0, 20).toString("base64");
    expectRefusal(() => resolveUserData({ base64Gzip: truncated }, WHERE), { where: WHERE, field: "userData.base64Gzip", problem: /gzip data is corrupt/ });
  });

  test.each([
    ["an AWS access key id", "export AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP\n"],
    ["a private key", "write_files:\n  - content: |\n      -----BEGIN OPENSSH PRIVATE KEY-----\n"],
    ["an AWS secret access key", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"],
  ])("refuses user data that contains %s, in text or compressed, without printing it", (what, text) => {
    for (const userData of [{ text }, { base64Gzip: gz(text) }]) {
      const error = expectRefusal(() => resolveUserData(userData, WHERE), {
        where: WHERE,
        field: "userData",
        value: "(not shown)",
        problem: new RegExp(`looks like ${what}`),
      });
      expect(error.message).toMatch(/Fix: store the secret in SSM Parameter Store or Secrets Manager/);
      expect(error.message).not.toContain(text.trim().slice(-12));
    }
  });
});
