// Package migration applies the versioned schema migrations in ent/migrate/migrations (one
// directory per dialect, Atlas format, generated from the ent schema by
// internal/tools/migrategen) with Atlas's executor, and records what it applied in
// schema_revisions. A database an earlier release created by auto-migration has no revisions:
// its schema is the first migration's, which is marked applied (the baseline) before the rest run.
package migration

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"time"

	"ariga.io/atlas/sql/migrate"
	atlasmysql "ariga.io/atlas/sql/mysql"
	atlassqlite "ariga.io/atlas/sql/sqlite"
	"entgo.io/ent/dialect"

	entmigrate "vinhdanh/ent/migrate"
)

// Dir returns the migration directory of a dialect, from the files built into the binary.
func Dir(dialectName string) (*migrate.MemDir, error) {
	sub := "sqlite"
	if dialectName == dialect.MySQL {
		sub = "mysql"
	}
	dir := migrate.OpenMemDir("vinhdanh-" + sub)
	entries, err := fs.ReadDir(entmigrate.Migrations, path.Join("migrations", sub))
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	for _, e := range entries {
		data, err := fs.ReadFile(entmigrate.Migrations, path.Join("migrations", sub, e.Name()))
		if err != nil {
			return nil, err
		}
		if err := dir.WriteFile(e.Name(), data); err != nil {
			return nil, err
		}
	}
	return dir, nil
}

// Status is where a database stands: the versions applied and those pending.
type Status struct {
	Applied, Pending []string
	Baseline         bool // an earlier release's database: its first version is taken as applied
}

func executor(ctx context.Context, db *sql.DB, dialectName string) (*migrate.Executor, *revisions, bool, error) {
	var (
		drv migrate.Driver
		err error
	)
	if dialectName == dialect.MySQL {
		drv, err = atlasmysql.Open(db)
	} else {
		drv, err = atlassqlite.Open(db)
	}
	if err != nil {
		return nil, nil, false, fmt.Errorf("open the migration driver: %w", err)
	}
	rev := &revisions{db: db, mysql: dialectName == dialect.MySQL}
	if err := rev.init(ctx); err != nil {
		return nil, nil, false, err
	}
	dir, err := Dir(dialectName)
	if err != nil {
		return nil, nil, false, err
	}
	opts := []migrate.ExecutorOption{migrate.WithOperatorVersion("vinhdanh")}
	applied, err := rev.ReadRevisions(ctx)
	if err != nil {
		return nil, nil, false, err
	}
	baseline := false
	if len(applied) == 0 {
		// No revisions but our tables: an earlier release made them by auto-migration.
		var n int
		if err := db.QueryRowContext(ctx, tablesQuery(dialectName)).Scan(&n); err != nil {
			return nil, nil, false, fmt.Errorf("look for an earlier schema: %w", err)
		}
		if n > 0 {
			files, err := dir.Files()
			if err != nil || len(files) == 0 {
				return nil, nil, false, fmt.Errorf("the migration directory is empty: %v", err)
			}
			opts = append(opts, migrate.WithBaselineVersion(files[0].Version()))
			baseline = true
		}
	}
	ex, err := migrate.NewExecutor(drv, dir, rev, opts...)
	if err != nil {
		return nil, nil, false, fmt.Errorf("migrations: %w", err)
	}
	return ex, rev, baseline, nil
}

func tablesQuery(dialectName string) string {
	if dialectName == dialect.MySQL {
		return `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'awards'`
	}
	return `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'awards'`
}

// Pending returns where the database stands.
func Pending(ctx context.Context, db *sql.DB, dialectName string) (Status, error) {
	ex, rev, baseline, err := executor(ctx, db, dialectName)
	if err != nil {
		return Status{}, err
	}
	var st Status
	st.Baseline = baseline
	applied, err := rev.ReadRevisions(ctx)
	if err != nil {
		return st, err
	}
	for _, r := range applied {
		st.Applied = append(st.Applied, r.Version)
	}
	pending, err := ex.Pending(ctx)
	if err != nil && !errors.Is(err, migrate.ErrNoPendingFiles) {
		return st, fmt.Errorf("pending migrations: %w", err)
	}
	for _, f := range pending {
		st.Pending = append(st.Pending, f.Version())
	}
	return st, nil
}

// Up applies the pending migrations and returns the versions it applied.
func Up(ctx context.Context, db *sql.DB, dialectName string) ([]string, error) {
	st, err := Pending(ctx, db, dialectName)
	if err != nil || len(st.Pending) == 0 {
		return nil, err
	}
	ex, _, _, err := executor(ctx, db, dialectName)
	if err != nil {
		return nil, err
	}
	if err := ex.ExecuteN(ctx, 0); err != nil && !errors.Is(err, migrate.ErrNoPendingFiles) {
		return nil, fmt.Errorf("apply migrations: %w", err)
	}
	return st.Pending, nil
}

