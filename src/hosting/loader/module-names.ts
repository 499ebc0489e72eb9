import { ApiError } from "../../errors";

/**
 * The names an app's server modules may have. A name is a relative path of plain segments
 * (letters, digits and `_ . - + @ $`, no segment that is empty, `.` or `..`), because the platform
 * refers to the entrypoint from its own main module and workerd resolves imports by these names.
 * The platform writes a name into JavaScript only as a JSON string literal, and only after this
 * check: a name can never become code. Names of the platform's own modules start with `__kiln`.
 */

const SEGMENT = /^[A-Za-z0-9_@$+-][A-Za-z0-9_.@$+-]*$/;
export const MAX_MODULE_NAME = 256;

/** Why a module name is refused, or null when it is fine. */
export function moduleNameProblem(name: string): string | null {
  if (name.length === 0) return "it is empty";
  if (name.length > MAX_MODULE_NAME) return `it is longer than ${MAX_MODULE_NAME} characters`;
  const segments = name.split("/");
  for (const segment of segments) {
    if (segment === "" || segment === "." || segment === "..")
      return 'it must be a relative path without empty, "." or ".." parts (like "index.js" or "lib/db.js")';
    if (!SEGMENT.test(segment))
      return "it may contain only letters, digits, /, and the characters _ . - + @ $ (and no part may start with a dot)";
    if (segment.toLowerCase().startsWith("__kiln"))
      return 'names starting with "__kiln" are reserved for the Kiln platform';
  }
  return null;
}

/** Throws a 400 naming the first module whose name is refused. */
export function checkModuleNames(names: Iterable<string>): void {
  for (const name of names) {
    const problem = moduleNameProblem(name);
    if (problem)
      throw new ApiError(
        400,
        "invalid_module_name",
        `The module name ${JSON.stringify(name.slice(0, 300))} is not allowed: ${problem}.`,
      );
  }
}

/** An import specifier for a module by its (checked) name, as a JavaScript string literal. */
export function importSpecifier(name: string): string {
  return JSON.stringify(`./${name}`);
}
