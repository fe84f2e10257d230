package dbtest

import (
	"context"
	"testing"

	"vinhdanh/internal/app"
	"vinhdanh/internal/seed"
	"vinhdanh/internal/store"
)

// Seeded opens target as the server does (app.Prepare: the schema and the start-up backfills)
// and loads the records of the seed articles into it. It is closed when the test ends.
func Seeded(t testing.TB, target store.Target) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := app.Prepare(ctx, target)
	if err != nil {
		t.Fatalf("prepare: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := seed.Load(ctx, db.Client); err != nil {
		t.Fatalf("seed: %v", err)
	}
	return db
}
