import BetterSqlite3 from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';
import { StatementCache } from './statementCache';

const db = new BetterSqlite3(':memory:');
afterEach(() => db.exec('DROP TABLE IF EXISTS t'));

test('a text is prepared once and its statement reused', () => {
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)');
  const cache = new StatementCache(db);
  const insert = cache.sql('INSERT INTO t (k, v) VALUES (?, ?)');
  expect(cache.sql('INSERT INTO t (k, v) VALUES (?, ?)')).toBe(insert);
  insert.run('a', 1);
  cache.sql('INSERT INTO t (k, v) VALUES (?, ?)').run('b', 2);
  expect(cache.sql('SELECT v FROM t WHERE k = ?').get('b')).toEqual({ v: 2 });
  expect(cache.sql('SELECT v FROM t WHERE k = ?')).not.toBe(insert);
});

test('SQL built from data cannot grow it: past its bound it starts over', () => {
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)');
  const cache = new StatementCache(db);
  const first = cache.sql('SELECT 0 FROM t');
  for (let i = 1; i < 64; i++) cache.sql(`SELECT ${i} FROM t`);
  expect(cache.sql('SELECT 0 FROM t')).toBe(first); // 64 texts: all still held
  expect(cache.size).toBe(64);
  cache.sql('SELECT 64 FROM t');
  expect(cache.size).toBe(1);
  expect(cache.sql('SELECT 0 FROM t')).not.toBe(first);
  expect(cache.sql('SELECT 0 FROM t').get()).toBeUndefined(); // empty table, still works
});
