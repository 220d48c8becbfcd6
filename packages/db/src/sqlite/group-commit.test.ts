import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.ts';
import { openDatabase } from './open.ts';

let dir: string;
let writer: Database.Database;
let reader: Database.Database; // a second connection sees only what is committed
let group: ReturnType<typeof createGroupCommit>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'acct-group-'));
  writer = openDatabase(join(dir, 'g.db')).$client;
  writer.exec(`create table parent (id integer primary key);
    create table item (id integer primary key, name text unique not null,
      parent_id integer references parent(id) deferrable initially deferred)`);
  reader = new Database(join(dir, 'g.db'), { readonly: true });
  group = createGroupCommit(writer);
});
afterEach(() => {
  group.flush();
  reader.close();
  writer.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (name: string, parentId: number | null = null) =>
  group.write(
    () =>
      writer.prepare('insert into item (name, parent_id) values (?, ?)').run(name, parentId)
        .lastInsertRowid,
  );
const committedNames = () =>
  (reader.prepare('select name from item order by id').all() as { name: string }[]).map(
    (r) => r.name,
  );

describe('group commit', () => {
  it('fsyncs every commit', () => {
    expect(writer.pragma('synchronous', { simple: true })).toBe(2); // FULL
  });

  it('acknowledges the changes of one turn together, only once they are committed', async () => {
    let acknowledged = 0;
    const writes = ['a', 'b', 'c'].map((name) => insert(name).then((id) => (acknowledged++, id)));
    await Promise.resolve();
    expect(acknowledged).toBe(0);
    expect(committedNames()).toEqual([]);
    expect(await Promise.all(writes)).toEqual([1, 2, 3]);
    expect(committedNames()).toEqual(['a', 'b', 'c']);
  });

  it('rolls back and refuses only the change that failed', async () => {
    const first = insert('same');
    const second = insert('same'); // unique violation: refused at once, in its own savepoint
    const third = insert('other');
    await expect(second).rejects.toThrow(/UNIQUE/);
    await expect(first).resolves.toBe(1);
    await expect(third).resolves.toBeDefined();
    expect(committedNames()).toEqual(['same', 'other']);
  });

  it('refuses every change of the turn when the commit itself fails, and keeps none', async () => {
    const fine = insert('fine');
    const orphan = insert('orphan', 42); // a deferred foreign key fails only at COMMIT
    await expect(fine).rejects.toThrow(/FOREIGN KEY/);
    await expect(orphan).rejects.toThrow(/FOREIGN KEY/);
    expect(writer.inTransaction).toBe(false);
    expect(committedNames()).toEqual([]);
    await expect(insert('next turn')).resolves.toBeDefined();
    expect(committedNames()).toEqual(['next turn']);
  });

  it('starts a new turn for changes made after an acknowledgement', async () => {
    await insert('one');
    const two = insert('two');
    expect(writer.inTransaction).toBe(true);
    await two;
    expect(writer.inTransaction).toBe(false);
    expect(committedNames()).toEqual(['one', 'two']);
  });
});
