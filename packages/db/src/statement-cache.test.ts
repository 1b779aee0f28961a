// libsql statements kept per connection (statement-cache.ts): one statement per SQL and
// connection, answering what the table holds now, seeing schema changes, and never shared
// between connections; long SQL is prepared each time.
import Database from 'libsql'
import { describe, expect, it } from 'vitest'
import { keepPreparedStatements } from './statement-cache.ts'

describe('kept prepared statements', () => {
  keepPreparedStatements(Database)
  keepPreparedStatements(Database) // once only, however often it is asked

  it('answers the same statement for the same SQL, with what the table holds now', () => {
    const db = new Database(':memory:')
    db.exec('create table t (a integer)')
    const first = db.prepare('select a from t order by a')
    expect(db.prepare('select a from t order by a')).toBe(first)
    db.exec('insert into t values (1), (2)')
    expect(db.prepare('select a from t order by a').all()).toEqual([{ a: 1 }, { a: 2 }])
    // A schema change: SQLite prepares the kept statement again by itself.
    db.exec('alter table t add column b text')
    expect(db.prepare('select * from t order by a').all()).toEqual([
      { a: 1, b: null },
      { a: 2, b: null },
    ])
    db.close()
  })

  it("answers a run's second ask for the columns with the first's list, and asks again after a run", () => {
    const db = new Database(':memory:')
    db.exec('create table t (a integer)')
    const statement = db.prepare('select * from t')
    const names = (s: { columns(): { name: string }[] }) => s.columns().map((c) => c.name)
    const first = statement.columns()
    expect(statement.columns()).toBe(first)
    expect(names(statement)).toEqual(['a'])
    statement.all()
    db.exec('alter table t add column b text')
    // The kept statement is prepared again by SQLite at its next run; its columns follow.
    statement.all()
    expect(names(db.prepare('select * from t'))).toEqual(['a', 'b'])
    db.close()
  })

  it('keeps statements per connection and leaves long SQL alone', () => {
    const one = new Database(':memory:')
    const two = new Database(':memory:')
    expect(one.prepare('select 1 as x')).not.toBe(two.prepare('select 1 as x'))
    const long = `select 1 as x${' '.repeat(5000)}`
    expect(one.prepare(long)).not.toBe(one.prepare(long))
    // The 256 most recent: an old one is prepared again once 256 others came after it.
    const old = one.prepare('select 2 as y')
    for (let i = 0; i < 256; i++) one.prepare(`select ${i} as z`)
    expect(one.prepare('select 2 as y')).not.toBe(old)
    one.close()
    two.close()
  })
})
