/**
 * The bridge's store-and-forward queue: messages the cluster has not acknowledged yet, in a
 * SQLite file of their own (a queue, not app state: no migration of the app's database, and
 * deleting the file only loses the backlog). Bounded: past `maxMessages` the oldest messages
 * not yet handed to the MQTT client are dropped, and counted. Sequence numbers only grow, also
 * across restarts and crashes (a block of them is reserved on disk before use).
 */
import { chmodSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { IPublishPacket } from 'mqtt-packet';
import { at } from '../contract/present';

/**
 * One message of the bridge's ordered stream. It is shaped as mqtt-packet's PUBLISH packet too, so
 * the lean path (InFlight) hands this very object to mqtt.js: one object per message, not two.
 */
export class OutMessage implements IPublishPacket {
  readonly cmd = 'publish';
  readonly dup = false;
  /** mqtt.js's message id while its client holds the message unacknowledged (0: none). */
  messageId = 0;
  /** Handed to the client from disk: its acknowledgement deletes a row (InFlight sets it). */
  onDisk = false;
  /** MQTT 5 correlation data of a command's reply. */
  correlationData: Buffer | undefined;

  constructor(
    /** Position in the bridge's one ordered stream of messages. */
    readonly seq: number,
    readonly topic: string,
    /** JSON text (stored as TEXT) or bytes (BLOB); mqtt.js sends either as is. */
    readonly payload: string | Buffer,
    readonly qos: 0 | 1 | 2,
    readonly retain: boolean,
    correlationData?: Buffer,
  ) {
    this.correlationData = correlationData;
  }
}

/** Sequence numbers reserved on disk at a time (one write per this many messages). */
const SEQ_BLOCK = 65_536;
/** Rows per INSERT statement: one call into SQLite per this many messages, not one per message. */
const INSERT_ROWS = 64;
const COLUMNS = '(seq, topic, payload, qos, retain, correlation)';

type Row = [
  seq: number,
  topic: string,
  payload: string | Buffer,
  qos: 0 | 1 | 2,
  retain: number,
  correlation: Buffer | null,
];

export class Outbox {
  private count: number;
  private droppedTotal: number;
  private next: number;
  private reserved: number;
  private last: number;
  private readonly insert: Database.Statement;
  private readonly insertMany: Database.Statement;
  private readonly selectAfter: Database.Statement;
  private readonly deleteRange: Database.Statement;
  private readonly setMeta: Database.Statement;

  private constructor(
    private readonly db: Database.Database,
    private maxMessages: number,
  ) {
    this.insert = db.prepare(`INSERT OR IGNORE INTO outbox ${COLUMNS} VALUES (?, ?, ?, ?, ?, ?)`);
    this.insertMany = db.prepare(
      `INSERT OR IGNORE INTO outbox ${COLUMNS} VALUES ${new Array<string>(INSERT_ROWS).fill('(?, ?, ?, ?, ?, ?)').join(', ')}`,
    );
    this.selectAfter = db
      .prepare(
        'SELECT seq, topic, payload, qos, retain, correlation FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?',
      )
      .raw(true);
    this.deleteRange = db.prepare('DELETE FROM outbox WHERE seq BETWEEN ? AND ?');
    this.setMeta = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    const meta = (key: string): number =>
      (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: number } | undefined)
        ?.value ?? 0;
    this.count = (db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
    this.droppedTotal = meta('dropped');
    const maxSeq = (db.prepare('SELECT MAX(seq) AS m FROM outbox').get() as { m: number | null }).m;
    this.next = Math.max(meta('seq_reserved'), (maxSeq ?? 0) + 1, 1);
    this.reserved = this.next;
    this.last = maxSeq ?? 0;
  }

  static open(file: string, maxMessages: number): Outbox {
    const db = new Database(file);
    try {
      chmodSync(file, 0o600); // topics and payloads of the site's devices
      db.pragma('journal_mode = WAL');
      // A power cut may lose the last moments of the backlog, never corrupt it.
      db.pragma('synchronous = NORMAL');
      db.exec(`
        CREATE TABLE IF NOT EXISTS outbox (
          seq INTEGER PRIMARY KEY, topic TEXT NOT NULL, payload BLOB NOT NULL,
          qos INTEGER NOT NULL, retain INTEGER NOT NULL, correlation BLOB);
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
      `);
      return new Outbox(db, maxMessages);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  /** Messages waiting (handed to the client but unacknowledged included). */
  get size(): number {
    return this.count;
  }

  /** Messages dropped because the queue was full, since the file was created. */
  get dropped(): number {
    return this.droppedTotal;
  }

  get bound(): number {
    return this.maxMessages;
  }

  setBound(maxMessages: number): void {
    this.maxMessages = maxMessages;
  }

  /** The newest sequence number handed out since opening, or queued (0: none). */
  get lastSeq(): number {
    return this.last;
  }

  /** The next sequence number (reserving another block on disk when needed). */
  nextSeq(): number {
    if (this.next >= this.reserved) {
      this.reserved = this.next + SEQ_BLOCK;
      this.setMeta.run('seq_reserved', this.reserved);
    }
    this.last = this.next++;
    return this.last;
  }

  /**
   * Appends messages in one transaction, then drops the oldest beyond the bound among those with
   * seq > `handedUpTo` (messages already with the client are on their way). Returns how many
   * were dropped now.
   */
  append(messages: readonly OutMessage[], handedUpTo: number): number {
    if (messages.length === 0) return 0;
    let dropped = 0;
    this.db.transaction(() => {
      let i = 0;
      if (messages.length >= INSERT_ROWS) {
        const params = new Array<unknown>(INSERT_ROWS * 6);
        for (; i + INSERT_ROWS <= messages.length; i += INSERT_ROWS) {
          for (let k = 0; k < INSERT_ROWS; k++)
            rowParams(at(messages, i + k, 'message'), params, k * 6);
          this.count += this.insertMany.run(params).changes;
        }
      }
      const params = new Array<unknown>(6);
      for (; i < messages.length; i++) {
        rowParams(at(messages, i, 'message'), params, 0);
        this.count += this.insert.run(params).changes;
      }
      const excess = this.count - this.maxMessages;
      if (excess > 0) {
        dropped = this.db
          .prepare(
            'DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?)',
          )
          .run(handedUpTo, excess).changes;
        this.count -= dropped;
        this.droppedTotal += dropped;
        this.setMeta.run('dropped', this.droppedTotal);
      }
    })();
    return dropped;
  }

  /** Up to `limit` messages after `seq`, oldest first. */
  after(seq: number, limit: number): OutMessage[] {
    const rows = this.selectAfter.all(seq, limit) as Row[];
    return rows.map(([s, topic, payload, qos, retain, correlation]) => {
      return new OutMessage(s, topic, payload, qos, retain === 1, correlation ?? undefined);
    });
  }

  /**
   * Removes acknowledged messages, in one transaction: one DELETE per run of consecutive
   * sequence numbers (acknowledgements mostly come in order), not one per message.
   */
  remove(seqs: readonly number[]): void {
    if (seqs.length === 0) return;
    const sorted = Float64Array.from(seqs).sort();
    const lowest = sorted[0];
    if (lowest === undefined) return;
    this.db.transaction(() => {
      let from = lowest;
      let to = from;
      for (let i = 1; i <= sorted.length; i++) {
        // Past the end reads undefined: NaN then closes the last run.
        const s = sorted[i] ?? NaN;
        if (s === to + 1 || s === to) {
          to = s;
          continue;
        }
        this.count -= this.deleteRange.run(from, to).changes;
        from = to = s;
      }
    })();
  }

  close(): void {
    this.setMeta.run('seq_reserved', this.next);
    this.db.close();
  }
}

/** One message's column values, written into `params` at `offset` (statement order). */
function rowParams(m: OutMessage, params: unknown[], offset: number): void {
  params[offset] = m.seq;
  params[offset + 1] = m.topic;
  params[offset + 2] = m.payload;
  params[offset + 3] = m.qos;
  params[offset + 4] = m.retain ? 1 : 0;
  params[offset + 5] = m.correlationData ?? null;
}
