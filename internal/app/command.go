package app

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"vinhdanh/ent"
	"vinhdanh/ent/user"
	"vinhdanh/internal/config"
	"vinhdanh/internal/migration"
	"vinhdanh/internal/store"
)

// Command runs a subcommand of the binary:
//
//	seed [--demo-users]                       load the demo records into DATABASE_URL
//	user create --email E --name N --role R [--scope-id ID]
//	                                          create an account; the password comes from
//	                                          VINHDANH_PASSWORD or the first line of stdin,
//	                                          never from an argument
//	migrate status|up                         the schema's migrations: where the database
//	                                          stands, or apply the pending ones
//	healthcheck                               exit 0 when the server on PORT is ready
//	backup FILE                               a consistent copy of the embedded database,
//	                                          taken while the server serves
//	restore FILE                              check a backup and put it in place of the
//	                                          embedded database (the server stopped); the
//	                                          database it replaces is kept beside it
//	import --as EMAIL [--dry-run] [--json] [--issuer ID] [--proposer ID] [--period P]
//	       [--reference R] [--signer NAME] [--signer-title T] [--private] FILE
//	                                          import an .xlsx or .csv list acting as the
//	                                          account EMAIL (see ImportFile)
func Command(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdin io.Reader) error {
	switch {
	case args[0] == "seed":
		fs := flag.NewFlagSet("seed", flag.ContinueOnError)
		demoUsers := fs.Bool("demo-users", false, "also create the demo accounts (password from DEMO_PASSWORD)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if err := Seed(ctx, cfg, *demoUsers); err != nil {
			return err
		}
		log.Info("demo records loaded", "demo_users", *demoUsers)
		return nil
	case len(args) >= 2 && args[0] == "user" && args[1] == "create":
		fs := flag.NewFlagSet("user create", flag.ContinueOnError)
		email := fs.String("email", "", "sign-in email")
		name := fs.String("name", "", "display name")
		role := fs.String("role", "ADMIN", "ADMIN, FEDERATION_ADMIN, STAFF or VIEWER")
		scope := fs.Int("scope-id", 0, "ID of the user's collective (not needed for ADMIN)")
		if err := fs.Parse(args[2:]); err != nil {
			return err
		}
		if *email == "" || *name == "" {
			return errors.New("user create needs --email and --name")
		}
		if err := user.RoleValidator(user.Role(*role)); err != nil {
			return fmt.Errorf("--role %q: %w", *role, err)
		}
		password, err := readPassword(stdin)
		if err != nil {
			return err
		}
		in := ent.CreateUserInput{Email: *email, DisplayName: *name, Role: user.Role(*role)}
		if *scope != 0 {
			in.ScopeID = scope
		}
		u, err := CreateUser(ctx, cfg, in, password)
		if err != nil {
			return err
		}
		log.Info("user created", "id", u.ID, "email", u.Email, "role", u.Role)
		return nil
	case (args[0] == "backup" || args[0] == "restore") && len(args) == 2:
		target, err := store.Parse(cfg.DatabaseURL)
		if err != nil {
			return err
		}
		if args[0] == "restore" {
			kept, err := store.Restore(ctx, target, args[1])
			if err != nil {
				return err
			}
			log.Info("restored", "from", args[1], "database", target.String(), "previous_kept_as", kept)
			return nil
		}
		db, err := store.Open(ctx, target)
		if err != nil {
			return err
		}
		defer db.Close()
		if err := store.Backup(ctx, db, args[1]); err != nil {
			return err
		}
		log.Info("backed up", "database", target.String(), "to", args[1])
		return nil
	case len(args) == 2 && args[0] == "migrate" && (args[1] == "status" || args[1] == "up"):
		target, err := store.Parse(cfg.DatabaseURL)
		if err != nil {
			return err
		}
		db, err := store.Open(ctx, target)
		if err != nil {
			return err
		}
		defer db.Close()
		if args[1] == "up" {
			applied, err := migration.Up(ctx, db.SQL, target.Dialect)
			if err != nil {
				return err
			}
			log.Info("migrated", "database", target.String(), "applied", strings.Join(applied, ", "))
			return nil
		}
		st, err := migration.Pending(ctx, db.SQL, target.Dialect)
		if err != nil {
			return err
		}
		fmt.Printf("applied: %s\npending: %s\n", strings.Join(st.Applied, ", "), strings.Join(st.Pending, ", "))
		if st.Baseline {
			fmt.Println("(a database an earlier release made: its first migration will be taken as applied)")
		}
		return nil
	case args[0] == "healthcheck":
		// For container healthchecks: the image has no shell and no curl.
		client := &http.Client{Timeout: 3 * time.Second}
		res, err := client.Get(fmt.Sprintf("http://127.0.0.1:%d/readyz", cfg.Port))
		if err != nil {
			return fmt.Errorf("not ready: %w", err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return fmt.Errorf("not ready: %s", res.Status)
		}
		return nil
	case args[0] == "import":
		return Import(ctx, cfg, args[1:], os.Stdout, os.Stderr)
	default:
		return fmt.Errorf("unknown command %q (commands: seed, user create, import, backup FILE, restore FILE, migrate status|up, healthcheck)", strings.Join(args, " "))
	}
}

func readPassword(stdin io.Reader) (string, error) {
	if p := os.Getenv("VINHDANH_PASSWORD"); p != "" {
		return p, nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from stdin: %w", err)
	}
	if p := strings.TrimRight(line, "\r\n"); p != "" {
		return p, nil
	}
	return "", errors.New("give the password in VINHDANH_PASSWORD or on stdin")
}
