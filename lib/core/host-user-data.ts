import { gunzipSync } from "node:zlib";
import { SpecError } from "./spec-error";

/**
 * EC2 user data for a Docker host, as the bootstrappers produce it: plain text (a
 * `#cloud-config` document, a shell script, a MIME multi-part archive), or gzip-compressed
 * and base64-encoded when the text would not fit. cloud-init recognises gzip by its magic bytes.
 */
export type HostUserData = { readonly text: string } | { readonly base64Gzip: string };

/** EC2 refuses user data over 16 KB (before base64 encoding). */
export const EC2_USER_DATA_LIMIT_BYTES = 16384;

/** Patterns that mean a secret was pasted into user data (which any process with IMDS access reads). */
const SECRET_PATTERNS: { pattern: RegExp; what: string }[] = [
  { pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/, what: "an AWS access key id" },
  { pattern: /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/, what: "a private key" },
  { pattern: /\baws_secret_access_key\s*[=:]\s*\S{20,}/i, what: "an AWS secret access key" },
];

/** Checked user data: which Terraform argument to set, and the bytes EC2 receives. */
export interface ResolvedUserData {
  /** `user_data` takes text, `user_data_base64` takes the base64 of bytes. */
  readonly argument: "user_data" | "user_data_base64";
  readonly value: string;
  /** Size as EC2 counts it. */
  readonly bytes: number;
  /** The text the host runs (decompressed). */
  readonly text: string;
}

/**
 * Checks user data for the 16 KB limit, well-formed gzip+base64, and pasted secrets (checkov
 * CKV_AWS_46, trivy AWS-0029). `containsTokens`: the text has Terraform references whose
 * values are unknown here, so its length is only a lower bound. `decompressed`: the text of
 * `base64Gzip` when the caller compressed it itself (it is then not decoded again).
 */
export function resolveUserData(userData: HostUserData, where: string, containsTokens = false, decompressed?: string): ResolvedUserData {
  const hasText = typeof (userData as { text?: unknown }).text === "string";
  const hasGzip = typeof (userData as { base64Gzip?: unknown }).base64Gzip === "string";
  if (hasText === hasGzip) {
    throw new SpecError(
      where,
      "userData",
      userData,
      "give exactly one of text or base64Gzip",
      "pass { text: renderedCloudConfig } or { base64Gzip: compressed }",
    );
  }
  let plain: string;
  let resolved: ResolvedUserData;
  if (hasText) {
    plain = (userData as { text: string }).text;
    resolved = { argument: "user_data", value: plain, bytes: Buffer.byteLength(plain, "utf8"), text: plain };
  } else {
    const encoded = (userData as { base64Gzip: string }).base64Gzip;
    // Text the caller compressed itself (packUserData's) is not decoded again.
    plain = decompressed ?? decodeBase64Gzip(encoded, where);
    resolved = { argument: "user_data_base64", value: encoded, bytes: Buffer.byteLength(encoded, "base64"), text: plain };
  }
  if (resolved.bytes > EC2_USER_DATA_LIMIT_BYTES) {
    throw new SpecError(
      where,
      "userData",
      `${resolved.bytes} bytes${containsTokens ? " or more" : ""}`,
      `EC2 accepts at most ${EC2_USER_DATA_LIMIT_BYTES} bytes of user data`,
      hasText
        ? "compress it ({ base64Gzip }) or let the bootstrapper move the payload to S3 behind a fetch stub"
        : "let the bootstrapper move the payload to S3 behind a fetch stub",
    );
  }
  for (const { pattern, what } of SECRET_PATTERNS) {
    if (pattern.test(plain)) {
      throw new SpecError(
        where,
        "userData",
        "(not shown)",
        `contains what looks like ${what}; user data is readable by anything on the host that can reach the instance metadata service`,
        "store the secret in SSM Parameter Store or Secrets Manager and fetch it on the host with the instance role",
      );
    }
  }
  return resolved;
}

/** The text inside gzip+base64 user data, refusing what cloud-init could not read. */
function decodeBase64Gzip(encoded: string, where: string): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) {
    throw new SpecError(where, "userData.base64Gzip", encoded, "not base64 (standard alphabet, padded)", "pass gzipSync(text).toString('base64')");
  }
  const bytes = Buffer.from(encoded, "base64");
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    throw new SpecError(
      where,
      "userData.base64Gzip",
      encoded,
      "the decoded bytes are not gzip (no 1f 8b magic), so cloud-init would not decompress them",
      "gzip the text before encoding it, or pass { text }",
    );
  }
  try {
    return gunzipSync(bytes).toString("utf8");
  } catch (error) {
    throw new SpecError(
      where,
      "userData.base64Gzip",
      encoded,
      `the gzip data is corrupt (${(error as Error).message})`,
      "pass gzipSync(text).toString('base64') of the whole text",
    );
  }
}
