// Package sortkeys keeps the stored sort keys — units' and people's name_key, awards'
// roll_key and its copies in posted_awards and listed_awards — equal to what the product computes today (textfold.SortKey, schema.RollKey). The
// keys are written by model hooks; when the key's definition changes (it follows CLDR's
// Vietnamese collation), the rows written before are rewritten once, at start-up, in batches,
// without going through the hooks (a new key is not a change anyone made: no audit entry).
package sortkeys

import (
	"context"
	"database/sql"
	"fmt"

	"vinhdanh/ent/schema"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/textfold"
)

// table is one kind of stored key: how to read each row's inputs and its key, and compute it.
type table struct {
	name   string
	rows   string // SELECT id, key, then the inputs
	id     string // the id column in rows
	update string
	also   []string // statements run with the same arguments: copies of the key elsewhere
	key    func(scan func(...any) error) (id int, stored, want string, err error)
}

var tables = []table{
	{"collectives", `SELECT id, COALESCE(name_key, ''), name FROM collectives`, "id", `UPDATE collectives SET name_key = ? WHERE id = ?`, nil,
		func(scan func(...any) error) (int, string, string, error) {
			var (
				id           int
				stored, name string
			)
			err := scan(&id, &stored, &name)
			return id, stored, textfold.SortKey(name, false), err
		}},
	{"individuals", `SELECT id, COALESCE(name_key, ''), full_name FROM individuals`, "id", `UPDATE individuals SET name_key = ? WHERE id = ?`, nil,
		func(scan func(...any) error) (int, string, string, error) {
			var (
				id           int
				stored, name string
			)
			err := scan(&id, &stored, &name)
			return id, stored, textfold.SortKey(name, true), err
		}},
	{"awards", `SELECT a.id, COALESCE(a.roll_key, ''), a.recipient_name, a.recipient_kind, l.rank FROM awards a JOIN award_levels l ON l.id = a.level_id`,
		"a.id", `UPDATE awards SET roll_key = ? WHERE id = ?`,
		[]string{`UPDATE posted_awards SET roll_key = ? WHERE award_id = ?`, `UPDATE listed_awards SET roll_key = ? WHERE award_id = ?`},
		func(scan func(...any) error) (int, string, string, error) {
			var (
				id, rank           int
				stored, name, kind string
			)
			err := scan(&id, &stored, &name, &kind, &rank)
			return id, stored, schema.RollKey(rank, name, enum.RecipientKind(kind)), err
		}},
}

// sample is how many rows at each end of a table are compared before deciding it is current:
// rows are rewritten in id order, so an interrupted rewrite leaves the last ones stale.
const sample = 20

// Refresh rewrites the stale keys and returns how many rows it changed.
func Refresh(ctx context.Context, db *sql.DB) (int, error) {
	changed := 0
	for _, t := range tables {
		stale, err := t.stale(ctx, db)
		if err != nil || !stale {
			if err != nil {
				return changed, err
			}
			continue
		}
		n, err := t.rewrite(ctx, db)
		changed += n
		if err != nil {
			return changed, err
		}
	}
	return changed, nil
}

func (t table) stale(ctx context.Context, db *sql.DB) (bool, error) {
	for _, order := range []string{"ASC", "DESC"} {
		rows, err := db.QueryContext(ctx, fmt.Sprintf("%s ORDER BY 1 %s LIMIT %d", t.rows, order, sample))
		if err != nil {
			return false, fmt.Errorf("read the keys of %s: %w", t.name, err)
		}
		for rows.Next() {
			_, stored, want, err := t.key(rows.Scan)
			if err != nil {
				rows.Close()
				return false, fmt.Errorf("read the keys of %s: %w", t.name, err)
			}
			if stored != want {
				rows.Close()
				return true, nil
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return false, fmt.Errorf("read the keys of %s: %w", t.name, err)
		}
	}
	return false, nil
}

// rewrite walks the table in id order, a batch at a time, and updates the rows whose key
// differs, each batch in a transaction.
func (t table) rewrite(ctx context.Context, db *sql.DB) (int, error) {
	const batch = 2000
	changed, after := 0, -1
	for {
		var fixes []fix
		rows, err := db.QueryContext(ctx, fmt.Sprintf("%s WHERE %s > ? ORDER BY %[2]s LIMIT %d", t.rows, t.id, batch), after)
		if err != nil {
			return changed, fmt.Errorf("read the keys of %s: %w", t.name, err)
		}
		seen := 0
		for rows.Next() {
			id, stored, want, err := t.key(rows.Scan)
			if err != nil {
				rows.Close()
				return changed, fmt.Errorf("read the keys of %s: %w", t.name, err)
			}
			seen, after = seen+1, id
			if stored != want {
				fixes = append(fixes, fix{id, want})
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return changed, fmt.Errorf("read the keys of %s: %w", t.name, err)
		}
		if len(fixes) > 0 {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				return changed, fmt.Errorf("rewrite the keys of %s: %w", t.name, err)
			}
			for _, update := range append([]string{t.update}, t.also...) {
				if err := each(ctx, tx, update, fixes); err != nil {
					_ = tx.Rollback()
					return changed, fmt.Errorf("rewrite the keys of %s: %w", t.name, err)
				}
			}
			if err := tx.Commit(); err != nil {
				return changed, fmt.Errorf("rewrite the keys of %s: %w", t.name, err)
			}
			changed += len(fixes)
		}
		if seen < batch {
			return changed, nil
		}
	}
}

type fix struct {
	id  int
	key string
}

// each runs one prepared update for every fix.
func each(ctx context.Context, tx *sql.Tx, update string, fixes []fix) error {
	stmt, err := tx.PrepareContext(ctx, update)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, f := range fixes {
		if _, err := stmt.ExecContext(ctx, f.key, f.id); err != nil {
			return fmt.Errorf("row %d: %w", f.id, err)
		}
	}
	return nil
}
