/**
 * The parts the Site table and the hand-over's device table share: the table with its column
 * heads, and the first cell naming a device and its IoTMP user.
 */
import type { ReactNode } from 'react';

export function SiteTableFrame({
  columns,
  children,
}: {
  /** The column heads, in order. */
  columns: readonly string[];
  /** The rows. */
  children: ReactNode;
}) {
  return (
    <table className="site-table">
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

export function DeviceCell({ user, device }: { user: string; device: string }) {
  return (
    <td>
      <strong>{device}</strong>
      <div className="muted small mono">{user}</div>
    </td>
  );
}
