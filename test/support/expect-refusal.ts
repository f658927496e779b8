import { SpecError } from "cdktf-docker-environments";

/** What a refusal must say: where the value came from, the field, the value itself and a fix. */
export interface Refusal {
  readonly where: string;
  readonly field: string;
  /** The offending value as the message prints it (JSON); omit to skip the value check. */
  readonly value?: unknown;
  /** What is wrong. */
  readonly problem?: RegExp;
}

/** Runs `fn`, expects a SpecError and checks that its message names everything a user needs. */
export function expectRefusal(fn: () => unknown, expected: Refusal): SpecError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) throw new Error(`expected a refusal of ${expected.field} at ${expected.where}, but nothing was thrown`);
  expect(thrown).toBeInstanceOf(SpecError);
  const error = thrown as SpecError;
  // The line for this field (several problems are reported one per line).
  const prefix = `${expected.where}: ${expected.field} = `;
  const line = error.message.split("\n").find((l) => l.startsWith(prefix));
  if (line === undefined) throw new Error(`no line starting with ${JSON.stringify(prefix)} in:\n${error.message}`);
  if ("value" in expected) expect(line.startsWith(`${prefix}${JSON.stringify(expected.value)}: `)).toBe(true);
  if (expected.problem) expect(line).toMatch(expected.problem);
  expect(line).toMatch(/\. Fix: \S/);
  return error;
}
