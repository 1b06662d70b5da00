/**
 * Formats rows as a plain-text table with a header rule; every cell is shown whole. `paint`, when
 * given, styles a body cell after padding (so escape codes never skew the columns).
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  paint?: (row: number, column: number, padded: string) => string,
): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  )
  const line = (cells: readonly string[], row?: number) =>
    cells
      .map((cell, column) => {
        const last = column === cells.length - 1
        const padded = last ? cell : cell.padEnd(widths[column] ?? 0)
        return row === undefined || paint === undefined ? padded : paint(row, column, padded)
      })
      .join('  ')
      .trimEnd()
  return [
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map((row, index) => line(row, index)),
  ].join('\n')
}
