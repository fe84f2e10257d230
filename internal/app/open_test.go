package app_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	"vinhdanh/internal/app"
	"vinhdanh/internal/config"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/seed"
	"vinhdanh/internal/store"
)

// TestOpenSeedsOnlyTheEmbeddedDatabase: the first start on an empty embedded database loads
// the demo records, a restart does not load them twice, and MySQL is never seeded silently.
func TestOpenSeedsOnlyTheEmbeddedDatabase(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		ctx := context.Background()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		cfg := config.Config{DatabaseURL: target.String(), DemoPassword: demoPassword}
		if !target.Embedded() {
			cfg.DatabaseURL = dbtest.URL()
		}
		for range 2 {
			a, err := app.Open(ctx, cfg, log)
			if err != nil {
				t.Fatal(err)
			}
			n := a.DB.Client.Award.Query().CountX(ctx)
			a.DB.Close()
			want := 40
			if !target.Embedded() {
				want = 0
			}
			if n != want {
				t.Errorf("%s: %d awards after start-up, want %d", target, n, want)
			}
		}
		if target.Embedded() {
			return
		}
		// The explicit seed command loads MySQL, once.
		if err := app.Seed(ctx, cfg, false); err != nil {
			t.Fatal(err)
		}
		if err := app.Seed(ctx, cfg, false); !errors.Is(err, seed.ErrAlreadySeeded) {
			t.Errorf("second seed: %v, want ErrAlreadySeeded", err)
		}
	})
}

// TestProductionNeedsAStrongSecret: production refuses to start without JWT_SECRET or with a
// short one; elsewhere a missing secret is generated.
func TestProductionNeedsAStrongSecret(t *testing.T) {
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, tt := range []struct {
		name       string
		production bool
		secret     string
		wantErr    bool
	}{
		{"production without a secret", true, "", true},
		{"production with a short secret", true, "short-secret", true},
		{"production with a strong secret", true, "a-strong-secret-of-more-than-32-bytes", false},
		{"demo without a secret", false, "", false},
	} {
		cfg := config.Config{DatabaseURL: dbtest.SQLite(t).String(), DemoPassword: demoPassword,
			Production: tt.production, JWTSecret: []byte(tt.secret)}
		a, err := app.Open(ctx, cfg, log)
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: err = %v, want error %v", tt.name, err, tt.wantErr)
		}
		if a == nil {
			continue
		}
		// Production never gets the demo accounts, whose password is public.
		users := a.DB.Client.User.Query().CountX(rule.SystemContext(ctx))
		if (users > 0) == tt.production {
			t.Errorf("%s: %d accounts after start-up", tt.name, users)
		}
		a.DB.Close()
	}
}
