// Package store opens the database named by a DATABASE_URL and prepares its schema. Two
// kinds of URL are accepted: sqlite:<path> for the embedded default (pure Go, no cgo) and
// mysql://user:pass@host:port/db for MySQL 8 or MariaDB in production.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/go-sql-driver/mysql"
	"modernc.org/sqlite" // registers the "sqlite" driver

	"vinhdanh/ent"
	_ "vinhdanh/ent/runtime" // registers schema hooks and defaults
	"vinhdanh/internal/migration"
	"vinhdanh/internal/stmtcache"
	"vinhdanh/internal/tracing"
)

// DefaultURL is the embedded database used when DATABASE_URL is unset.
const DefaultURL = "sqlite:vinhdanh.db"

// ErrBadURL is wrapped by errors about the form of a DATABASE_URL.
var ErrBadURL = errors.New("bad DATABASE_URL")

// Target is a parsed DATABASE_URL.
type Target struct {
	Dialect string // dialect.SQLite or dialect.MySQL
	dsn     string // driver data source name; may hold a password
	display string // the URL with any password masked, for logs and errors
	path    string // the embedded database's file
}

// Path is the embedded database's file ("" for MySQL).
func (t Target) Path() string { return t.path }

// Embedded reports whether the target is the embedded SQLite database.
func (t Target) Embedded() bool { return t.Dialect == dialect.SQLite }

// String returns the URL with its password masked.
func (t Target) String() string { return t.display }

// Parse reads a DATABASE_URL.
func Parse(raw string) (Target, error) {
	if raw == "" {
		raw = DefaultURL
	}
	switch {
	case strings.HasPrefix(raw, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(raw, "sqlite:"), "//")
		if path == "" {
			return Target{}, fmt.Errorf("%w: sqlite: needs a file path, e.g. sqlite:vinhdanh.db", ErrBadURL)
		}
		return Target{Dialect: dialect.SQLite, dsn: sqliteDSN(path), display: raw, path: path}, nil
	case strings.HasPrefix(raw, "mysql://"):
		return parseMySQL(raw)
	default:
		return Target{}, fmt.Errorf("%w: %q must start with sqlite: or mysql://", ErrBadURL, mask(raw))
	}
}

// sqliteDSN turns on what an embedded server needs: foreign keys (off by default in SQLite),
// WAL so readers do not block the writer, a busy timeout instead of instant SQLITE_BUSY, and
// case-sensitive LIKE, so that "contains" and "has prefix" filters compare exactly, as they do
// on MySQL's binary columns.
//
// Reads go through a memory map of the file (mmap_size), shared by every connection, instead
// of a read call per page into each connection's small page cache: at a million awards that
// was a third of the server's CPU.
func sqliteDSN(path string) string {
	return "file:" + path + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)" +
		"&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_pragma=case_sensitive_like(1)" +
		"&_pragma=mmap_size(" + strconv.Itoa(sqliteMmap) + ")&_txlock=immediate"
}

// Sizes of the embedded database's connection pool and memory map.
const (
	sqliteConns = 8
	sqliteMmap  = 1 << 30
)

// SQLite's LOWER folds ASCII letters only; MySQL's folds every letter. The filters that fold
// case (internal/filter) call LOWER on both, so SQLite's is replaced by Go's Unicode one.
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("lower", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return strings.ToLower(v), nil
		case []byte:
			return strings.ToLower(string(v)), nil
		default:
			return v, nil
		}
	})
}

