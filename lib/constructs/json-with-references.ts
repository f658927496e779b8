import { Fn, Token, Tokenization, ref } from "cdktf";

/** How cdktf encodes a list token in a string array. */
const LIST_TOKEN_MARKER = "#{TfToken[";
/** The class of cdktf's references to other blocks' attributes (`bucket.arn`); cdktf does not export it. */
const REFERENCE = ref("json-with-references").constructor;

/**
 * A JSON document (an IAM, KMS or bucket policy, a dashboard body) as text. References to
 * other blocks' attributes stay tokens inside its strings (`${aws_s3_bucket.logs.arn}/*`),
 * which Terraform interpolates into the literal JSON (ARNs, ids and names never hold a quote or
 * a backslash that would need escaping there), so no `jsonencode()` call is needed:
 * cdktf resolves each call's whole argument again in a nested context, about 1 ms of
 * synthesis per document, and a fleet has a policy per host. A document with anything else in
 * it (a function call such as `Fn.concat`, a list, number or map token) keeps `jsonencode()`,
 * which alone can place those.
 */
export function jsonWithReferences(document: object): string {
  return onlyStringReferences(document) ? JSON.stringify(document) : Fn.jsonencode(document);
}

function onlyStringReferences(value: unknown): boolean {
  if (typeof value === "string") {
    if (value.includes(LIST_TOKEN_MARKER)) return false;
    return !Token.isUnresolved(value) || Tokenization.reverseString(value).tokens.every((token) => token instanceof REFERENCE);
  }
  if (typeof value === "number") return !Token.isUnresolved(value);
  if (value === null || typeof value === "boolean") return true;
  if (Array.isArray(value)) return value.every(onlyStringReferences);
  if (typeof value !== "object" || Token.isUnresolved(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && Object.values(value).every(onlyStringReferences);
}
