/**
 * The field readers the generated routers call (`v.money("amount", { label: "price" })`): the
 * template's worker/validate.ts has some, the scaffolder adds the rest (patchValidator). The kinds'
 * entries (src/agent/plan/kinds.ts) name the methods they call, typed by this file, so a kind
 * cannot call a reader that is not there. No imports: the kinds' table is shared with the builder UI.
 */

/** The readers the template's worker/validate.ts has. */
export const TEMPLATE_VALIDATOR_METHODS = [
  "string",
  "optionalString",
  "email",
  "integer",
  "optionalDate",
  "oneOf",
] as const;

/** Methods the generated routers use beyond the template's, added to worker/validate.ts when it lacks them. */
export const VALIDATOR_METHODS = {
  optionalInteger: `  /** An optional whole number; missing or blank becomes null. */
  optionalInteger(field: string, { min = 0, max = Number.MAX_SAFE_INTEGER, label = field }: { min?: number; max?: number; label?: string } = {}): number | null {
    return this.isBlank(field) ? null : this.integer(field, { min, max, label });
  }`,
  number: `  /** A number (JSON number or numeric string) within bounds. */
  number(field: string, { min = -Number.MAX_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER, label = field }: { min?: number; max?: number; label?: string } = {}): number {
    const raw = this.body[field];
    const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      this.errors[field] = \`\${capitalise(label)} must be a number.\`;
      return 0;
    }
    if (value < min || value > max) this.errors[field] = \`\${capitalise(label)} must be \${max === Number.MAX_SAFE_INTEGER ? \`\${min} or more\` : min === -Number.MAX_SAFE_INTEGER ? \`\${max} or less\` : \`between \${min} and \${max}\`}.\`;
    return value;
  }`,
  optionalNumber: `  /** An optional number; missing or blank becomes null. */
  optionalNumber(field: string, options: { min?: number; max?: number; label?: string } = {}): number | null {
    return this.isBlank(field) ? null : this.number(field, options);
  }`,
  money: `  /** An amount of money: a number from 0 (or min), rounded to cents. */
  money(field: string, { min = 0, max = 1_000_000_000_000, label = field }: { min?: number; max?: number; label?: string } = {}): number {
    return Math.round(this.number(field, { min, max, label }) * 100) / 100;
  }`,
  optionalMoney: `  /** An optional amount of money; missing or blank becomes null. */
  optionalMoney(field: string, options: { min?: number; max?: number; label?: string } = {}): number | null {
    return this.isBlank(field) ? null : this.money(field, options);
  }`,
  boolean: `  /** A yes/no value, stored as 1 or 0: true, "true", "on", "1" and 1 are yes; missing is no. */
  boolean(field: string): 0 | 1 {
    const value = this.body[field];
    return value === true || value === 1 || (typeof value === "string" && ["1", "true", "on", "yes"].includes(value.toLowerCase())) ? 1 : 0;
  }`,
  date: `  /** A required calendar date, "YYYY-MM-DD". */
  date(field: string, { label = field }: { label?: string } = {}): string {
    const value = this.optionalDate(field, { label });
    if (value === null && !this.errors[field]) this.errors[field] = \`\${capitalise(label)} is required.\`;
    return value ?? "";
  }`,
  optionalDateTime: `  /** An optional date and time, "YYYY-MM-DDTHH:MM" (what <input type="datetime-local"> sends). */
  optionalDateTime(field: string, { label = field }: { label?: string } = {}): string | null {
    const value = this.optionalString(field, { max: 25, label });
    if (value !== null && (!/^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2})?$/.test(value) || Number.isNaN(Date.parse(value.replace(" ", "T"))))) {
      this.errors[field] = \`\${capitalise(label)} must be a date and time (YYYY-MM-DDTHH:MM).\`;
    }
    return value;
  }`,
  dateTime: `  /** A required date and time, "YYYY-MM-DDTHH:MM". */
  dateTime(field: string, { label = field }: { label?: string } = {}): string {
    const value = this.optionalDateTime(field, { label });
    if (value === null && !this.errors[field]) this.errors[field] = \`\${capitalise(label)} is required.\`;
    return value ?? "";
  }`,
  optionalEmail: `  /** An optional email address, lower-cased; missing or blank becomes null. */
  optionalEmail(field = "email", { label = field }: { label?: string } = {}): string | null {
    const value = this.optionalString(field, { max: 254, label })?.toLowerCase() ?? null;
    if (value && !/^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$/.test(value)) this.errors[field] = "Enter a valid email address.";
    return value;
  }`,
  url: `  /** A required http(s) URL. */
  url(field: string, { label = field }: { label?: string } = {}): string {
    const value = this.optionalUrl(field, { label });
    if (value === null && !this.errors[field]) this.errors[field] = \`\${capitalise(label)} is required.\`;
    return value ?? "";
  }`,
  optionalUrl: `  /** An optional http(s) URL; missing or blank becomes null. */
  optionalUrl(field: string, { label = field }: { label?: string } = {}): string | null {
    const value = this.optionalString(field, { max: 2000, label });
    if (value !== null && !/^https?:\\/\\/[^\\s/$.?#][^\\s]*$/i.test(value)) this.errors[field] = \`\${capitalise(label)} must be a web address starting with http:// or https://.\`;
    return value;
  }`,
  phone: `  /** A required phone number, as written. */
  phone(field: string, { label = field }: { label?: string } = {}): string {
    const value = this.optionalPhone(field, { label });
    if (value === null && !this.errors[field]) this.errors[field] = \`\${capitalise(label)} is required.\`;
    return value ?? "";
  }`,
  optionalPhone: `  /**
   * An optional phone number, kept as written ("+1 (555) 123-4567 ext. 8"): digits, spaces, + - ( ) . /
   * and an extension (ext, x or #); missing or blank becomes null.
   */
  optionalPhone(field: string, { label = field }: { label?: string } = {}): string | null {
    const value = this.optionalString(field, { max: 40, label });
    if (value === null) return null;
    const number = value.replace(/\\s*(?:ext\\.?|extension|x|#)\\s*\\d{1,6}$/i, "");
    const digits = number.replace(/\\D/g, "").length;
    if (!/^\\+?[\\d\\s().\\/-]+$/.test(number) || digits < 3 || digits > 17) {
      this.errors[field] = \`\${capitalise(label)} must be a phone number, e.g. +1 555 123 4567.\`;
    }
    return value;
  }`,
  optionalOneOf: `  /** Optionally one of a fixed set of strings; missing or blank becomes null. */
  optionalOneOf<T extends string>(field: string, allowed: readonly T[], options: { label?: string } = {}): T | null {
    return this.isBlank(field) ? null : this.oneOf(field, allowed, options);
  }`,
  isBlank: `  /** True if the field is missing, null or blank. */
  isBlank(field: string): boolean {
    const value = this.body[field];
    return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
  }`,
} satisfies Record<string, string>;

/** A reader a generated router may call. */
export type ValidatorMethod = (typeof TEMPLATE_VALIDATOR_METHODS)[number] | keyof typeof VALIDATOR_METHODS;
