import type { HTMLAttributes, ReactNode } from 'react';

export interface Column<T> {
  header: ReactNode;
  /** A header for screen readers only (e.g. the actions column), when `header` is empty. */
  srHeader?: string;
  cell: (row: T) => ReactNode;
  /** A CSS width for the column ("22%", "120px"); the rest share what is left. */
  width?: string;
  className?: string;
  align?: 'start' | 'end';
}

/**
 * A data table whose columns keep their widths (table-layout: fixed): long values wrap or are cut with
 * an ellipsis inside their cell, so the table never grows wider than its container. Anything larger
 * than a line (a log, a tool list) belongs on a detail page, not in a cell.
 */
export function Table<T>({
  label,
  columns,
  rows,
  rowKey,
  rowProps,
  className,
}: {
  /** The table's accessible name. */
  label: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  rowProps?: (row: T) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | undefined>;
  className?: string;
}) {
  return (
    <div className="table-wrap">
      <table className={`kit-table${className ? ` ${className}` : ''}`} aria-label={label}>
        <colgroup>
          {columns.map((c, i) => (
            <col key={i} style={c.width ? { width: c.width } : undefined} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={[c.className, c.align === 'end' ? 'align-end' : ''].filter(Boolean).join(' ') || undefined}>
                {c.header}
                {c.srHeader && <span className="visually-hidden">{c.srHeader}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowProps?.(row)}>
              {columns.map((c, i) => (
                <td key={i} className={[c.className, c.align === 'end' ? 'align-end' : ''].filter(Boolean).join(' ') || undefined}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
