// Which SQLite driver: the project's better-sqlite3 beside node:sqlite (Node 22.13+ without a
// flag), and any other better-sqlite3 given with --also PACKAGE_DIR (another version installed
// elsewhere), on the statement shapes of the hot paths: a point look-up by a unique text key
// (sign-in, get_user_info, the session), one page of 50 rows (the admin list), and inserts in one
// transaction (seeding, group commit). Rounds alternate between drivers so that drift is shared.
//   tsx apps/bench/src/sqlite-drivers.ts [--rows 1000000] [--rounds 5] [--also DIR]…
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { median } from './stats.ts';

interface Statement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): unknown;
}
interface Driver {
  name: string;
  open(file: string): { exec(sql: string): void; prepare(sql: string): Statement; close(): void };
}

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '5' },
    also: { type: 'string', multiple: true, default: [] },
  },
});
const rows = Number(values.rows);
const rounds = Number(values.rounds);

const require = createRequire(import.meta.url);

/** better-sqlite3 from its package directory. */
const betterSqlite = (packageDir: string): Driver => {
  const Database = require(packageDir) as new (file: string) => ReturnType<Driver['open']>;
  const { version } = require(join(packageDir, 'package.json')) as { version: string };
  return { name: `better-sqlite3 ${version}`, open: (file) => new Database(file) };
};

const projectBetterSqlite = dirname(
  createRequire(join(import.meta.dirname, '../../../packages/db/package.json')).resolve(
    'better-sqlite3/package.json',
  ),
);
const drivers: Driver[] = [
  betterSqlite(projectBetterSqlite),
  ...values.also.map(betterSqlite),
  { name: `node:sqlite (Node ${process.version})`, open: (file) => new DatabaseSync(file) },
];

const dir = mkdtempSync(join(tmpdir(), 'acct-drivers-'));
const SCHEMA = `pragma journal_mode = wal; pragma synchronous = normal;
  create table users (id integer primary key, username text not null unique, nickname text not null default '', password_hash text not null)`;
const hash = '$argon2id$v=19$m=19456,t=2,p=1$' + 'x'.repeat(66);

/** Operations per second of `op` over `n` calls. */
function rate(n: number, op: (i: number) => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i += 1) op(i);
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

const results = new Map<string, Record<'insert' | 'lookup' | 'page', number[]>>();
for (let round = 0; round < rounds; round += 1) {
  for (const driver of drivers) {
    const file = join(dir, `${round}-${drivers.indexOf(driver)}.db`);
    const db = driver.open(file);
    db.exec(SCHEMA);
    const insert = db.prepare('insert into users (username, password_hash) values (?, ?)');
    db.exec('begin');
    const inserts = rate(rows, (i) => insert.run(`seed${String(i).padStart(8, '0')}`, hash));
    db.exec('commit');
    const byName = db.prepare(
      'select id, username, nickname, password_hash from users where username = ?',
    );
    const lookups = rate(200_000, (i) =>
      byName.get(`seed${String((i * 7919) % rows).padStart(8, '0')}`),
    );
    const page = db.prepare(
      'select id, username, nickname from users where id > ? order by id limit 50',
    );
    const pages = rate(20_000, (i) => page.all((i * 7919) % rows));
    db.close();
    rmSync(file, { force: true });
    const r = results.get(driver.name) ?? { insert: [], lookup: [], page: [] };
    r.insert.push(inserts);
    r.lookup.push(lookups);
    r.page.push(pages);
    results.set(driver.name, r);
  }
}
rmSync(dir, { recursive: true, force: true });

const k = (x: number) => `${(x / 1000).toFixed(0)}k`;
console.log(
  `| driver | inserts/s (one transaction, ${rows.toLocaleString('en')} rows) | look-ups/s by username | pages of 50/s |`,
);
console.log('| --- | --- | --- | --- |');
for (const [name, r] of results) {
  console.log(
    `| ${name} | ${k(median(r.insert))} | ${k(median(r.lookup))} | ${k(median(r.page))} |`,
  );
}
