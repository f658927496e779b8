import type { RegistryStorage } from "./registry-config";
import type { RegistryCheckContext } from "./registry-config-checks";
import {
  checkAbsolutePath,
  checkBoolean,
  checkDuration,
  checkInteger,
  checkKeys,
  checkObject,
  checkReason,
  checkString,
  exactlyOne,
} from "./registry-config-checks";

/** The storage section with every default applied. */
export interface ResolvedRegistryStorage {
  readonly driver:
    | {
        readonly kind: "s3";
        readonly region: string;
        readonly bucket: string;
        readonly keyId?: string;
        readonly rootDirectory?: string;
        readonly chunkSize?: number;
        readonly regionEndpoint?: string;
      }
    | { readonly kind: "filesystem"; readonly rootDirectory: string; readonly sharedReason?: string };
  readonly deleteEnabled: boolean;
  readonly uploadPurging: { readonly enabled: boolean; readonly age: string; readonly interval: string; readonly dryRun: boolean };
  readonly readOnly: boolean;
  readonly cache: "inmemory" | "redis" | "none";
}

/** The S3 driver's smallest multipart chunk (S3's minimum part size). */
export const S3_MIN_CHUNK_SIZE = 5 * 1024 * 1024;

const STORAGE_KEYS = ["s3", "filesystem", "deleteEnabled", "uploadPurging", "readOnly", "cache"] as const;
const S3_KEYS = ["region", "bucket", "encrypt", "keyId", "secure", "v4Auth", "rootDirectory", "chunkSize", "regionEndpoint"] as const;
const STATIC_KEY = {
  problem: "static AWS keys are refused: they would sit in config.yml, the user data and the Terraform state",
  fix: "remove it; the registry signs S3 requests with the host's instance role (IMDSv2) and needs no keys",
};
const S3_STATIC_KEYS = Object.fromEntries(["accesskey", "secretkey", "accessKey", "secretKey", "sessiontoken", "sessionToken"].map((k) => [k, STATIC_KEY]));

/** Validates the storage section (errors collect in `c`); undefined when it is not even an object. */
export function resolveRegistryStorage(c: RegistryCheckContext, storage: RegistryStorage, hasRedis: boolean): ResolvedRegistryStorage | undefined {
  const fix = 'pass storage: { s3: { region, bucket } } or storage: { filesystem: { rootDirectory: "/var/lib/registry" } }';
  if (!checkObject(c, "storage", storage, fix)) return undefined;
  checkKeys(c, "storage", storage, STORAGE_KEYS);
  const kind = exactlyOne(c, "storage", storage, ["s3", "filesystem"] as const, fix);
  const driver = kind === "s3" ? resolveS3(c, storage.s3) : kind === "filesystem" ? resolveFilesystem(c, storage.filesystem) : undefined;

  checkBoolean(c, "storage.deleteEnabled", storage.deleteEnabled);
  checkBoolean(c, "storage.readOnly", storage.readOnly);
  const readOnly = storage.readOnly ?? false;
  const purging = storage.uploadPurging ?? {};
  if (checkObject(c, "storage.uploadPurging", purging, 'pass { age: "168h", interval: "24h" }')) {
    checkKeys(c, "storage.uploadPurging", purging, ["enabled", "age", "interval", "dryRun"]);
    checkBoolean(c, "storage.uploadPurging.enabled", purging.enabled);
    checkDuration(c, "storage.uploadPurging.age", purging.age);
    checkDuration(c, "storage.uploadPurging.interval", purging.interval);
    checkBoolean(c, "storage.uploadPurging.dryRun", purging.dryRun);
    if (readOnly && purging.enabled === true) {
      c.errors.add(
        "storage.uploadPurging.enabled",
        true,
        "upload purging deletes files, which read-only maintenance mode forbids",
        "remove uploadPurging.enabled while storage.readOnly is true",
      );
    }
  }

  const cache = storage.cache ?? "inmemory";
  if (!["inmemory", "redis", "none"].includes(cache)) {
    c.errors.add("storage.cache", cache, "not a blob-descriptor cache", 'use "inmemory", "redis" or "none"');
  } else if (cache === "redis" && !hasRedis) {
    c.errors.add("storage.cache", cache, "the redis cache needs a redis section", 'add redis: { addr: "redis.internal:6379" } or use cache "inmemory"');
  } else if (cache !== "redis" && hasRedis) {
    c.errors.add(
      "storage.cache",
      cache,
      "a redis section is configured but the cache does not use it (distribution 2.8 uses redis only for this cache)",
      'set storage.cache to "redis" or remove the redis section',
    );
  }
  return {
    driver: driver as ResolvedRegistryStorage["driver"],
    deleteEnabled: storage.deleteEnabled ?? false,
    uploadPurging: {
      enabled: readOnly ? false : (purging.enabled ?? true),
      age: purging.age ?? "168h",
      interval: purging.interval ?? "24h",
      dryRun: purging.dryRun ?? false,
    },
    readOnly,
    cache: cache as ResolvedRegistryStorage["cache"],
  };
}

