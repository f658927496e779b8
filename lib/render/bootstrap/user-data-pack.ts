import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { EC2_USER_DATA_LIMIT_BYTES } from "../../core/host-user-data";
import type { HostUserData } from "../../core/host-user-data";
import { SpecError } from "../../core/spec-error";
import { shellQuote } from "./bootstrap-shell";
import { BOOTSTRAP_STATE_DIRECTORY } from "./host-plan-checks";

/** Where user data too large for EC2 even compressed is stored. */
export interface UserDataS3Location {
  /** Bucket name (the instance role needs s3:GetObject on the object). */
  readonly bucket: string;
  /** Object key. */
  readonly key: string;
}

export interface PackUserDataOptions {
  /**
   * Where to store user data that is over 16 KB even gzip-compressed; the user data becomes a
   * small stub that fetches it with the instance role and checks its SHA-256.
   * @default none: such user data is refused at synth time, naming this option
   */
  readonly s3?: UserDataS3Location;
  /**
   * Where the user data comes from, for error messages.
   * @default "user data"
   */
  readonly where?: string;
}

/** The object to upload (e.g. as an aws_s3_object) before the instance boots. */
export interface UserDataS3Object {
  readonly bucket: string;
  readonly key: string;
  /** The full user data, as rendered. */
  readonly content: string;
  /** Hex SHA-256 of the content, which the stub checks. */
  readonly sha256: string;
}

export interface PackedUserData {
  /** `plain`: the text fits; `gzip`: compressed (cloud-init recognises gzip); `s3`: a fetch stub. */
  readonly method: "plain" | "gzip" | "s3";
  /** What to give EC2: `{ text }` for `user_data`, `{ base64Gzip }` for `user_data_base64`. */
  readonly userData: HostUserData;
  /** The size EC2 counts (bytes before base64). */
  readonly bytes: number;
  /** What the host runs, uncompressed: the text given, or the fetch stub (method `s3`). */
  readonly text: string;
  /** With method `s3`: the object the stub fetches; upload it before the instance boots. */
  readonly s3Object?: UserDataS3Object;
}

/** cloud-init modules a rendered cloud-config uses, in the order cloud-init's final stage runs them. */
const CLOUD_CONFIG_MODULES = ["package_update_upgrade_install", "write_files_deferred", "runcmd"];

/**
 * Fits user data into EC2's 16 KB: as is if it fits, else gzip-compressed (returned as
 * base64 for `user_data_base64`), else stored in S3 behind a small fetch stub. Never
 * truncates; user data that cannot be packed is refused here, not at apply time.
 */
export function packUserData(text: string, options: PackUserDataOptions = {}): PackedUserData {
  const where = options.where ?? "user data";
  if (typeof text !== "string" || text.length === 0)
    throw new SpecError(where, "userData", text, "empty", "render the user data with one of the bootstrappers first");
  const encoded = Buffer.from(text, "utf8");
  const bytes = encoded.length;
  if (bytes <= EC2_USER_DATA_LIMIT_BYTES) return { method: "plain", userData: { text }, bytes, text };
  // The fastest compression usually fits; the strongest is tried before giving up on EC2.
  let compressed = gzipSync(encoded, { level: 1 });
  if (compressed.length > EC2_USER_DATA_LIMIT_BYTES) compressed = gzipSync(encoded, { level: 9 });
  if (compressed.length <= EC2_USER_DATA_LIMIT_BYTES)
    return { method: "gzip", userData: { base64Gzip: compressed.toString("base64") }, bytes: compressed.length, text };

  const location = options.s3;
  const fix = "pass s3: { bucket, key } to store it in S3 behind a fetch stub, or move large file contents out of the plan";
  if (location === undefined)
    throw new SpecError(
      where,
      "userData",
      `${bytes} bytes (${compressed.length} gzip-compressed)`,
      `over EC2's ${EC2_USER_DATA_LIMIT_BYTES}-byte limit even compressed`,
      fix,
    );
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(location.bucket ?? ""))
    throw new SpecError(where, "s3.bucket", location.bucket, "not an S3 bucket name", "use the bucket's name, not its ARN or URL");
  if (!/^[A-Za-z0-9!_.*'()/-]{1,1024}$/.test(location.key ?? "") || location.key.startsWith("/")) {
    throw new SpecError(where, "s3.key", location.key, "not a plain object key", 'e.g. "user-data/web-1.sh" (letters, digits, / ! _ . * \' ( ) -)');
  }
  const sha256 = createHash("sha256").update(text, "utf8").digest("hex");
  const stub = fetchStub(text, location, sha256, bytes, compressed.length, where);
  return {
    method: "s3",
    userData: { text: stub },
    bytes: Buffer.byteLength(stub, "utf8"),
    text: stub,
    s3Object: { bucket: location.bucket, key: location.key, content: text, sha256 },
  };
}

function fetchStub(text: string, location: UserDataS3Location, sha256: string, bytes: number, gzipBytes: number, where: string): string {
  const file = `${BOOTSTRAP_STATE_DIRECTORY}/user-data`;
  let run: string[];
  if (text.startsWith("#!")) {
    run = [`chmod 0700 ${file}`, `exec ${file}`];
  } else if (text.startsWith("#cloud-config")) {
    // Hand the cloud-config to cloud-init's own modules, in its final-stage order.
    run = [
      `for module in ${CLOUD_CONFIG_MODULES.join(" ")}; do`,
      `  cloud-init single --name "$module" --frequency always --file ${file}`,
      "done",
      "exec sh /var/lib/cloud/instance/scripts/runcmd",
    ];
  } else {
    throw new SpecError(
      where,
      "userData",
      text.slice(0, 40),
      "too large for EC2 and neither a shell script nor a #cloud-config document, so a fetch stub could not run it",
      "drop the extra MIME parts, or fold them into the cloud-config",
    );
  }
  const url = `s3://${location.bucket}/${location.key}`;
  return [
    "#!/bin/sh",
    `# Rendered by cdktf-docker-environments: this host's user data (${bytes} bytes, ${gzipBytes} gzip-compressed) is over EC2's`,
    `# ${EC2_USER_DATA_LIMIT_BYTES}-byte limit, so it is stored in ${url}. This stub fetches it with the instance role,`,
    "# checks its SHA-256 and runs it.",
    "set -eu",
    "umask 077",
    'PATH="$PATH:/snap/bin"',
    `install -d -m 0700 -o root -g root ${BOOTSTRAP_STATE_DIRECTORY}`,
    "if ! command -v aws >/dev/null 2>&1; then",
    "  snap install aws-cli --classic",
    "fi",
    'token=$(curl -fsS --retry 5 -X PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 300" http://169.254.169.254/latest/api/token)',
    'region=$(curl -fsS --retry 5 -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/placement/region)',
    `aws s3 cp --only-show-errors --region "$region" ${shellQuote(url)} ${file}`,
    `echo "${sha256}  ${file}" | sha256sum --check --strict --quiet -`,
    ...run,
    "",
  ].join("\n");
}
