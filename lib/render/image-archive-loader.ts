import { parseImageReference } from "../core/image-reference";
import { SpecErrors } from "../core/spec-error";
import { shellQuote } from "./shell-quote";
import { DOCKER_CLI } from "./systemd-unit";

/** One `docker save` archive (tar or tar.gz) in S3 and what loading it must produce. */
export interface ImageArchive {
  /** `s3://bucket/key` of the archive. */
  readonly archive: string;
  /** sha256 of the archive file (64 hex digits): anything else is refused before `docker load`. */
  readonly sha256: string;
  /**
   * The `repository:tag` the archive holds; units run this reference. Not a digest: `docker load`
   * restores tags but no registry digest, so `name@sha256:…` would not resolve on the host.
   */
  readonly image: string;
  /** The image ID (`sha256:` of its config) the loaded tag must have. @default not checked beyond the archive's sha256 */
  readonly imageId?: string;
}

export interface ImageArchiveLoaderOptions {
  readonly archives: readonly ImageArchive[];
  /** The oneshot unit's name. @default "load-image-archives.service" */
  readonly unitName?: string;
  /** Where the host keeps the script (the unit's ExecStart). @default "/usr/local/libexec/cdktf-docker-environments/load-image-archives" */
  readonly scriptPath?: string;
  /** Units that run the loaded images: ordered after this one, and they should `Requires=` it. @default [] */
  readonly before?: readonly string[];
  /** The region of the bucket, for `aws s3 cp --region`. @default the AWS CLI's (instance metadata) */
  readonly region?: string;
  /** For error messages. @default "image-archives" */
  readonly where?: string;
}

export interface RenderedImageArchiveLoader {
  readonly unitName: string;
  readonly unit: string;
  readonly scriptPath: string;
  readonly script: string;
}

const S3_URL = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/[^\s\0]+$/;
const SHA256 = /^[a-f0-9]{64}$/;
const UNIT_NAME = /^[A-Za-z0-9:_.\\-]+\.service$/;

/**
 * Renders the air-gapped alternative to pulling (the book's `docker save`/`docker load`, 8.7):
 * a systemd oneshot unit that runs at boot, before the units that need the images, and a bash
 * script that fetches each archive from S3 with the instance role (`aws s3 cp`), refuses it
 * unless its sha256 matches, `docker load`s it, checks the expected tag (and image ID) exists,
 * and remembers what it loaded so later boots skip the download.
 */
