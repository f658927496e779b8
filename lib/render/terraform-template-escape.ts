/**
 * Terraform reads every string in `*.tf.json` as a template, so a literal `${` or `%{` in a
 * user's value (a shell command, an nginx config) must be written `$${` / `%%{`.
 * Strings that carry cdktf tokens are left alone: their `${…}` is meant for Terraform.
 */
export function escapeTerraformTemplate(text: string, isToken: (text: string) => boolean): string {
  return isToken(text) ? text : text.replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");
}

/** What Terraform makes of an escaped literal: the inverse of escapeTerraformTemplate. */
export function unescapeTerraformTemplate(text: string): string {
  return text.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
}