function resolveS3(c: RegistryCheckContext, s3: RegistryStorage["s3"]): ResolvedRegistryStorage["driver"] | undefined {
  if (!checkObject(c, "storage.s3", s3, "pass { region, bucket }")) return undefined;
  checkKeys(c, "storage.s3", s3, S3_KEYS, S3_STATIC_KEYS);
  checkString(c, "storage.s3.region", s3.region, /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, "not an AWS region", 'use e.g. "eu-west-1"');
  if (s3.bucket === undefined || s3.bucket === "") {
    c.errors.add("storage.s3.bucket", s3.bucket, "S3 storage needs a bucket", "set storage.s3.bucket to the bucket's name (e.g. a SecureBucket's bucket)");
  } else {
    checkString(
      c,
      "storage.s3.bucket",
      s3.bucket,
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      "not an S3 bucket name",
      "use 3-63 lowercase letters, digits, '.' and '-'",
    );
  }
  const mustBeTrue: Record<string, string> = {
    encrypt: "objects would be stored without server-side encryption",
    secure: "the registry would talk to S3 over plain HTTP",
    v4Auth: "signature version 2 is retired by S3",
  };
  for (const [key, problem] of Object.entries(mustBeTrue)) {
    const value = (s3 as unknown as Record<string, unknown>)[key];
    if (value !== undefined && value !== true) c.errors.add(`storage.s3.${key}`, value, problem, `remove ${key} (it is always true)`);
  }
  if (s3.keyId !== undefined) {
    checkString(
      c,
      "storage.s3.keyId",
      s3.keyId,
      /^(arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/-]+|alias\/[\w/-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/,
      "not a KMS key ARN, id or alias",
      "use the key's ARN, e.g. a SecureBucket's key.arn",
    );
  }
  if (s3.rootDirectory !== undefined) checkAbsolutePath(c, "storage.s3.rootDirectory", s3.rootDirectory);
  if (s3.chunkSize !== undefined) checkInteger(c, "storage.s3.chunkSize", s3.chunkSize, S3_MIN_CHUNK_SIZE, 5 * 1024 ** 3);
  if (s3.regionEndpoint !== undefined) {
    checkString(
      c,
      "storage.s3.regionEndpoint",
      s3.regionEndpoint,
      /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/?$/,
      "not an https endpoint",
      'use e.g. "https://bucket.vpce-0123.s3.eu-west-1.vpce.amazonaws.com"',
    );
  }
  return {
    kind: "s3",
    region: s3.region,
    bucket: s3.bucket,
    keyId: s3.keyId,
    rootDirectory: s3.rootDirectory,
    chunkSize: s3.chunkSize,
    regionEndpoint: s3.regionEndpoint,
  };
}

function resolveFilesystem(c: RegistryCheckContext, fs: RegistryStorage["filesystem"]): ResolvedRegistryStorage["driver"] | undefined {
  if (!checkObject(c, "storage.filesystem", fs, 'pass { rootDirectory: "/var/lib/registry" }')) return undefined;
  checkKeys(c, "storage.filesystem", fs, ["rootDirectory", "sharedAcrossReplicas"]);
  const rootDirectory = fs.rootDirectory ?? "/var/lib/registry";
  checkAbsolutePath(c, "storage.filesystem.rootDirectory", rootDirectory);
  let sharedReason: string | undefined;
  if (fs.sharedAcrossReplicas !== undefined && checkObject(c, "storage.filesystem.sharedAcrossReplicas", fs.sharedAcrossReplicas, "pass { reason }")) {
    checkKeys(c, "storage.filesystem.sharedAcrossReplicas", fs.sharedAcrossReplicas, ["reason"]);
    if (checkReason(c, "storage.filesystem.sharedAcrossReplicas.reason", fs.sharedAcrossReplicas.reason)) sharedReason = fs.sharedAcrossReplicas.reason;
  }
  return { kind: "filesystem", rootDirectory, sharedReason };
}
