// Package app wires the server together: configuration, database, catalogue, demo data and
// the HTTP handler. server.go only calls it, and tests start the same wiring.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"vinhdanh/internal/catalog"
	"vinhdanh/internal/config"
	"vinhdanh/internal/httpserver"
	"vinhdanh/internal/seed"
	"vinhdanh/internal/store"
)

// App is an opened database and the handler that serves it.
type App struct {
	DB      *store.DB
	Handler http.Handler
}

// Open connects to the configured database, applies the schema, makes sure the built-in
// award catalogue exists and, for the embedded database only, loads the demo records when
// the database is empty. A MySQL database is never seeded implicitly.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	target, err := store.Parse(cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	db, err := Prepare(ctx, target)
	if err != nil {
		return nil, err
	}
	if target.Embedded() {
		switch err := seed.Load(ctx, db.Client); {
		case err == nil:
			log.Info("loaded the demo records into the embedded database", "database", target.String())
		case errors.Is(err, seed.ErrAlreadySeeded):
		default:
			db.Close()
			return nil, err
		}
	}
	h := httpserver.New(httpserver.Options{
		Client:        db.Client,
		Ping:          db.Ping,
		Logger:        log,
		CORSOrigins:   cfg.CORSOrigins,
		Playground:    cfg.Playground,
		Introspection: cfg.Introspection,
	})
	return &App{DB: db, Handler: h}, nil
}

// Prepare opens the target, applies the schema and ensures the award catalogue.
func Prepare(ctx context.Context, target store.Target) (*store.DB, error) {
	db, err := store.Open(ctx, target)
	if err != nil {
		return nil, err
	}
	if err := store.Migrate(ctx, db.Client); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", target, err)
	}
	if err := catalog.Ensure(ctx, db.Client); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", target, err)
	}
	return db, nil
}

// Seed loads the demo records into the configured database, whatever its kind: the explicit
// way to put demo data into MySQL.
func Seed(ctx context.Context, cfg config.Config) error {
	target, err := store.Parse(cfg.DatabaseURL)
	if err != nil {
		return err
	}
	db, err := Prepare(ctx, target)
	if err != nil {
		return err
	}
	defer db.Close()
	return seed.Load(ctx, db.Client)
}
