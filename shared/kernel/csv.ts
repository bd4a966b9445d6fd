import type { Minor } from './money';

/**
 * CSV exports of the registers (R-REG-1), for people who open them in Excel: RFC 4180 quoting,
 * CRLF line ends, and UTF-8 with a byte-order mark, without which Excel reads Chinese text as
 * mojibake. Pure.
 */
export type Cell = string | number | boolean | null | undefined;

const bom = '\uFEFF';

/**
 * One field. Quoted when it holds a comma, a quote or a line break (quotes doubled). Text that
 * a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`
 * (OWASP CSV injection), since customer names and notes are typed by hand; plain numbers pass.
 */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/** A whole document: byte-order mark, header row, one row per record. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return bom + csvLine(header) + rows.map(csvLine).join('');
}

/** Minor units as a decimal in major units (`123456` → `1234.56`), by integer arithmetic. */
export function formatMinor(amount: Minor, digits = 2): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  if (digits === 0) return `${sign}${abs}`;
  const unit = 10 ** digits;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(digits, '0')}`;
}
