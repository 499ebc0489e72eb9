/**
 * The app's main colour: named colours people say ("green", "dark blue") → hex, and the text colour
 * that reads well on it. Named colours are Tailwind's 600 shades, so buttons look like Tailwind's.
 */

export const NAMED_COLORS: Record<string, string> = {
  red: "#dc2626",
  orange: "#ea580c",
  amber: "#d97706",
  yellow: "#ca8a04",
  gold: "#ca8a04",
  lime: "#65a30d",
  green: "#16a34a",
  emerald: "#059669",
  teal: "#0d9488",
  cyan: "#0891b2",
  sky: "#0284c7",
  blue: "#2563eb",
  navy: "#1e3a8a",
  indigo: "#4f46e5",
  violet: "#7c3aed",
  purple: "#9333ea",
  lavender: "#8b5cf6",
  fuchsia: "#c026d3",
  magenta: "#c026d3",
  pink: "#db2777",
  rose: "#e11d48",
  brown: "#92400e",
  slate: "#475569",
  gray: "#4b5563",
  grey: "#4b5563",
  black: "#18181b",
  zinc: "#18181b",
};

/** "#7C3AED", "7c3aed", "#abc", "green", "dark green" → "#7c3aed"-style hex, or null. */
export function parseColor(text: string): string | null {
  const value = text.trim().toLowerCase();
  const hex = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/.exec(value);
  if (hex) {
    const digits = hex[1]!;
    return `#${digits.length === 3 ? [...digits].map((d) => d + d).join("") : digits}`;
  }
  const named = /^(?:(dark|deep|light|bright|pale)\s+)?([a-z]+)$/.exec(value);
  if (!named || !NAMED_COLORS[named[2]!]) return null;
  const base = NAMED_COLORS[named[2]!]!;
  if (named[1] === "dark" || named[1] === "deep") return mix(base, "#000000", 0.3);
  if (named[1] === "light" || named[1] === "pale" || named[1] === "bright") return mix(base, "#ffffff", 0.2);
  return base;
}

/** The text colour on `hex`: white, or near-black on light colours (WCAG relative luminance). */
export function foregroundFor(hex: string): string {
  const [r, g, b] = channels(hex).map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // White like Tailwind's own 600-shade buttons, unless it falls below 3:1 (WCAG, large text and UI).
  return 1.05 / (luminance + 0.05) >= 3 ? "#ffffff" : "#18181b";
}

function channels(hex: string): [number, number, number] {
  const h = hex.replace("#", "");
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

function mix(a: string, b: string, amount: number): string {
  const ca = channels(a);
  const cb = channels(b);
  return `#${ca
    .map((c, i) =>
      Math.round(c * (1 - amount) + cb[i]! * amount)
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;
}
