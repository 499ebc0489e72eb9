const money = new Intl.NumberFormat(undefined, { style: "currency", currency: "USD", maximumFractionDigits: 0 });

/** 12500 → "$12,500". */
export function formatMoney(amount: number): string {
  return money.format(amount);
}

/** "2026-11-22" or "2026-11-22 10:00:00" → "Nov 22, 2026". Empty for null. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return "";
  const date = new Date(value.length === 10 ? `${value}T00:00:00` : `${value.replace(" ", "T")}Z`);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}
