import { createHash } from "node:crypto";
import { SpecError } from "../../core/spec-error";

/** Content types cloud-init handles in a multi-part user-data archive. */
export const USER_DATA_CONTENT_TYPES = ["text/cloud-config", "text/x-shellscript", "text/cloud-boothook", "text/jinja2", "text/x-include-url"] as const;
export type UserDataContentType = (typeof USER_DATA_CONTENT_TYPES)[number];

/** One part of a multi-part user-data archive. */
export interface UserDataPart {
  /** How cloud-init treats the part. */
  readonly contentType: UserDataContentType;
  /** File name cloud-init gives the part (scripts run in file-name order). */
  readonly filename: string;
  /** The part's text. */
  readonly content: string;
}

/**
 * A MIME multi-part/mixed archive of user-data parts, as `cloud-init devel make-mime` writes it.
 * The boundary is derived from the content, so the output is deterministic.
 */
/** Checks user-data parts given by a user; `field` names the list in messages. */
export function checkUserDataParts(parts: UserDataPart[], where: string, field: string): void {
  if (!Array.isArray(parts)) throw new SpecError(where, field, parts, "not a list", "pass [] or a list of { contentType, filename, content }");
  parts.forEach((part, i) => {
    if (!USER_DATA_CONTENT_TYPES.includes(part?.contentType)) {
      throw new SpecError(
        where,
        `${field}[${i}].contentType`,
        part?.contentType,
        "not a content type cloud-init runs",
        `use one of ${USER_DATA_CONTENT_TYPES.join(", ")}`,
      );
    }
    if (typeof part.filename !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(part.filename)) {
      throw new SpecError(where, `${field}[${i}].filename`, part.filename, "not a plain file name", 'e.g. "50-site.sh"');
    }
    if (typeof part.content !== "string") throw new SpecError(where, `${field}[${i}].content`, part.content, "not text", "give the part's text");
  });
  const names = parts.map((p) => p.filename);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate) throw new SpecError(where, field, duplicate, "two parts have the same file name", "give each part its own filename");
}

export function mimeMultipart(parts: UserDataPart[]): string {
  const boundary = `==cdktf-docker-host-${createHash("sha256")
    .update(parts.map((p) => p.content).join("\0"))
    .digest("hex")
    .slice(0, 24)}==`;
  const lines = ['Content-Type: multipart/mixed; boundary="' + boundary + '"', "MIME-Version: 1.0", ""];
  for (const part of parts) {
    // base64 keeps any text intact (long lines, a line that looks like the boundary, non-ASCII).
    const encoded = Buffer.from(part.content, "utf8")
      .toString("base64")
      .replace(/(.{76})/g, "$1\n");
    lines.push(
      `--${boundary}`,
      `Content-Type: ${part.contentType}; charset="utf-8"`,
      "MIME-Version: 1.0",
      "Content-Transfer-Encoding: base64",
      `Content-Disposition: attachment; filename="${part.filename}"`,
      "",
      encoded.replace(/\n$/, ""),
    );
  }
  lines.push(`--${boundary}--`, "");
  return lines.join("\n");
}
