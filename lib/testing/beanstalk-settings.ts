import { closestMatch } from "../core/edit-distance";
import { synthesizedJson } from "./synthesized";
import type { SynthesizedInput } from "./synthesized";

/** One option setting of a synthesized aws_elastic_beanstalk_environment. */
export interface SynthesizedBeanstalkSetting {
  readonly namespace: string;
  readonly name: string;
  readonly value: string;
  readonly resource?: string;
}

/**
 * The `setting` blocks of a synthesized Beanstalk environment (the only one, or the one whose
 * logical id contains `environment`).
 */
export function beanstalkSettings(input: SynthesizedInput, environment = ""): SynthesizedBeanstalkSetting[] {
  const json = synthesizedJson(input);
  const all = Object.entries(json.resource?.aws_elastic_beanstalk_environment ?? {}).filter(([id]) => id.includes(environment));
  if (all.length !== 1) {
    throw new Error(
      `expected one aws_elastic_beanstalk_environment${environment ? ` like "${environment}"` : ""}, found ${all.map(([id]) => id).join(", ") || "none"}`,
    );
  }
  return ((all[0][1].setting as SynthesizedBeanstalkSetting[] | undefined) ?? []).map((s) => ({ ...s, value: String(s.value) }));
}

/**
 * The value of one option setting by namespace and name. Throws when it is not set, naming the
 * closest setting that is (a typo in a test should say so).
 */
export function beanstalkSetting(input: SynthesizedInput, namespace: string, name: string, environment = ""): string {
  const settings = beanstalkSettings(input, environment);
  const found = settings.filter((s) => s.namespace === namespace && s.name === name);
  if (found.length === 1) return found[0].value;
  if (found.length > 1) throw new Error(`${namespace} ${name} is set ${found.length} times`);
  const keys = settings.map((s) => `${s.namespace} ${s.name}`);
  const near = closestMatch(`${namespace} ${name}`, keys);
  throw new Error(`${namespace} ${name} is not set${near ? `; did you mean ${near}?` : ""}`);
}

/** Asserts one option setting's value (`undefined`: must not be set). */
export function assertBeanstalkSetting(input: SynthesizedInput, namespace: string, name: string, expected: string | undefined, environment = ""): void {
  const settings = beanstalkSettings(input, environment).filter((s) => s.namespace === namespace && s.name === name);
  const actual = settings.length ? settings[0].value : undefined;
  if (actual !== expected) {
    throw new Error(
      `${namespace} ${name}: expected ${expected === undefined ? "unset" : JSON.stringify(expected)}, found ${actual === undefined ? "unset" : JSON.stringify(actual)}`,
    );
  }
}
