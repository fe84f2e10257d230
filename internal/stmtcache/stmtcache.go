// Package stmtcache keeps the statements each database connection has run prepared, so that
// a query run again on the same connection skips parsing and planning.
//
// ent runs every query as a one-off statement: the driver prepares it, runs it and throws it
// away. On the embedded SQLite that preparation is most of a short query's cost (an honor-roll
// page's statement: 0.60 ms one-off, 0.30 ms prepared). MySQL URLs interpolate parameters
// instead (internal/store), one round trip a query, and need no cache.
//
// Only reads outside a transaction are cached: a connection is used by one goroutine at a
// time and, outside a transaction, database/sql closes a query's rows before it hands the
// connection to the next, so a statement is never evicted while rows read from it.
package stmtcache

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// Size is how many statements a connection keeps. ent writes an IN list with one placeholder
// an element, so a query with lists of 1 to 50 ids is up to 50 statements.
const Size = 256

// Connector opens connections with drv to dsn that keep their reads prepared.
func Connector(drv driver.Driver, dsn string) driver.Connector { return connector{drv, dsn} }

type connector struct {
	drv driver.Driver
	dsn string
}

func (c connector) Driver() driver.Driver { return c.drv }

func (c connector) Connect(context.Context) (driver.Conn, error) {
	inner, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	if _, ok := inner.(driver.QueryerContext); !ok {
		return inner, nil // nothing to intercept: leave the connection as it is
	}
	if _, ok := inner.(driver.ConnPrepareContext); !ok {
		return inner, nil
	}
	cc := &conn{Conn: inner}
	cc.stmts, _ = simplelru.NewLRU[string, driver.Stmt](Size, func(_ string, s driver.Stmt) { _ = s.Close() })
	return cc, nil
}

type conn struct {
	driver.Conn
	stmts *simplelru.LRU[string, driver.Stmt]
	inTx  bool
}

var (
	_ driver.QueryerContext     = (*conn)(nil)
	_ driver.ExecerContext      = (*conn)(nil)
	_ driver.ConnBeginTx        = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.SessionResetter    = (*conn)(nil)
	_ driver.Validator          = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
)

// QueryContext runs a read from the connection's prepared statements, preparing it the first
// time; anything else, and everything in a transaction, runs as the driver would run it.
func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if c.inTx || !isRead(query) {
		return c.Conn.(driver.QueryerContext).QueryContext(ctx, query, args)
	}
	s, ok := c.stmts.Get(query)
	if !ok {
		var err error
		if s, err = c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		if _, ok := s.(driver.StmtQueryContext); !ok {
			_ = s.Close()
			return c.Conn.(driver.QueryerContext).QueryContext(ctx, query, args)
		}
		c.stmts.Add(query, s)
	}
	return s.(driver.StmtQueryContext).QueryContext(ctx, args)
}

// isRead reports a single SELECT (or WITH … SELECT): a statement that changes nothing and
// that the driver prepares as one.
func isRead(query string) bool {
	q := strings.TrimLeft(query, " \t\r\n(")
	if len(q) < 6 {
		return false
	}
	head := strings.ToUpper(q[:4])
	return (head == "SELE" || head == "WITH") && !strings.Contains(strings.TrimRight(query, "; \t\r\n"), ";")
}

func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	return e.ExecContext(ctx, query, args)
}

func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}

func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	b, ok := c.Conn.(driver.ConnBeginTx)
	if !ok {
		return nil, errors.New("stmtcache: the driver's connections cannot begin a transaction with options")
	}
	t, err := b.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	c.inTx = true
	return &tx{Tx: t, c: c}, nil
}

func (c *conn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *conn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *conn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

// Close closes the connection's statements, then the connection.
func (c *conn) Close() error {
	c.stmts.Purge()
	if err := c.Conn.Close(); err != nil {
		return fmt.Errorf("stmtcache: close connection: %w", err)
	}
	return nil
}

// tx ends the connection's transaction mode when the transaction ends.
type tx struct {
	driver.Tx
	c *conn
}

func (t *tx) Commit() error {
	t.c.inTx = false
	return t.Tx.Commit()
}

func (t *tx) Rollback() error {
	t.c.inTx = false
	return t.Tx.Rollback()
}