// revisions keeps Atlas's record of applied migrations in schema_revisions, one JSON row per
// version (the table is not part of the ent schema, and the executor leaves it alone).
type revisions struct {
	db    *sql.DB
	mysql bool
}

const revisionsTable = "schema_revisions"

func (r *revisions) init(ctx context.Context) error {
	ddl := `CREATE TABLE IF NOT EXISTS ` + revisionsTable + ` (version VARCHAR(64) NOT NULL PRIMARY KEY, data TEXT NOT NULL, hash VARCHAR(128) NOT NULL, partial_hashes TEXT NOT NULL)`
	if r.mysql {
		ddl += ` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin` // exact comparisons, as every table
	}
	_, err := r.db.ExecContext(ctx, ddl)
	if err != nil {
		return fmt.Errorf("create %s: %w", revisionsTable, err)
	}
	return nil
}

// Ident implements migrate.RevisionReadWriter.
func (r *revisions) Ident() *migrate.TableIdent { return &migrate.TableIdent{Name: revisionsTable} }

// ReadRevisions implements migrate.RevisionReadWriter.
func (r *revisions) ReadRevisions(ctx context.Context) ([]*migrate.Revision, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT data, hash, partial_hashes FROM `+revisionsTable+` ORDER BY version`)
	if err != nil {
		return nil, fmt.Errorf("read revisions: %w", err)
	}
	defer rows.Close()
	var out []*migrate.Revision
	for rows.Next() {
		rev, err := scanRevision(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, rev)
	}
	return out, rows.Err()
}

// ReadRevision implements migrate.RevisionReadWriter.
func (r *revisions) ReadRevision(ctx context.Context, version string) (*migrate.Revision, error) {
	rev, err := scanRevision(r.db.QueryRowContext(ctx, `SELECT data, hash, partial_hashes FROM `+revisionsTable+` WHERE version = ?`, version).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, migrate.ErrRevisionNotExist
	}
	return rev, err
}

func scanRevision(scan func(...any) error) (*migrate.Revision, error) {
	var data, hash, partial string
	if err := scan(&data, &hash, &partial); err != nil {
		return nil, err
	}
	var stored storedRevision
	if err := json.Unmarshal([]byte(data), &stored); err != nil {
		return nil, fmt.Errorf("read revision: %w", err)
	}
	rev := migrate.Revision{Version: stored.Version, Description: stored.Description, Type: migrate.RevisionType(stored.Type),
		Applied: stored.Applied, Total: stored.Total, ExecutedAt: stored.ExecutedAt, ExecutionTime: stored.ExecutionTime,
		Error: stored.Error, ErrorStmt: stored.ErrorStmt, OperatorVersion: stored.OperatorVersion}
	rev.Hash = hash
	_ = json.Unmarshal([]byte(partial), &rev.PartialHashes)
	return &rev, nil
}

// storedRevision is a Revision as stored: its type as a number (Atlas writes it as text and
// does not read it back).
type storedRevision struct {
	Version         string
	Description     string
	Type            uint
	Applied         int
	Total           int
	ExecutedAt      time.Time
	ExecutionTime   time.Duration
	Error           string
	ErrorStmt       string
	OperatorVersion string
}

// WriteRevision implements migrate.RevisionReadWriter.
func (r *revisions) WriteRevision(ctx context.Context, rev *migrate.Revision) error {
	if rev.ExecutedAt.IsZero() {
		rev.ExecutedAt = time.Now().UTC()
	}
	data, err := json.Marshal(storedRevision{Version: rev.Version, Description: rev.Description, Type: uint(rev.Type),
		Applied: rev.Applied, Total: rev.Total, ExecutedAt: rev.ExecutedAt, ExecutionTime: rev.ExecutionTime,
		Error: rev.Error, ErrorStmt: rev.ErrorStmt, OperatorVersion: rev.OperatorVersion})
	if err != nil {
		return err
	}
	partial, _ := json.Marshal(rev.PartialHashes)
	if _, err := r.db.ExecContext(ctx, `DELETE FROM `+revisionsTable+` WHERE version = ?`, rev.Version); err != nil {
		return fmt.Errorf("write revision %s: %w", rev.Version, err)
	}
	if _, err := r.db.ExecContext(ctx, `INSERT INTO `+revisionsTable+` (version, data, hash, partial_hashes) VALUES (?, ?, ?, ?)`,
		rev.Version, string(data), rev.Hash, string(partial)); err != nil {
		return fmt.Errorf("write revision %s: %w", rev.Version, err)
	}
	return nil
}

// DeleteRevision implements migrate.RevisionReadWriter.
func (r *revisions) DeleteRevision(ctx context.Context, version string) error {
	_, err := r.db.ExecContext(ctx, `DELETE FROM `+revisionsTable+` WHERE version = ?`, version)
	return err
}
