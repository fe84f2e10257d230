package committed_test

import (
	"context"
	"fmt"
	"testing"

	"vinhdanh/ent"
	"vinhdanh/internal/committed"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/store"
)

func TestHook(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		ctx := rule.SystemContext(context.Background())
		db := dbtest.Open(t, target)
		calls := 0
		db.Client.Collective.Use(committed.Hook(func() { calls++ }))
		create := func(c *ent.Client, name string) error {
			return c.Collective.Create().SetName(name).SetKind("SCHOOL").SetTier("GRASSROOTS").Exec(ctx)
		}
		for _, tc := range []struct {
			name  string
			write func(t *testing.T)
			want  int
		}{
			{"outside a transaction: at once", func(t *testing.T) {
				if err := create(db.Client, "Trường Tiểu học Kim Liên"); err != nil {
					t.Fatal(err)
				}
			}, 1},
			{"in a transaction: at its commit", func(t *testing.T) {
				uncommitted := calls
				tx, err := db.Client.Tx(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if err := create(tx.Client(), "Trường THCS Láng Thượng"); err != nil {
					t.Fatal(err)
				}
				if calls != uncommitted {
					t.Fatal("called before the commit")
				}
				if err := tx.Commit(); err != nil {
					t.Fatal(err)
				}
			}, 1},
			{"many writes in a transaction: once, at its commit", func(t *testing.T) {
				tx, err := db.Client.Tx(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for i := range 50 {
					if err := create(tx.Client(), fmt.Sprintf("Trường Mầm non số %d", i+1)); err != nil {
						t.Fatal(err)
					}
				}
				if err := tx.Commit(); err != nil {
					t.Fatal(err)
				}
			}, 1},
			{"a transaction after a rolled-back one: at its commit", func(t *testing.T) {
				for _, commit := range []bool{false, true} {
					tx, err := db.Client.Tx(ctx)
					if err != nil {
						t.Fatal(err)
					}
					if err := create(tx.Client(), fmt.Sprintf("Trường Tiểu học Trung Tự (%v)", commit)); err != nil {
						t.Fatal(err)
					}
					if commit {
						err = tx.Commit()
					} else {
						err = tx.Rollback()
					}
					if err != nil {
						t.Fatal(err)
					}
				}
			}, 1},
			{"a rolled-back transaction: never", func(t *testing.T) {
				tx, err := db.Client.Tx(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if err := create(tx.Client(), "Trường THPT Đống Đa"); err != nil {
					t.Fatal(err)
				}
				if err := tx.Rollback(); err != nil {
					t.Fatal(err)
				}
			}, 0},
			{"a failed write: never", func(t *testing.T) {
				if err := create(db.Client, ""); err == nil {
					t.Fatal("a collective without a name was written")
				}
			}, 0},
		} {
			t.Run(tc.name, func(t *testing.T) {
				start := calls
				tc.write(t)
				if calls-start != tc.want {
					t.Fatalf("called %d times, want %d", calls-start, tc.want)
				}
			})
		}
	})
}
