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

/**
 * Escapes every string and object key in plain data (Terraform reads map keys as templates
 * too, e.g. a tmpfs target). cdktf tokens pass through; non-plain objects are left as they are.
 */
export function escapeTerraformTemplates<T>(value: T): T {
  if (typeof value === "string") return escapeTerraformTemplate(value) as T;
  if (Array.isArray(value)) return value.map((v) => escapeTerraformTemplates(v)) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [escapeTerraformTemplate(k), escapeTerraformTemplates(v)])) as T;
  }
  return value;
}
