import type { BeanstalkOptionSetting } from "../core/beanstalk-options";
import type { Justification } from "../core/beanstalk-settings";
import { SpecErrors } from "../core/spec-error";

/** How the renderer treats Terraform references (the pure core cannot import cdktf). */
export interface ReferenceHandling {
  /**
   * True for a value Terraform resolves later (it is not checked).
   * @default nothing is a reference
   */
  readonly isUnresolved?: (value: unknown) => boolean;
  /**
   * Joins a list that may be a reference into one comma-separated value.
   * @default Array.prototype.join
   */
  readonly joinList?: (values: string[]) => string;
}

/**
 * Collects option settings and the problems found on the way, remembering which typed prop set
 * each option (so a raw setting that collides can name it) and the reasons of named opt-outs.
 */
export class SettingsWriter {
  readonly errors: SpecErrors;
  readonly settings: BeanstalkOptionSetting[] = [];
  /** `namespace|name` -> the prop that set it. */
  readonly sources = new Map<string, string>();
  /** Tag key -> reason. */
  readonly exceptions: Record<string, string> = {};
  readonly isUnresolved: (value: unknown) => boolean;
  readonly joinList: (values: string[]) => string;

  constructor(where: string, references: ReferenceHandling) {
    this.errors = new SpecErrors(where);
    this.isUnresolved = references.isUnresolved ?? (() => false);
    this.joinList = references.joinList ?? ((values: string[]) => values.join(","));
  }

  set(namespace: string, name: string, value: string, source: string): void {
    this.settings.push({ namespace, name, value });
    this.sources.set(`${namespace}|${name}`, source);
  }

  /** A whole number within [min, max], or an error; returns the value (or its fallback). */
  whole(field: string, value: number | undefined, fallback: number, min: number, max: number): number {
    const v = value ?? fallback;
    if (!Number.isInteger(v) || v < min || v > max) this.errors.add(field, value, `not a whole number from ${min} to ${max}`, `use e.g. ${fallback}`);
    return v;
  }

  /** True when an opt-out is given; records its reason as a tag, or an error when the reason is missing. */
  justified(field: string, justification: Justification | undefined, tag: string): boolean {
    if (justification === undefined) return false;
    if (typeof justification.reason !== "string" || justification.reason.trim().length < 10) {
      this.errors.add(
        `${field}.reason`,
        justification.reason,
        "an opt-out needs a reason of at least 10 characters",
        "say why; the reason is tagged on the environment",
      );
    } else this.exceptions[tag] = justification.reason.trim();
    return true;
  }
}

const ISO_DURATION = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/;

/** An ISO 8601 duration such as `PT30M`, within [min, max] seconds. */
export function isDuration(text: string, minSeconds: number, maxSeconds: number): boolean {
  const match = ISO_DURATION.exec(String(text));
  if (!match || text === "PT") return false;
  const seconds = Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
  return seconds >= minSeconds && seconds <= maxSeconds;
}
