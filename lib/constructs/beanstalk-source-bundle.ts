import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { App, AssetType, Fn, TerraformAsset, TerraformLocal, Token } from "cdktf";
import { Construct } from "constructs";
import { SpecError } from "../core/spec-error";
import { deterministicZip } from "../render/deterministic-zip";
import { escapeTerraformTemplate } from "../render/terraform-template-escape";
import { S3Object } from "../providers/aws";
import type { SecureBucket } from "./secure-bucket";

export interface BeanstalkSourceBundleProps {
  /** The bucket the bundle is uploaded to. */
  readonly bucket: SecureBucket;
  /** The bundle's files by path, e.g. `{ "Dockerrun.aws.json": "…" }`. */
  readonly files: Record<string, string>;
  /** Prefix of the object key and of the version label, e.g. the application name. */
  readonly name: string;
}

/**
 * A source bundle in S3, named by its content so every change is a new object and a new version
 * label (old application versions keep pointing at their own bytes, so rollbacks stay exact).
 *
 * - Static files are zipped at synth time into a deterministic archive (sorted entries, fixed
 *   timestamps, stored), staged as a cdktf asset and uploaded from it: `packaging` is `zip`.
 * - A bundle that contains Terraform references (a role ARN, an account id) cannot be zipped at
 *   synth time. A single such file is uploaded as the object's content, which Beanstalk accepts
 *   for a lone Dockerrun.aws.json or docker-compose.yml, and Terraform resolves the references:
 *   `packaging` is `file`. Several files with references are refused.
 */
export class BeanstalkSourceBundle extends Construct {
  public readonly object: S3Object;
  /** `zip` (synth-time archive) or `file` (single file with Terraform references). */
  public readonly packaging: "zip" | "file";
  /** The object key (content-addressed). */
  public readonly key: string;
  /** A version label derived from the content. */
  public readonly versionLabel: string;
  /** The staged archive (zip packaging only). */
  public readonly asset?: TerraformAsset;

  constructor(scope: Construct, id: string, props: BeanstalkSourceBundleProps) {
    super(scope, id);
    const names = Object.keys(props.files ?? {});
    if (names.length === 0)
      throw new SpecError(this.node.path, "files", props.files, "a source bundle needs at least one file", 'pass { "Dockerrun.aws.json": … }');
    if (!/^[a-zA-Z0-9][\w.-]{0,60}$/.test(props.name))
      throw new SpecError(this.node.path, "name", props.name, "not a key prefix", "use letters, digits, '.', '_' and '-'");
    const withReferences = names.filter((n) => Token.isUnresolved(props.files[n]));
    const bucket = props.bucket.bucket.id;

    if (withReferences.length > 0) {
      if (names.length > 1) {
        throw new SpecError(
          this.node.path,
          "files",
          withReferences,
          "a zip built at synth time cannot contain Terraform references, and only a lone bundle file can be uploaded unzipped",
          "ship the other files separately, or pass literal values instead of references",
        );
      }
      const [fileName] = names;
      // A local keeps the (large, quoted) text out of function arguments; literal `${` is escaped so
      // Terraform resolves only the references.
      const content = new TerraformLocal(this, "content", escapeTerraformTemplate(props.files[fileName])).asString;
      const digest = Fn.sha256(content);
      this.packaging = "file";
      this.key = `bundles/${props.name}/${digest}/${fileName}`;
      this.versionLabel = `${props.name}-${Fn.substr(digest, 0, 16)}`;
      this.object = new S3Object(this, "object", {
        bucket,
        key: this.key,
        content,
        contentType: fileName.endsWith(".json") ? "application/json" : "application/yaml",
      });
      return;
    }

    const archive = deterministicZip(props.files);
    const digest = createHash("sha256").update(archive).digest("hex");
    const staging = path.join(App.of(this).outdir, ".staging", "beanstalk-bundles");
    fs.mkdirSync(staging, { recursive: true });
    const stagedPath = path.join(staging, `${digest}.zip`);
    if (!fs.existsSync(stagedPath)) fs.writeFileSync(stagedPath, archive);
    this.packaging = "zip";
    this.asset = new TerraformAsset(this, "archive", { path: stagedPath, type: AssetType.FILE, assetHash: digest.slice(0, 32).toUpperCase() });
    this.key = `bundles/${props.name}/${digest}.zip`;
    this.versionLabel = `${props.name}-${digest.slice(0, 16)}`;
    this.object = new S3Object(this, "object", {
      bucket,
      key: this.key,
      source: this.asset.path,
      sourceHash: digest,
      contentType: "application/zip",
    });
  }
}
