package sortkeys_test

import (
	"context"
	"testing"

	"vinhdanh/ent/schema"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/sortkeys"
	"vinhdanh/internal/store"
	"vinhdanh/internal/textfold"
)

// TestRefresh rewrites keys written under an older definition (here: made stale by hand, as
// an upgrade finds them), leaves current ones alone, and afterwards every stored key is what
// the product computes.
func TestRefresh(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		ctx := context.Background()
		db := dbtest.Seeded(t, target)
		if n, err := sortkeys.Refresh(ctx, db.SQL); err != nil || n != 0 {
			t.Fatalf("fresh keys: %d rewritten, %v", n, err)
		}
		for _, stmt := range []string{
			`UPDATE collectives SET name_key = 'old'`,
			`UPDATE individuals SET name_key = NULL`,
			`UPDATE awards SET roll_key = 'old'`,
			`UPDATE posted_awards SET roll_key = 'old'`,
		} {
			if _, err := db.SQL.ExecContext(ctx, stmt); err != nil {
				t.Fatal(err)
			}
		}
		n, err := sortkeys.Refresh(ctx, db.SQL)
		if err != nil || n == 0 {
			t.Fatalf("stale keys: %d rewritten, %v", n, err)
		}
		check := func(query string, want func(name, kind string, rank int) string) {
			rows, err := db.SQL.QueryContext(ctx, query)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			count := 0
			for rows.Next() {
				var (
					key, name, kind string
					rank            int
				)
				if err := rows.Scan(&key, &name, &kind, &rank); err != nil {
					t.Fatal(err)
				}
				if w := want(name, kind, rank); key != w {
					t.Errorf("%s: key %q, want %q", name, key, w)
				}
				count++
			}
			if count == 0 {
				t.Errorf("no rows: %s", query)
			}
		}
		check(`SELECT name_key, name, kind, 0 FROM collectives`, func(name, _ string, _ int) string { return textfold.SortKey(name, false) })
		check(`SELECT name_key, full_name, '', 0 FROM individuals`, func(name, _ string, _ int) string { return textfold.SortKey(name, true) })
		check(`SELECT a.roll_key, a.recipient_name, a.recipient_kind, l.rank FROM awards a JOIN award_levels l ON l.id = a.level_id`,
			func(name, kind string, rank int) string { return schema.RollKey(rank, name, enum.RecipientKind(kind)) })
		check(`SELECT p.roll_key, a.recipient_name, a.recipient_kind, l.rank FROM posted_awards p JOIN awards a ON a.id = p.award_id JOIN award_levels l ON l.id = a.level_id`,
			func(name, kind string, rank int) string { return schema.RollKey(rank, name, enum.RecipientKind(kind)) })
		if n, err := sortkeys.Refresh(ctx, db.SQL); err != nil || n != 0 {
			t.Errorf("after the rewrite: %d rewritten, %v", n, err)
		}
	})
}
