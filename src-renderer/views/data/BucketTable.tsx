/** A bucket's newest records (at most 200 rows): time, the device that wrote it, the data. */
import { dateTime } from '../../format/time';
import { messages } from '../../messages';
import type { Row } from './model';

const t = messages.data;
/** Rows the table draws; the chart and the export use every record read. */
const TABLE_ROWS = 200;

export function BucketTable({ rows }: { rows: Row[] }) {
  return (
    <div className="data-table-wrap">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t.time}</th>
            <th scope="col">{t.device}</th>
            <th scope="col">{t.data}</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, TABLE_ROWS).map((r, i) => (
            <tr key={`${r.ts}-${i}`}>
              <td className="mono">{dateTime(r.ts)}</td>
              <td className="mono">{r.device}</td>
              <td className="mono">{JSON.stringify(r.val)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
