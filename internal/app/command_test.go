package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"vinhdanh/ent/user"
	"vinhdanh/internal/app"
	"vinhdanh/internal/config"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/store"
)

// TestUserCreateCommand makes the first administrator from the command line, with the
// password read from stdin, and signs in with it.
func TestUserCreateCommand(t *testing.T) {
	ctx := context.Background()
	target := dbtest.SQLite(t)
	cfg := config.Config{DatabaseURL: target.String()}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	args := []string{"user", "create", "--email", "Chu.Tich@LDLD.vn", "--name", "Quản trị viên", "--role", "ADMIN"}
	if err := app.Command(ctx, cfg, log, args, strings.NewReader("mat-khau-rat-dai\n")); err != nil {
		t.Fatal(err)
	}
	if err := app.Command(ctx, cfg, log, []string{"user", "create", "--email", "b@x.vn", "--name", "B", "--role", "KING"}, strings.NewReader("mat-khau-rat-dai\n")); err == nil {
		t.Error("an unknown role was accepted")
	}
	if err := app.Command(ctx, cfg, log, []string{"user", "create", "--email", "c@x.vn", "--name", "C"}, strings.NewReader("")); err == nil {
		t.Error("an account without a password was created")
	}
	db, err := store.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, err := db.Client.User.Query().Where(user.Email("chu.tich@ldld.vn")).Only(rule.SystemContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != user.RoleADMIN || u.PasswordHash == "" || strings.Contains(u.PasswordHash, "mat-khau") {
		t.Errorf("created %+v", u)
	}
}

// TestImportCommand imports the decision list in testdata from the command line, acting as a
// district's staff account: a dry run prints the per-row report as JSON and writes nothing, the
// import commits, and the same file again fails (a non-zero exit) naming each duplicate row.
func TestImportCommand(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		ctx := context.Background()
		cfg := config.Config{DatabaseURL: target.String(), DemoPassword: "vinhdanh-demo"}
		if err := app.Seed(ctx, cfg, true); err != nil {
			t.Fatal(err)
		}
		file := "../importer/testdata/decision-list.csv"
		base := []string{"--as", "staff.thanhtri@demo.vinhdanh.vn", "--period", "2023-2024"}
		var out, progress bytes.Buffer
		if err := app.Import(ctx, cfg, append(base, "--dry-run", "--json", file), &out, &progress); err != nil {
			t.Fatalf("dry run: %v\n%s", err, out.String())
		}
		var rep struct {
			Valid, Committed bool
			Awards           int
			Rows             []struct{ Row int }
		}
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil || !rep.Valid || rep.Committed || rep.Awards != 4 || len(rep.Rows) != 4 {
			t.Fatalf("dry run report %+v (%v):\n%s", rep, err, out.String())
		}
		out.Reset()
		if err := app.Import(ctx, cfg, append(base, file), &out, &progress); err != nil {
			t.Fatalf("import: %v\n%s", err, out.String())
		}
		if !strings.Contains(out.String(), "committed") || !strings.Contains(progress.String(), "written 4 of 4 rows") {
			t.Errorf("output %q, progress %q", out.String(), progress.String())
		}
		out.Reset()
		err := app.Import(ctx, cfg, append(base, file), &out, &progress)
		if !errors.Is(err, app.ErrImportInvalid) || strings.Count(out.String(), "already has this award") != 4 {
			t.Errorf("the same file again: %v\n%s", err, out.String())
		}
		if err := app.Import(ctx, cfg, []string{"--as", "nobody@x.vn", file}, &out, &progress); err == nil {
			t.Error("an unknown account imported")
		}
	})
}

// TestHealthcheckCommand is the container's healthcheck: ready when /readyz says so.
func TestHealthcheckCommand(t *testing.T) {
	s := newServer(t, dbtest.SQLite(t))
	u, _ := url.Parse(s.url)
	port, _ := strconv.Atoi(u.Port())
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := app.Command(context.Background(), config.Config{Port: port}, log, []string{"healthcheck"}, nil); err != nil {
		t.Errorf("healthcheck of a ready server: %v", err)
	}
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	free := l.Addr().(*net.TCPAddr).Port
	l.Close()
	if err := app.Command(context.Background(), config.Config{Port: free}, log, []string{"healthcheck"}, nil); err == nil {
		t.Error("healthcheck of no server passed")
	}
}
