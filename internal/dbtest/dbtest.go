// Package dbtest runs storage tests against every database the server supports: always the
// embedded SQLite, and MySQL/MariaDB when TEST_MYSQL_DSN names a server, e.g.
// TEST_MYSQL_DSN=mysql://root@127.0.0.1:3306/. Each test gets a fresh, empty database.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"entgo.io/ent/dialect"

	"vinhdanh/ent"
	"vinhdanh/internal/store"
)

// EnvMySQL names the variable that enables the MySQL runs.
const EnvMySQL = "TEST_MYSQL_DSN"

// envLastURL holds the full URL, password included, of the database MySQL created last, for
// tests that must pass a URL rather than a Target (store.Target only prints it masked).
const envLastURL = "VINHDANH_TEST_MYSQL_URL"

// URL returns the unmasked URL of the database the last MySQL call created in this test.
func URL() string { return os.Getenv(envLastURL) }

// Each runs f as a subtest once per database: "sqlite" always, "mysql" when configured.
// With REQUIRE_MYSQL=1 (CI) a missing TEST_MYSQL_DSN fails the test instead of skipping.
func Each(t *testing.T, f func(t *testing.T, target store.Target)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { f(t, SQLite(t)) })
	t.Run("mysql", func(t *testing.T) { f(t, MySQL(t)) })
}

// SQLite returns a target for a new database file in the test's temporary directory.
func SQLite(t testing.TB) store.Target {
	t.Helper()
	target, err := store.Parse("sqlite:" + filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	return target
}

// MySQL creates a fresh database on the configured server, drops it when the test ends and
// returns its target. It skips the test when no server is configured.
func MySQL(t testing.TB) store.Target {
	t.Helper()
	base := os.Getenv(EnvMySQL)
	if base == "" {
		if os.Getenv("REQUIRE_MYSQL") == "1" {
			t.Fatalf("%s is not set but REQUIRE_MYSQL=1", EnvMySQL)
		}
		t.Skipf("set %s=mysql://user:pass@host:port/ to run this test on MySQL", EnvMySQL)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvMySQL, err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "vinhdanh_test_" + hex.EncodeToString(b[:])

	admin, err := adminConn(u)
	if err != nil {
		t.Fatalf("connect to %s: %v", u.Redacted(), err)
	}
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name+" CHARACTER SET utf8mb4 COLLATE utf8mb4_vietnamese_ci"); err != nil {
		admin.Close()
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	t.Setenv(envLastURL, u.String())
	target, err := store.Parse(u.String())
	if err != nil {
		t.Fatal(err)
	}
	return target
}

func adminConn(u *url.URL) (*sql.DB, error) {
	pass, _ := u.User.Password()
	dsn := u.User.Username()
	if pass != "" {
		dsn += ":" + pass
	}
	dsn += "@tcp(" + u.Host + ")/"
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return nil, err
	}
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Counter is a dialect.Driver that records every statement it runs, to assert query counts
// (N+1 regressions) and to EXPLAIN the SQL ent generates.
type Counter struct {
	dialect.Driver
	mu         sync.Mutex
	statements []Statement
	n          atomic.Int64
	quiet      atomic.Bool
}

// Statement is one recorded query or exec.
type Statement struct {
	Query string
	Args  []any
}

// Reset forgets recorded statements.
func (c *Counter) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.statements = nil
	c.n.Store(0)
}

// Quiet keeps only the number of statements (Count), not their text: a benchmark's timed
// rounds then pay an atomic add per statement, not a lock, a copy and the garbage.
func (c *Counter) Quiet(on bool) { c.quiet.Store(on) }

// Count is how many statements ran since the last Reset, recorded or not.
func (c *Counter) Count() int { return int(c.n.Load()) }

// Statements returns the statements recorded since the last Reset.
func (c *Counter) Statements() []Statement {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Statement(nil), c.statements...)
}

// Query implements dialect.Driver.
func (c *Counter) Query(ctx context.Context, query string, args, v any) error {
	c.record(query, args)
	return c.Driver.Query(ctx, query, args, v)
}

// Exec implements dialect.Driver.
func (c *Counter) Exec(ctx context.Context, query string, args, v any) error {
	c.record(query, args)
	return c.Driver.Exec(ctx, query, args, v)
}

// ExecContext runs and records a statement of the caller's own SQL (ent's Client.ExecContext).
func (c *Counter) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	var res sql.Result
	err := c.Exec(ctx, query, args, &res)
	return res, err
}

func (c *Counter) record(query string, args any) {
	c.n.Add(1)
	if c.quiet.Load() {
		return
	}
	a, _ := args.([]any)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.statements = append(c.statements, Statement{Query: query, Args: a})
}

// Matching returns the recorded statements whose SQL contains substr.
func (c *Counter) Matching(substr string) []Statement {
	var out []Statement
	for _, s := range c.Statements() {
		if strings.Contains(s.Query, substr) {
			out = append(out, s)
		}
	}
	return out
}

// CountingClient returns an ent client over db's pool whose statements c records.
func CountingClient(db *store.DB) (*ent.Client, *Counter) {
	c := &Counter{Driver: store.Driver(db.Target, db.SQL)} // the product's driver, counted
	return ent.NewClient(ent.Driver(c)), c
}

// Explain returns the database's plan of a statement, one "column=value" line per row of
// EXPLAIN QUERY PLAN (SQLite) or EXPLAIN (MySQL).
func Explain(db *sql.DB, dialectName, query string, args []any) (string, error) {
	prefix := "EXPLAIN "
	if dialectName == dialect.SQLite {
		prefix = "EXPLAIN QUERY PLAN "
	}
	rows, err := db.Query(prefix+query, args...)
	if err != nil {
		return "", fmt.Errorf("explain %.200s: %w", query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		for i, c := range cols {
			v := vals[i]
			if bs, ok := v.([]byte); ok {
				v = string(bs)
			}
			fmt.Fprintf(&b, "%s=%v ", c, v)
		}
		b.WriteString("\n")
	}
	return b.String(), rows.Err()
}

// Open opens the target with the schema applied, closed when the test ends.
func Open(t testing.TB, target store.Target) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := store.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	return db
}
