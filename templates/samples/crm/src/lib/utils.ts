/**
 * Joins class names, skipping empty ones: cn("px-2", isActive && "font-bold").
 * It does not resolve conflicts: cn("text-sm", "text-lg") keeps both and the CSS order decides.
 * So pass components extra classes that add (w-full, max-w-2xl, mt-4), not ones that fight their
 * own; for a different look add a variant to the component instead.
 */
export function cn(...classes: Array<string | false | null | undefined>): string {
  return classes.filter(Boolean).join(" ");
}
