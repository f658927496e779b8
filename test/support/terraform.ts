import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * Offline Terraform for tests: `terraform validate` and `terraform test` (with
 * `mock_provider "aws"`) against the hashicorp/aws 5.100.0 filesystem mirror on this machine.
 * Set CDKTFDE_PROVIDER_MIRROR to the directory that holds `registry.terraform.io/` to override.
 */
export interface OfflineTerraform {
  /** Why it cannot run here, or undefined when it can. */
  readonly unavailable?: string;
  validate(dir: string): { valid: boolean; output: string };
  test(dir: string, tests: Record<string, string>): { passed: boolean; output: string };
}

const KNOWN_MIRRORS = ["/opt/tf-plugins", "/usr/local/share/terraform/plugins", "/usr/share/terraform/plugins"];

function findMirror(): string | undefined {
  const candidates = [process.env.CDKTFDE_PROVIDER_MIRROR, ...KNOWN_MIRRORS].filter((c): c is string => !!c);
  return candidates.find((dir) => fs.existsSync(path.join(dir, "registry.terraform.io", "hashicorp", "aws")));
}

export function offlineTerraform(): OfflineTerraform {
  const version = spawnSync("terraform", ["version"], { encoding: "utf8" });
  const mirror = findMirror();
  const unavailable =
    version.status !== 0
      ? "terraform is not on PATH"
      : mirror === undefined
        ? `no hashicorp/aws provider mirror in ${KNOWN_MIRRORS.join(", ")} (set CDKTFDE_PROVIDER_MIRROR)`
        : undefined;
  const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cdktfde-tf-")), "cli.tfrc");
  if (mirror) {
    fs.writeFileSync(
      config,
      `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`,
    );
  }
  const env = { ...process.env, TF_CLI_CONFIG_FILE: config, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
  const run = (dir: string, args: string[]) => spawnSync("terraform", args, { cwd: dir, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const init = (dir: string) => {
    if (fs.existsSync(path.join(dir, ".terraform"))) return;
    const result = run(dir, ["init", "-backend=false", "-input=false", "-no-color"]);
    if (result.status !== 0) throw new Error(`terraform init failed in ${dir}:\n${result.stdout}\n${result.stderr}`);
  };
  return {
    unavailable,
    validate(dir) {
      init(dir);
      const result = run(dir, ["validate", "-no-color"]);
      return { valid: result.status === 0, output: `${result.stdout}${result.stderr}` };
    },
    test(dir, tests) {
      init(dir);
      const testDir = path.join(dir, "tests");
      fs.mkdirSync(testDir, { recursive: true });
      for (const [name, text] of Object.entries(tests)) fs.writeFileSync(path.join(testDir, name), text);
      const result = run(dir, ["test", "-no-color"]);
      return { passed: result.status === 0, output: `${result.stdout}${result.stderr}` };
    },
  };
}

/** Synthesizes a stack of the app into a fresh directory and returns the stack's directory. */
export function synthStackToDir(synth: (outdir: string) => void, stackName: string): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktfde-synth-"));
  synth(outdir);
  const dir = path.join(outdir, "stacks", stackName);
  if (!fs.existsSync(path.join(dir, "cdk.tf.json"))) throw new Error(`no cdk.tf.json for stack ${stackName} in ${outdir}`);
  return dir;
}
