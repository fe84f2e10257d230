package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"entgo.io/ent/dialect"
)

// Backups of the embedded database. A consistent copy is taken while the server serves
// (VACUUM INTO reads one snapshot, writers carry on); a restore checks the copy and puts it in
// place of the database only when nothing has the database open. Every process that opens the
// embedded database holds a shared lock on <file>.lock (Open); a restore needs it exclusive.

// ErrInUse means a restore found the database open, by the server or another command.
var ErrInUse = errors.New("the database is in use: stop the server (and any other vinhdanh command on it) first")

// ErrNotEmbedded means a backup or restore was asked of a MySQL database, which has its own tools.
var ErrNotEmbedded = errors.New("backup and restore are for the embedded SQLite database; for MySQL use mysqldump --single-transaction (or mariadb-backup) and mysql to restore")

func holdShared(path string) (*os.File, error) {
	f, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open the lock of %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s is being restored: %w", path, err)
	}
	return f, nil
}

// Backup writes a consistent copy of the open embedded database to dest, which must not exist.
func Backup(ctx context.Context, db *DB, dest string) error {
	if db.Target.Dialect != dialect.SQLite {
		return ErrNotEmbedded
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("%s exists: a backup never overwrites a file", dest)
	}
	abs, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	if _, err := db.SQL.ExecContext(ctx, "VACUUM INTO ?", abs); err != nil {
		return fmt.Errorf("back up %s to %s: %w", db.Target, dest, err)
	}
	return Check(ctx, dest)
}

// Check opens a backup read-only and makes sure it is an intact Vinh Danh database.
func Check(ctx context.Context, file string) error {
	db, err := sql.Open("sqlite", "file:"+file+"?mode=ro")
	if err != nil {
		return fmt.Errorf("open %s: %w", file, err)
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&result); err != nil {
		return fmt.Errorf("%s is not an SQLite database: %w", file, err)
	}
	if result != "ok" {
		return fmt.Errorf("%s is damaged: %s", file, result)
	}
	var tables int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('awards', 'collectives', 'decisions')`).Scan(&tables); err != nil || tables != 3 {
		return fmt.Errorf("%s is not a Vinh Danh database", file)
	}
	return nil
}

// Restore checks the backup in file and puts a copy of it in place of the target's database,
// which nothing may have open; the database it replaces is kept beside it
// (<file>.before-restore-<time>). It returns that name.
func Restore(ctx context.Context, t Target, file string) (string, error) {
	if t.Dialect != dialect.SQLite {
		return "", ErrNotEmbedded
	}
	if err := Check(ctx, file); err != nil {
		return "", err
	}
	lock, err := os.OpenFile(t.path+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return "", fmt.Errorf("open the lock of %s: %w", t.path, err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return "", ErrInUse
	}
	// The copy is written beside the database and renamed over it: a crash leaves either.
	tmp := t.path + ".restoring"
	if err := copyFile(file, tmp); err != nil {
		return "", err
	}
	kept := ""
	if _, err := os.Stat(t.path); err == nil {
		kept = fmt.Sprintf("%s.before-restore-%s", t.path, time.Now().UTC().Format("20060102T150405Z"))
		if err := os.Rename(t.path, kept); err != nil {
			return "", fmt.Errorf("keep the current database: %w", err)
		}
	}
	// The old database's write-ahead log would be replayed into the restored one.
	for _, side := range []string{"-wal", "-shm"} {
		if err := os.Remove(t.path + side); err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("remove %s%s: %w", t.path, side, err)
		}
	}
	if err := os.Rename(tmp, t.path); err != nil {
		return "", fmt.Errorf("put the backup in place: %w", err)
	}
	return kept, nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", from, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
