// Command vinhdanh serves the Vinh Danh GraphQL API.
//
//	vinhdanh                serve (embedded SQLite with demo data unless DATABASE_URL says otherwise)
//	vinhdanh seed           load the demo records into the database DATABASE_URL names
//	vinhdanh user create    create an account (see internal/app/command.go)
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"vinhdanh/internal/app"
	"vinhdanh/internal/config"
	"vinhdanh/internal/requestid"
	"vinhdanh/internal/tracing"
)

func main() {
	// LOG_FORMAT=json for log shippers; every line of a request carries its id, the account
	// and the GraphQL operation (requestid.LogHandler).
	var handler slog.Handler = slog.NewTextHandler(os.Stderr, nil)
	if os.Getenv("LOG_FORMAT") == "json" {
		handler = slog.NewJSONHandler(os.Stderr, nil)
	}
	log := slog.New(requestid.LogHandler(handler))
	if err := run(log, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "vinhdanh:", err)
		os.Exit(1)
	}
}

func run(log *slog.Logger, args []string) error {
	cfg, err := config.FromEnv(os.Getenv)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	flushTraces, err := tracing.Setup(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = flushTraces(context.Background()) }()
	if len(args) > 0 {
		return app.Command(ctx, cfg, log, args, os.Stdin)
	}
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	srv := &http.Server{
		Addr:              net.JoinHostPort("", strconv.Itoa(cfg.Port)),
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	errc := make(chan error, 2)
	go func() { errc <- srv.ListenAndServe() }()
	go a.Webhooks.Run(ctx)
	if cfg.MetricsAddr != "" {
		// On a port of its own, for the monitoring network only: never on the public one.
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", a.Metrics.Handler())
		metricsSrv := &http.Server{Addr: cfg.MetricsAddr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		go func() { errc <- metricsSrv.ListenAndServe() }()
		defer metricsSrv.Close()
		log.Info("metrics", "addr", "http://"+cfg.MetricsAddr+"/metrics")
	}
	log.Info("listening", "addr", "http://localhost:"+strconv.Itoa(cfg.Port), "database", a.DB.Target.String())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: draining in-flight requests", "timeout", cfg.ShutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
