package stmtcache_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"

	_ "modernc.org/sqlite"

	"vinhdanh/internal/stmtcache"
)

// counting wraps the real SQLite driver to count the statements its connections prepare and
// close: what the cache is meant to save.
type counting struct {
	driver.Driver
	prepared, closed atomic.Int64
}

func (d *counting) Open(dsn string) (driver.Conn, error) {
	c, err := d.Driver.Open(dsn)
	if err != nil {
		return nil, err
	}
	return &countingConn{c.(sqliteConn), d}, nil
}

type sqliteConn interface {
	driver.Conn
	driver.ConnPrepareContext
	driver.QueryerContext
	driver.ExecerContext
	driver.ConnBeginTx
}

type countingConn struct {
	sqliteConn
	d *counting
}

func (c *countingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	s, err := c.sqliteConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.d.prepared.Add(1)
	return &countingStmt{s.(stmt), c.d}, nil
}

type stmt interface {
	driver.Stmt
	driver.StmtQueryContext
}

type countingStmt struct {
	stmt
	d *counting
}

func (s *countingStmt) Close() error { s.d.closed.Add(1); return s.stmt.Close() }

// open returns a pool of one cached connection over a new SQLite file, with a table of ten
// rows, and the counts of its driver.
func open(t *testing.T) (*sql.DB, *counting) {
	t.Helper()
	dsn := "file:" + filepath.Join(t.TempDir(), "cache.db") + "?_pragma=journal_mode(WAL)"
	registered, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	d := &counting{Driver: registered.Driver()}
	registered.Close()
	db := sql.OpenDB(stmtcache.Connector(d, dsn))
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`CREATE TABLE n (v INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 10; i++ {
		if _, err := db.Exec(`INSERT INTO n (v) VALUES (?)`, i); err != nil {
			t.Fatal(err)
		}
	}
	return db, d
}

func sum(t *testing.T, q interface {
	QueryRow(string, ...any) *sql.Row
}, query string, args ...any) int {
	t.Helper()
	var s int
	if err := q.QueryRow(query, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return s
}

func TestReadsArePreparedOncePerConnection(t *testing.T) {
	db, d := open(t)
	before := d.prepared.Load()
	for v := 0; v <= 10; v++ {
		if got, want := sum(t, db, `SELECT COALESCE(SUM(v), 0) FROM n WHERE v <= ?`, v), v*(v+1)/2; got != want {
			t.Fatalf("sum of v <= %d: %d, want %d", v, got, want)
		}
	}
	if n := d.prepared.Load() - before; n != 1 {
		t.Errorf("eleven runs of one read prepared it %d times, want once", n)
	}
}

func TestTransactionsAreLeftAlone(t *testing.T) {
	db, d := open(t)
	before := d.prepared.Load()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO n (v) VALUES (100)`); err != nil {
		t.Fatal(err)
	}
	if got := sum(t, tx, `SELECT SUM(v) FROM n`); got != 155 {
		t.Errorf("the transaction reads a sum of %d, want its own insert counted (155)", got)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if n := d.prepared.Load() - before; n != 0 {
		t.Errorf("a read in a transaction was kept prepared (%d)", n)
	}
	if got := sum(t, db, `SELECT SUM(v) FROM n`); got != 55 {
		t.Errorf("after the rollback the sum is %d, want 55", got)
	}
}

func TestEvictedStatementsAreClosed(t *testing.T) {
	db, d := open(t)
	extra := 10
	for i := 0; i < stmtcache.Size+extra; i++ {
		if got := sum(t, db, fmt.Sprintf(`SELECT SUM(v) + %d FROM n`, i)); got != 55+i {
			t.Fatalf("query %d: %d", i, got)
		}
	}
	if got := d.closed.Load(); got != int64(extra) {
		t.Errorf("%d statements closed after %d distinct reads, want the %d beyond the cache's size", got, stmtcache.Size+extra, extra)
	}
	// The oldest were evicted: reading one again prepares it again and still answers.
	before := d.prepared.Load()
	if got := sum(t, db, `SELECT SUM(v) + 0 FROM n`); got != 55 {
		t.Errorf("an evicted read answers %d", got)
	}
	if d.prepared.Load() != before+1 {
		t.Errorf("an evicted read was not prepared again")
	}
	db.Close()
	if got := d.closed.Load(); got != d.prepared.Load() {
		t.Errorf("closing the pool closed %d of %d prepared statements", got, d.prepared.Load())
	}
}

func TestAPreparedReadSeesSchemaChanges(t *testing.T) {
	db, _ := open(t)
	const q = `SELECT * FROM n WHERE v = 1`
	cols := func() int {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		c, _ := rows.Columns()
		return len(c)
	}
	if cols() != 1 {
		t.Fatal("one column expected")
	}
	if _, err := db.Exec(`ALTER TABLE n ADD COLUMN w INTEGER`); err != nil {
		t.Fatal(err)
	}
	if n := cols(); n != 2 {
		t.Errorf("after a new column the kept read returns %d columns, want 2", n)
	}
}

func TestOnlySingleReadsAreKept(t *testing.T) {
	for _, tc := range []struct {
		query string
		kept  bool
	}{
		{"SELECT 1", true},
		{"  select `a` FROM t", true},
		{"(SELECT 1) UNION (SELECT 2)", true},
		{"WITH x AS (SELECT 1) SELECT * FROM x", true},
		{"SELECT 1; DELETE FROM t", false},
		{"SELECT 1;", true},
		{"INSERT INTO t VALUES (1)", false},
		{"PRAGMA user_version", false},
		{"", false},
	} {
		t.Run(tc.query, func(t *testing.T) {
			if got := stmtcache.IsRead(tc.query); got != tc.kept {
				t.Errorf("IsRead(%q) = %v, want %v", tc.query, got, tc.kept)
			}
		})
	}
}
