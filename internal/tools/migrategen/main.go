// Command migrategen writes the versioned migrations of ent/migrate/migrations from the ent
// schema, one directory per dialect, in Atlas's format:
//
//	go run ./internal/tools/migrategen diff NAME   a migration from the last one to the schema
//	go run ./internal/tools/migrategen check       fail when the schema has changes no migration holds
//	go run ./internal/tools/migrategen baseline DIALECT DSN
//	                                               the first migration: the schema of a database an
//	                                               earlier release created (done once)
//
// The MySQL side replays the directory into a scratch database on MIGRATE_DEV_MYSQL (default
// root@127.0.0.1:3306, a MariaDB or MySQL server); SQLite uses one in memory.
package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"ariga.io/atlas/sql/migrate"
	atlasmysql "ariga.io/atlas/sql/mysql"
	"ariga.io/atlas/sql/schema"
	atlassqlite "ariga.io/atlas/sql/sqlite"
	"entgo.io/ent/dialect"
	entschema "entgo.io/ent/dialect/sql/schema"
	_ "github.com/go-sql-driver/mysql"
	"modernc.org/sqlite"

	entmigrate "vinhdanh/ent/migrate"
)

func init() {
	// Atlas opens sqlite:// URLs with the driver named sqlite3: the embedded driver under that name too.
	sql.Register("sqlite3", &sqlite.Driver{})
}

const root = "ent/migrate/migrations"

var autoIncrement = regexp.MustCompile(`AUTO_INCREMENT (\d+)`)

func main() {
	if err := run(context.Background(), os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "migrategen:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	switch {
	case len(args) == 2 && args[0] == "diff":
		for _, d := range []string{dialect.SQLite, dialect.MySQL} {
			if err := diff(ctx, d, filepath.Join(root, sub(d)), args[1]); err != nil {
				return err
			}
		}
		return nil
	case len(args) == 1 && args[0] == "check":
		for _, d := range []string{dialect.SQLite, dialect.MySQL} {
			tmp, err := os.MkdirTemp("", "migrations-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(tmp)
			if err := os.CopyFS(tmp, os.DirFS(filepath.Join(root, sub(d)))); err != nil {
				return err
			}
			before, _ := os.ReadDir(tmp)
			if err := diff(ctx, d, tmp, "drift"); err != nil {
				return err
			}
			after, _ := os.ReadDir(tmp)
			if len(after) != len(before) {
				return fmt.Errorf("%s: the ent schema has changes no migration holds: go run ./internal/tools/migrategen diff NAME", d)
			}
		}
		fmt.Println("migrations match the schema")
		return nil
	case len(args) == 3 && args[0] == "baseline":
		return baseline(ctx, args[1], args[2])
	}
	return fmt.Errorf("usage: migrategen diff NAME | check | baseline sqlite|mysql DSN")
}

func sub(d string) string {
	if d == dialect.MySQL {
		return "mysql"
	}
	return "sqlite"
}

func diff(ctx context.Context, d, path, name string) error {
	dir, err := migrate.NewLocalDir(path)
	if err != nil {
		return err
	}
	url := "sqlite://dev?mode=memory&_pragma=foreign_keys(1)"
	if d == dialect.MySQL {
		host := os.Getenv("MIGRATE_DEV_MYSQL") // user[:password]@host:port
		if host == "" {
			host = "root@127.0.0.1:3306"
		}
		at := strings.LastIndex(host, "@")
		admin, err := sql.Open("mysql", host[:at]+"@tcp("+host[at+1:]+")/")
		if err != nil {
			return err
		}
		defer admin.Close()
		for _, stmt := range []string{"DROP DATABASE IF EXISTS vd_migrate_dev",
			"CREATE DATABASE vd_migrate_dev CHARACTER SET utf8mb4 COLLATE utf8mb4_vietnamese_ci"} {
			if _, err := admin.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("dev database: %w", err)
			}
		}
		defer admin.ExecContext(ctx, "DROP DATABASE IF EXISTS vd_migrate_dev")
		url = "mysql://" + host + "/vd_migrate_dev"
	}
	return entmigrate.NamedDiff(ctx, url, name,
		entschema.WithDir(dir),
		entschema.WithMigrationMode(entschema.ModeReplay),
		entschema.WithDialect(d),
		entschema.WithFormatter(migrate.DefaultFormatter),
		entschema.WithDropColumn(true),
		entschema.WithDropIndex(true),
	)
}

// baseline writes the first migration: the schema of an earlier release's database, read from it.
func baseline(ctx context.Context, d, dsn string) error {
	var (
		db  *sql.DB
		drv migrate.Driver
		err error
		s   *schema.Schema
	)
	if d == "mysql" {
		if db, err = sql.Open("mysql", dsn); err != nil {
			return err
		}
		if drv, err = atlasmysql.Open(db); err != nil {
			return err
		}
		var name string
		if err := db.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&name); err != nil {
			return err
		}
		s, err = drv.InspectSchema(ctx, name, nil)
	} else {
		if db, err = sql.Open("sqlite", "file:"+dsn+"?mode=ro"); err != nil {
			return err
		}
		if drv, err = atlassqlite.Open(db); err != nil {
			return err
		}
		s, err = drv.InspectSchema(ctx, "", nil)
	}
	if err != nil {
		return fmt.Errorf("inspect %s: %w", dsn, err)
	}
	defer db.Close()
	empty := schema.New(s.Name)
	all, err := drv.SchemaDiff(empty, s)
	if err != nil {
		return err
	}
	var changes []schema.Change
	for _, c := range all {
		if _, ok := c.(*schema.ModifySchema); !ok { // the database's own charset: not the migration's to set
			changes = append(changes, c)
		}
	}
	plan, err := drv.PlanChanges(ctx, "baseline", changes, func(o *migrate.PlanOptions) { q := ""; o.SchemaQualifier = &q })
	if err != nil {
		return err
	}
	// Global ids: each table's ids start at its range (the type's index << 32), as ent's
	// auto-migration set them; the counters read from a database with rows are set back there.
	if d == "mysql" {
		for _, c := range plan.Changes {
			c.Cmd = autoIncrement.ReplaceAllStringFunc(c.Cmd, func(m string) string {
				n, _ := strconv.ParseInt(autoIncrement.FindStringSubmatch(m)[1], 10, 64)
				if start := n >> 32 << 32; start > 0 {
					return fmt.Sprintf("AUTO_INCREMENT %d", start)
				}
				return ""
			})
		}
	} else {
		rows, err := db.QueryContext(ctx, "SELECT name, seq FROM sqlite_sequence ORDER BY seq")
		if err != nil {
			return err
		}
		var values []string
		for rows.Next() {
			var (
				name string
				seq  int64
			)
			if err := rows.Scan(&name, &seq); err != nil {
				return err
			}
			values = append(values, fmt.Sprintf("('%s', %d)", name, seq>>32<<32))
		}
		rows.Close()
		plan.Changes = append(plan.Changes, &migrate.Change{Comment: "The global id ranges of the tables",
			Cmd: "INSERT INTO `sqlite_sequence` (`name`, `seq`) VALUES " + strings.Join(values, ", ")})
	}
	dir, err := migrate.NewLocalDir(filepath.Join(root, sub(d)))
	if err != nil {
		return err
	}
	plan.Version = "20261126000000"
	if err := migrate.NewPlanner(nil, dir, migrate.PlanFormat(migrate.DefaultFormatter)).WritePlan(plan); err != nil {
		return err
	}
	sum, err := dir.Checksum()
	if err != nil {
		return err
	}
	return migrate.WriteSumFile(dir, sum)
}
