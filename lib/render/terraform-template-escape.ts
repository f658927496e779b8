/**
 * Terraform reads every string in `*.tf.json` as a template, so a literal `${` or `%{` in a
 * user's value (a shell command, an nginx config) must be written `$${` / `%%{`. cdktf's own
 * tokens (`${TfToken[…]}`) are left alone: they become Terraform references at synth.
 */
export function escapeTerraformTemplate(text: string): string {
  return text.replace(/\$\{(?!TfToken\[)/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** What Terraform makes of an escaped literal: the inverse of escapeTerraformTemplate. */
export function unescapeTerraformTemplate(text: string): string {
  return text.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
}
