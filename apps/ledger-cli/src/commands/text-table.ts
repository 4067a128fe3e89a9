/**
 * Columns padded to their widest cell, separated by two spaces; `right` columns (amounts) align on
 * their last character so that the units line up. Lengths count code points, so "−" is one column.
 */
export function textTable(headers: readonly string[], rows: readonly (readonly string[])[], right: ReadonlySet<number> = new Set()): string[] {
  const width = (text: string) => [...text].length;
  const widths = headers.map((header, column) => Math.max(width(header), ...rows.map((row) => width(row[column] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => {
        const padding = ' '.repeat(widths[column] - width(cell));
        return right.has(column) ? `${padding}${cell}` : `${cell}${padding}`;
      })
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((size) => '-'.repeat(size))), ...rows.map(line)];
}