export function renderImageArchiveLoader(options: ImageArchiveLoaderOptions): RenderedImageArchiveLoader {
  const where = options.where ?? "image-archives";
  const errors = new SpecErrors(where);
  const unitName = options.unitName ?? "load-image-archives.service";
  const scriptPath = options.scriptPath ?? "/usr/local/libexec/cdktf-docker-environments/load-image-archives";
  if (!UNIT_NAME.test(unitName)) errors.add("unitName", unitName, "not a service unit name", 'use e.g. "load-image-archives.service"');
  if (!/^\/[\w./-]+$/.test(scriptPath) || scriptPath.split("/").includes(".."))
    errors.add("scriptPath", scriptPath, "not an absolute path", "use e.g. /usr/local/libexec/load-image-archives");
  (options.before ?? []).forEach((unit, i) => {
    if (typeof unit !== "string" || !/^[A-Za-z0-9:_.@\\-]+\.(service|target)$/.test(unit))
      errors.add(`before[${i}]`, unit, "not a unit name", 'use e.g. "web.service"');
  });
  if (options.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(options.region))
    errors.add("region", options.region, "not an AWS region", 'use e.g. "eu-west-1"');
  const archives = Array.isArray(options.archives) ? options.archives : [];
  if (archives.length === 0) errors.add("archives", options.archives, "nothing to load", "pass at least one { archive, sha256, image }");
  archives.forEach((a, i) => {
    const field = `archives[${i}]`;
    if (typeof a?.archive !== "string" || !S3_URL.test(a.archive))
      errors.add(`${field}.archive`, a?.archive, "not an s3://bucket/key URL", 'use e.g. "s3://images-bucket/web/1.4.2.tar.gz"');
    if (typeof a?.sha256 !== "string" || !SHA256.test(a.sha256))
      errors.add(`${field}.sha256`, a?.sha256, "not 64 lowercase hex digits", "use the output of sha256sum on the archive");
    else if (archives.findIndex((b) => b?.sha256 === a.sha256) !== i)
      errors.add(`${field}.sha256`, a.sha256, "the same archive is listed twice", "list each archive once");
    const ref = typeof a?.image === "string" ? parseImageReference(a.image) : "the image reference is missing";
    if (typeof ref === "string") errors.add(`${field}.image`, a?.image, ref, 'use "repository:tag", e.g. "registry.example.com/team/web:1.4.2"');
    else if (ref.digest || !ref.tag || ref.tag === "latest") {
      errors.add(
        `${field}.image`,
        a.image,
        ref.digest
          ? "docker load restores tags but no registry digest, so a digest reference would not resolve on the host"
          : "a loaded image needs a specific tag",
        "name the archive's repository:tag and pin its content with sha256 (and imageId)",
      );
    }
    if (a?.imageId !== undefined && (typeof a.imageId !== "string" || !/^sha256:[a-f0-9]{64}$/.test(a.imageId))) {
      errors.add(`${field}.imageId`, a.imageId, "not an image ID", 'use "sha256:" and 64 hex digits (docker image inspect --format {{.Id}})');
    }
  });
  errors.throwIfAny();

  const region = options.region ? ` --region ${options.region}` : "";
  const script = [
    "#!/bin/bash",
    "# Loads Docker images from archives in S3 instead of pulling them (air-gapped hosts).",
    "# Rendered by cdktf-docker-environments; run by the oneshot unit before the services start.",
    "set -euo pipefail",
    "umask 077",
    `docker=${DOCKER_CLI}`,
    "cache=${CACHE_DIRECTORY:-/var/cache/cdktf-docker-environments/image-archives}",
    "state=${STATE_DIRECTORY:-/var/lib/cdktf-docker-environments/loaded-images}",
    'mkdir -p "$cache" "$state"',
    "",
    "# load_image S3_URL SHA256 IMAGE [IMAGE_ID]",
    "load_image() {",
    "  local url=$1 sum=$2 image=$3 want_id=${4:-} file id",
    '  if [ -f "$state/$sum" ] && id=$("$docker" image inspect --format \'{{.Id}}\' "$image" 2>/dev/null) && [ "$id" = "$(cat "$state/$sum")" ]; then',
    '    echo "load-image-archives: $image is already loaded from $url"',
    "    return 0",
    "  fi",
    '  file="$cache/$sum.tar"',
    `  aws s3 cp --only-show-errors${region} "$url" "$file.part"`,
    '  if ! printf \'%s  %s\\n\' "$sum" "$file.part" | sha256sum --check --status; then',
    '    echo "load-image-archives: $url does not have the sha256 $sum; refusing to load it" >&2',
    '    rm -f "$file.part"',
    "    return 1",
    "  fi",
    '  mv -f "$file.part" "$file"',
    '  "$docker" load --quiet --input "$file"',
    '  rm -f "$file"',
    '  if ! id=$("$docker" image inspect --format \'{{.Id}}\' "$image" 2>/dev/null); then',
    '    echo "load-image-archives: $url does not contain $image" >&2',
    "    return 1",
    "  fi",
    '  if [ -n "$want_id" ] && [ "$id" != "$want_id" ]; then',
    '    echo "load-image-archives: $image from $url has the id $id, expected $want_id; removing it" >&2',
    '    "$docker" image rm "$image" >/dev/null || true',
    "    return 1",
    "  fi",
    '  printf \'%s\\n\' "$id" > "$state/$sum"',
    '  echo "load-image-archives: loaded $image ($id) from $url"',
    "}",
    "",
    ...archives.map((a) => `load_image ${[a.archive, a.sha256, a.image, ...(a.imageId ? [a.imageId] : [])].map(shellQuote).join(" ")}`),
    "",
  ].join("\n");

  const before = options.before ?? [];
  const unit = [
    "[Unit]",
    "Description=Load Docker images from S3 archives instead of pulling them",
    "Requires=docker.service",
    "After=docker.service network-online.target",
    "Wants=network-online.target",
    ...(before.length ? [`Before=${before.join(" ")}`] : []),
    "",
    "[Service]",
    "Type=oneshot",
    "RemainAfterExit=yes",
    `ExecStart=${scriptPath}`,
    "TimeoutStartSec=1800",
    "CacheDirectory=cdktf-docker-environments/image-archives",
    "CacheDirectoryMode=0700",
    "StateDirectory=cdktf-docker-environments/loaded-images",
    "StateDirectoryMode=0700",
    "PrivateTmp=yes",
    "NoNewPrivileges=yes",
    "ProtectHome=read-only",
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ].join("\n");
  return { unitName, unit, scriptPath, script };
}
