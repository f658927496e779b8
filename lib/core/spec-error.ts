/**
 * The one error type for bad input. Its message always names where the value came from
 * (construct path or spec name), the field, the bad value, what is wrong and how to fix it.
 */
export class SpecError extends Error {
  constructor(
    public readonly where: string,
    public readonly field: string,
    public readonly value: unknown,
    public readonly problem: string,
    public readonly fix: string,
  ) {
    super(`${where}: ${field} = ${describeValue(value)}: ${problem}. Fix: ${fix}`);
    this.name = "SpecError";
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  try {
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return String(value);
  }
}

/** Throws the first of several problems found while checking one object. */
export class SpecErrors {
  private readonly errors: SpecError[] = [];

  constructor(private readonly where: string) {}

  add(field: string, value: unknown, problem: string, fix: string): void {
    this.errors.push(new SpecError(this.where, field, value, problem, fix));
  }

  get count(): number {
    return this.errors.length;
  }

  /** Throws one error listing every problem, so a user fixes them in one pass. */
  throwIfAny(): void {
    if (this.errors.length === 1) throw this.errors[0];
    if (this.errors.length > 1) {
      const error = new SpecError(this.where, this.errors.map((e) => e.field).join(", "), undefined, `${this.errors.length} problems`, "see each line below");
      error.message = this.errors.map((e) => e.message).join("\n");
      throw error;
    }
  }
}
