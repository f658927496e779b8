import { createHash, randomBytes } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { packUserData, renderAnsiblePlaybook, renderChefRecipe, renderCloudInit, renderPuppetManifest, renderSaltStates } from "cdktf-docker-environments";
import type { HostPlan } from "cdktf-docker-environments";
import { EC2_USER_DATA_LIMIT_BYTES } from "../../../lib/core/host-user-data";
import { expectRefusal } from "../../support/expect-refusal";
import { btrfsHostPlan, fiftyServicesHostPlan } from "../../support/host-plan-fixtures";

const RENDERERS: [string, (plan: HostPlan) => string][] = [
  ["cloud-init", (p) => renderCloudInit(p).userData],
  ["Ansible", (p) => renderAnsiblePlaybook(p).userData],
  ["Chef", (p) => renderChefRecipe(p).userData],
  ["Salt", (p) => renderSaltStates(p).userData],
  ["Puppet", (p) => renderPuppetManifest(p).userData],
];
const S3 = { bucket: "acme-user-data", key: "hosts/fleet-1.txt" };

test("EC2's limit is 16384 bytes", () => expect(EC2_USER_DATA_LIMIT_BYTES).toBe(16384));

test.each(RENDERERS)("%s: a small plan stays plain text", (_name, render) => {
  const text = render(btrfsHostPlan());
  expect(Buffer.byteLength(text)).toBeLessThan(EC2_USER_DATA_LIMIT_BYTES);
  expect(packUserData(text)).toEqual({ method: "plain", userData: { text }, bytes: Buffer.byteLength(text), text });
});

test.each(RENDERERS)("%s: 50 services with real units are far over 16 KB, and gzip brings them under it, losslessly", (_name, render) => {
  const text = render(fiftyServicesHostPlan());
  expect(Buffer.byteLength(text)).toBeGreaterThan(4 * EC2_USER_DATA_LIMIT_BYTES);
  const packed = packUserData(text, { s3: S3 });
  expect(packed.method).toBe("gzip");
  expect(packed.bytes).toBeLessThanOrEqual(EC2_USER_DATA_LIMIT_BYTES);
  const bytes = Buffer.from((packed.userData as { base64Gzip: string }).base64Gzip, "base64");
  expect(bytes.length).toBe(packed.bytes);
  expect(gunzipSync(bytes).toString("utf8")).toBe(text);
  expect(packed.text).toBe(text);
  expect(packed.s3Object).toBeUndefined();
});

describe("over 16 KB even compressed", () => {
  // Random base64 does not compress below 3/4 of its size: 40 000 characters stay over 16 KB gzipped.
  const noise = randomBytes(30000).toString("base64");
  const script = `#!/bin/bash\n# ${noise}\necho bootstrapped\n`;

  test("is refused at synth time without an S3 location, naming the fix", () => {
    expectRefusal(() => packUserData(script, { where: "host fleet-1" }), {
      where: "host fleet-1",
      field: "userData",
      problem: /over EC2's 16384-byte limit even compressed\. Fix: pass s3: \{ bucket, key \}/,
    });
  });

  test("a shell script goes to S3; the stub fetches it with the instance role, checks its SHA-256 and runs it", () => {
    const packed = packUserData(script, { s3: S3 });
    expect(packed.method).toBe("s3");
    const sha256 = createHash("sha256").update(script).digest("hex");
    expect(packed.s3Object).toEqual({ bucket: S3.bucket, key: S3.key, content: script, sha256 });
    const stub = (packed.userData as { text: string }).text;
    expect(packed.bytes).toBe(Buffer.byteLength(stub));
    expect(packed.bytes).toBeLessThan(2048);
    expect(stub).toMatch(/^#!\/bin\/sh\n/);
    expect(stub).toContain(
      'aws s3 cp --only-show-errors --region "$region" s3://acme-user-data/hosts/fleet-1.txt /var/lib/cdktf-docker-environments/user-data',
    );
    expect(stub).toContain(`echo "${sha256}  /var/lib/cdktf-docker-environments/user-data" | sha256sum --check --strict --quiet -`);
    expect(stub.trimEnd().endsWith("exec /var/lib/cdktf-docker-environments/user-data")).toBe(true);
  });

  test("a cloud-config goes to S3 too; the stub hands it to cloud-init's own modules in final-stage order", () => {
    const cloudConfig = `#cloud-config\n# ${noise}\nruncmd:\n  - [echo, ok]\n`;
    const stub = (packUserData(cloudConfig, { s3: S3 }).userData as { text: string }).text;
    expect(stub).toContain("for module in package_update_upgrade_install write_files_deferred runcmd; do");
    expect(stub).toContain('cloud-init single --name "$module" --frequency always --file /var/lib/cdktf-docker-environments/user-data');
  });

  test("a MIME archive cannot be run by a stub: refused with the fix", () => {
    const mime = `Content-Type: multipart/mixed; boundary="x"\n\n${noise}`;
    expectRefusal(() => packUserData(mime, { s3: S3, where: "host fleet-1" }), {
      where: "host fleet-1",
      field: "userData",
      problem: /neither a shell script nor a #cloud-config/,
    });
  });

  test("a bad bucket or key is refused", () => {
    expectRefusal(() => packUserData(script, { s3: { bucket: "arn:aws:s3:::acme", key: "k" } }), {
      where: "user data",
      field: "s3.bucket",
      value: "arn:aws:s3:::acme",
    });
    expectRefusal(() => packUserData(script, { s3: { bucket: "acme", key: "/abs key" } }), { where: "user data", field: "s3.key", value: "/abs key" });
  });
});

test("the fastest compression first, the strongest when only it fits under 16 KB", () => {
  // Words from a small vocabulary: gzip -1 leaves them over 16 KB, gzip -9 under it.
  const words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu"];
  let seed = 12345;
  const text = [
    "#!/bin/sh",
    ...Array.from({ length: 8000 }, () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return `${words[seed % words.length]}${seed % 1000}`;
    }),
  ].join(" ");
  const input = Buffer.from(text);
  expect(gzipSync(input, { level: 1 }).length).toBeGreaterThan(EC2_USER_DATA_LIMIT_BYTES);
  expect(gzipSync(input, { level: 9 }).length).toBeLessThanOrEqual(EC2_USER_DATA_LIMIT_BYTES);
  const packed = packUserData(text);
  expect(packed.method).toBe("gzip");
  expect(packed.bytes).toBeLessThanOrEqual(EC2_USER_DATA_LIMIT_BYTES);
  expect(gunzipSync(Buffer.from((packed.userData as { base64Gzip: string }).base64Gzip, "base64")).toString("utf8")).toBe(text);
});
