package app_test

import (
	"context"
	"io"
	"log/slog"
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
