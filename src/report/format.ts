/**
 * Number formatting for the report's tables, independent of the machine's locale (no toLocaleString), so the
 * same result renders the same bytes everywhere.
 */

/** Fixed decimals with comma thousands separators: formatNumber(1234567.891, 2) → "1,234,567.89". */
export function formatNumber(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return String(value);
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole, fraction] = fixed.split(".") as [string, string | undefined];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const sign = value < 0 && Number(fixed) !== 0 ? "-" : "";
  return sign + grouped + (fraction === undefined ? "" : "." + fraction);
}

/** Milliseconds with a precision that suits their size: 0.123 ms, 12.3 ms, 1,234 ms. */
export function formatMs(ms: number): string {
  const decimals = ms < 1 ? 3 : ms < 100 ? 1 : 0;
  return `${formatNumber(ms, decimals)} ms`;
}

const BYTE_UNITS = ["B", "KB", "MB", "GB", "TB"];

/** Bytes in decimal units: 1234567 → "1.23 MB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${formatNumber(value)} B` : `${formatNumber(value, 2)} ${BYTE_UNITS[unit] as string}`;
}

/** A 0..1 fraction as a percentage: 0.4213 → "42.1%". */
export function formatPercent(fraction: number): string {
  return `${formatNumber(fraction * 100, 1)}%`;
}
