package migration_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"vinhdanh/internal/app"
	"vinhdanh/internal/config"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/migration"
	"vinhdanh/internal/store"
)

// The previous release's databases (commit eaaeaad: its schema, made by auto-migration, and its
// demo records, seeded by it): release-eaaeaad.db for SQLite, release-eaaeaad-mysql.sql a dump
// of the same on MariaDB.
func previousRelease(t *testing.T, target store.Target) store.Target {
	t.Helper()
	ctx := context.Background()
	if target.Dialect == dialect.SQLite {
		data, err := os.ReadFile("testdata/release-eaaeaad.db")
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "release.db")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := store.Parse("sqlite:" + path)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	dump, err := os.ReadFile("testdata/release-eaaeaad-mysql.sql")
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.SQL.Conn(ctx) // one session: the dump's tables refer to each other
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, stmt := range append([]string{"SET FOREIGN_KEY_CHECKS = 0"}, strings.Split(string(dump), ";\n")...) {
		if stmt = strings.TrimSpace(stmt); stmt != "" {
			if _, err := conn.ExecContext(ctx, stmt); err != nil {
				t.Fatalf("load the dump: %v\n%.200s", err, stmt)
			}
		}
	}
	return target
}

// counts is how many rows every table has, and how many awards still name their recipient.
func counts(t *testing.T, db *sql.DB, d string) map[string]int {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_revisions'`
	if d == dialect.MySQL {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name != 'schema_revisions'`
	}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		_ = rows.Scan(&name)
		tables = append(tables, name)
	}
	rows.Close()
	out := map[string]int{}
	for _, table := range tables {
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM `" + table + "`").Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	for _, c := range []string{"collective_id", "individual_id", "decision_id", "ceremony_id"} {
		var n int
		_ = db.QueryRow("SELECT COUNT(*) FROM awards WHERE " + c + " IS NOT NULL").Scan(&n)
		out["awards."+c] = n
	}
	return out
}

// TestUpgradeFromPreviousRelease upgrades the previous release's database, full of its demo
// records, on SQLite and MariaDB: the first migration is taken as applied (its schema is that
// release's), the rest run, no row is lost or loses its links, and the record reads through the
// API as before.
func TestUpgradeFromPreviousRelease(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, fresh store.Target) {
		ctx := context.Background()
		target := previousRelease(t, fresh)
		old, err := store.Open(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		before := counts(t, old.SQL, target.Dialect)
		st, err := migration.Pending(ctx, old.SQL, target.Dialect)
		if err != nil {
			t.Fatal(err)
		}
		old.Close()
		if !st.Baseline || len(st.Applied) != 0 || len(st.Pending) == 0 {
			t.Fatalf("status before the upgrade: %+v", st)
		}

		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		cfg := config.Config{DatabaseURL: target.String(), DemoPassword: "vinhdanh-demo", AnonRate: 1000, AnonBurst: 1000,
			RequestTimeout: 15e9, AccessTokenTTL: 15 * 60e9, Migrate: "check"}
		// As production starts: refused while migrations are pending, until an operator applies them.
		if _, err := app.Open(ctx, cfg, log); err == nil || !strings.Contains(err.Error(), "pending schema migrations") {
			t.Fatalf("start with pending migrations: %v", err)
		}
		if err := app.Command(ctx, cfg, log, []string{"migrate", "up"}, nil); err != nil {
			t.Fatalf("migrate up: %v", err)
		}
		a, err := app.Open(ctx, cfg, log)
		if err != nil {
			t.Fatalf("open the previous release's database: %v", err)
		}
		defer a.DB.Close()
		after := counts(t, a.DB.SQL, target.Dialect)
		for table, n := range before {
			switch {
			case table == "award_levels" && after[table] < n,
				table != "award_levels" && after[table] != n:
				t.Errorf("%s: %d rows before the upgrade, %d after", table, n, after[table])
			}
		}
		st, err = migration.Pending(ctx, a.DB.SQL, target.Dialect)
		if err != nil || len(st.Pending) != 0 || len(st.Applied) < 2 {
			t.Errorf("status after the upgrade: %+v %v", st, err)
		}

		ts := httptest.NewServer(a.Handler)
		defer ts.Close()
		var hbt int
		if err := a.DB.SQL.QueryRow("SELECT id FROM collectives WHERE name = 'Liên đoàn Lao động quận Hai Bà Trưng'").Scan(&hbt); err != nil {
			t.Fatal(err)
		}
		roll := func(fields string) string {
			res, err := ts.Client().Get(ts.URL + "/query?query=" + strings.ReplaceAll(fmt.Sprintf(
				`{honorRoll(collectiveID:"%d",period:"2022-2023",levels:["CITY_BANG_KHEN","NATIONAL_BANG_KHEN"],first:50){%s}}`, hbt, fields), `"`, "%22"))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			return string(body)
		}
		if body := roll("totalCount"); !strings.Contains(body, `"totalCount":12`) {
			t.Errorf("the roll after the upgrade: %s", body)
		}
		// Uncounted, the page is found through posted_awards, which the upgrade filled.
		if body := roll("edges{cursor}"); strings.Count(body, `"cursor"`) != 12 {
			t.Errorf("the roll's page after the upgrade: %s", body)
		}
	})
}