func parseMySQL(raw string) (Target, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Target{}, fmt.Errorf("%w: %s is not a URL", ErrBadURL, mask(raw))
	}
	db := strings.TrimPrefix(u.Path, "/")
	if db == "" || strings.Contains(db, "/") {
		return Target{}, fmt.Errorf("%w: %s must name one database, e.g. mysql://user:pass@host:3306/vinhdanh", ErrBadURL, u.Redacted())
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "3306")
	}
	cfg := mysql.NewConfig()
	cfg.User = u.User.Username()
	cfg.Passwd, _ = u.User.Password()
	cfg.Net = "tcp"
	cfg.Addr = host
	cfg.DBName = db
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	// The connection collation decides how literals compare; the tables carry their own.
	cfg.Collation = "utf8mb4_unicode_ci"
	cfg.Params = map[string]string{"time_zone": "'+00:00'"}
	// Arguments interpolated by the driver: one round trip per statement instead of
	// prepare, execute and close (safe with utf8mb4). ?interpolateParams=false turns it off.
	cfg.InterpolateParams = true
	for k, v := range u.Query() {
		if k == "interpolateParams" {
			cfg.InterpolateParams = v[0] != "false"
			continue
		}
		cfg.Params[k] = v[0]
	}
	return Target{Dialect: dialect.MySQL, dsn: cfg.FormatDSN(), display: u.Redacted()}, nil
}

// mask hides anything that looks like a password in a malformed URL.
func mask(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Redacted()
	}
	if at := strings.LastIndex(raw, "@"); at >= 0 {
		return "…" + raw[at:]
	}
	return raw
}

// DB is an open database: the ent client and the pool under it.
type DB struct {
	Client *ent.Client
	SQL    *sql.DB
	Target Target
	inUse  *os.File // the embedded database's lock file, held shared while open (backup.go)
}

// Ping reports whether the database answers.
func (d *DB) Ping(ctx context.Context) error { return d.SQL.PingContext(ctx) }

// Close closes the client and the pool, and lets go of the embedded database.
func (d *DB) Close() error {
	err := d.Client.Close()
	if d.inUse != nil {
		d.inUse.Close() // closing the file releases its lock
		d.inUse = nil
	}
	return err
}

// Open connects to the target, checks that the database answers and returns it.
func Open(ctx context.Context, t Target, opts ...ent.Option) (*DB, error) {
	driverName := "sqlite"
	var inUse *os.File
	if t.Dialect == dialect.MySQL {
		driverName = "mysql"
	} else {
		var err error
		if inUse, err = holdShared(t.path); err != nil {
			return nil, err
		}
	}
	db, err := sql.Open(driverName, t.dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", t, err)
	}
	if t.Dialect == dialect.SQLite {
		// The same registered driver (with its functions), its connections keeping their
		// reads prepared: ent prepares each query afresh, most of a short read's cost here.
		drv := db.Driver()
		db.Close()
		db = sql.OpenDB(stmtcache.Connector(drv, t.dsn))
	}
	if t.Dialect == dialect.MySQL {
		db.SetMaxOpenConns(32)
		db.SetMaxIdleConns(8)
		db.SetConnMaxLifetime(5 * time.Minute)
	} else {
		// An SQLite connection is where its page cache and parsed schema live: keep them
		// open, or every burst of requests opens new ones that read the file afresh.
		db.SetMaxOpenConns(sqliteConns)
		db.SetMaxIdleConns(sqliteConns)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		if inUse != nil {
			inUse.Close()
		}
		return nil, fmt.Errorf("connect to %s: %w", t, scrub(err, t))
	}
	client := ent.NewClient(append([]ent.Option{ent.Driver(Driver(t, db))}, opts...)...)
	return &DB{Client: client, SQL: db, Target: t, inUse: inUse}, nil
}

// Driver is the ent driver over an open pool: ent's SQL driver, traced (internal/tracing).
func Driver(t Target, db *sql.DB) dialect.Driver {
	return tracing.Driver(entsql.OpenDB(t.Dialect, db))
}

// scrub keeps driver errors from echoing a DSN with a password.
func scrub(err error, t Target) error {
	msg := err.Error()
	if strings.Contains(msg, t.dsn) {
		return errors.New(strings.ReplaceAll(msg, t.dsn, t.display))
	}
	return err
}

// Migrate brings the schema up to date with the versioned migrations (internal/migration):
// a new database gets them all; one an earlier release created takes the first as its
// baseline and gets the rest.
func Migrate(ctx context.Context, db *DB) error {
	if _, err := migration.Up(ctx, db.SQL, db.Target.Dialect); err != nil {
		return fmt.Errorf("migrate %s: %w", db.Target, err)
	}
	return nil
}
