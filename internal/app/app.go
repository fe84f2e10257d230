// Package app wires the server together: configuration, database, catalogue, demo data and
// the HTTP handler. server.go only calls it, and tests start the same wiring.
package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"vinhdanh/ent"
	"vinhdanh/ent/hook"
	"vinhdanh/internal/auth"
	"vinhdanh/internal/blobstore"
	"vinhdanh/internal/catalog"
	"vinhdanh/internal/config"
	"vinhdanh/internal/credential"
	"vinhdanh/internal/httpserver"
	"vinhdanh/internal/metrics"
	"vinhdanh/internal/migration"
	"vinhdanh/internal/notify"
	"vinhdanh/internal/posted"
	"vinhdanh/internal/publiccache"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/seed"
	"vinhdanh/internal/shared"
	"vinhdanh/internal/sortkeys"
	"vinhdanh/internal/store"
	"vinhdanh/internal/tree"
	"vinhdanh/internal/webhook"
)

// App is an opened database and the handler that serves it.
type App struct {
	DB      *store.DB
	Handler http.Handler
	// Metrics are served on their own port (METRICS_ADDR), not by Handler.
	Metrics *metrics.Metrics
	// Webhooks delivers the outbox to federations' endpoints: the server runs it beside the
	// handler, on every replica (they share the work).
	Webhooks *webhook.Dispatcher
}

// Open connects to the configured database, applies the schema, makes sure the built-in
// award catalogue exists and, for the embedded database outside production, loads the demo
// records and accounts when the database is empty. A MySQL database and a production
// installation are never seeded implicitly: demo accounts have a known password.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	target, err := store.Parse(cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.Migrate == "check" {
		if err := noPendingMigrations(ctx, target); err != nil {
			return nil, err
		}
	}
	db, err := Prepare(ctx, target)
	if err != nil {
		return nil, err
	}
	authn, err := newAuth(cfg, log)
	if err != nil {
		db.Close()
		return nil, err
	}
	if target.Embedded() && !cfg.Production {
		switch err := seed.Load(ctx, db.Client); {
		case err == nil:
			log.Info("loaded the demo records into the embedded database", "database", target.String())
			if err := seed.DemoUsers(ctx, db.Client, cfg.DemoPassword); err != nil {
				db.Close()
				return nil, err
			}
			if err := seed.Story2025(ctx, db.Client, cfg.DemoPassword); err != nil {
				db.Close()
				return nil, err
			}
			log.Info("created the demo accounts (see README)", "password_from", "DEMO_PASSWORD")
		case errors.Is(err, seed.ErrAlreadySeeded):
		default:
			db.Close()
			return nil, err
		}
	}
	var cache *publiccache.Cache
	if cfg.PublicCacheTTL > 0 {
		cache = publiccache.New(cfg.PublicCacheBytes, cfg.PublicCacheTTL)
		db.Client.Use(cache.Hook())
	}
	if len(cfg.CredentialKey) == 0 {
		log.Warn("CREDENTIAL_KEY is not set: signing credentials with a key made for this run; they will not verify after a restart")
	}
	signer, err := credential.New(cfg.CredentialKey)
	if err != nil {
		db.Close()
		return nil, err
	}
	var state *shared.State
	if cfg.RedisURL != "" {
		if state, err = shared.Open(ctx, cfg.RedisURL, "vinhdanh:"); err != nil {
			db.Close()
			return nil, err
		}
		authn.Limiter.Shared = state.Failures(auth.LoginWindow)
		if cache != nil {
			if err := cache.Share(ctx, state.PublicAnswers(), log); err != nil {
				db.Close()
				return nil, err
			}
		}
		log.Info("sharing rate limits, login failures, persisted queries and public answers through Redis")
	}
	storageURL := cfg.StorageURL
	if storageURL == "" {
		storageURL = blobstore.Beside(cmp.Or(target.Path(), "vinhdanh.db"))
	}
	documents, err := blobstore.Open(ctx, storageURL)
	if err != nil {
		db.Close()
		return nil, err
	}
	m := metrics.New(db.SQL)
	// Every workflow step writes one event: counted where it is written, whatever the path.
	db.Client.NominationEvent.Use(func(next ent.Mutator) ent.Mutator {
		return hook.NominationEventFunc(func(ctx context.Context, mu *ent.NominationEventMutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, mu)
			if action, ok := mu.Action(); ok && err == nil {
				m.Transition(action)
			}
			return v, err
		})
	})
	broker := notify.New(db.Client, 0, log)
	h := httpserver.New(httpserver.Options{
		Metrics:        m,
		Shared:         state,
		Documents:      documents,
		Credentials:    signer,
		Client:         db.Client,
		Auth:           authn,
		Ping:           db.Ping,
		Logger:         log,
		CORSOrigins:    cfg.CORSOrigins,
		TrustedProxies: cfg.TrustedProxies,
		Playground:     cfg.Playground,
		Introspection:  cfg.Introspection,
		PublicURL:      cfg.PublicURL,
		AnonRate:       cfg.AnonRate,
		AnonBurst:      cfg.AnonBurst,
		AnonCostRate:   cfg.AnonCostRate,
		// A burst of twice the rate: a page that loads a few rolls at once is not refused.
		AnonCostBurst:  int(2 * cfg.AnonCostRate),
		RequestTimeout: cfg.RequestTimeout,
		Cache:          cache,
		Catalog:        catalog.Remember(db.Client),
		Notifications:  broker,
	})
	host, _ := os.Hostname()
	webhooks := &webhook.Dispatcher{
		Client:  db.Client,
		HTTP:    webhook.NewHTTPClient(cfg.WebhookAllowPrivate, nil),
		Replica: fmt.Sprintf("%s/%d", cmp.Or(host, "vinhdanh"), os.Getpid()),
		Lease:   cfg.WebhookLease,
		Log:     log,
		Observe: m.WebhookAttempt,
	}
	m.Gauge("vinhdanh_webhook_deliveries_pending", "Webhook deliveries not yet delivered or given up (all replicas).", func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		n, err := webhook.Pending(ctx, db.Client)
		if err != nil {
			return -1
		}
		return float64(n)
	})
	m.Gauge("vinhdanh_subscriptions", "GraphQL subscriptions this replica feeds.", func() float64 { return float64(broker.Subscribers()) })
	return &App{DB: db, Handler: h, Metrics: m, Webhooks: webhooks}, nil
}

// newAuth builds the token signer. Production refuses to start without a strong secret;
// elsewhere a missing secret is generated for this run, and said so.
func newAuth(cfg config.Config, log *slog.Logger) (*auth.Service, error) {
	secret := cfg.JWTSecret
	switch {
	case len(secret) == 0 && cfg.Production:
		return nil, errors.New("JWT_SECRET is required when APP_ENV=production (at least 32 random bytes)")
	case len(secret) == 0:
		secret = auth.RandomSecret()
		log.Warn("JWT_SECRET is not set: generated one for this run; tokens will not survive a restart")
	case len(secret) < auth.MinSecretLength:
		return nil, fmt.Errorf("JWT_SECRET is too weak: %d bytes, at least %d needed", len(secret), auth.MinSecretLength)
	}
	signer, err := auth.NewSigner(secret, cfg.AccessTokenTTL)
	if err != nil {
		return nil, err
	}
	return auth.NewService(signer), nil
}

// noPendingMigrations refuses to start on a schema older than the code (MIGRATE=check, the
// production default): upgrading is an operator's step, `vinhdanh migrate up`.
func noPendingMigrations(ctx context.Context, target store.Target) error {
	db, err := store.Open(ctx, target)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := migration.Pending(ctx, db.SQL, target.Dialect)
	if err != nil {
		return err
	}
	if len(st.Pending) > 0 {
		return fmt.Errorf("%s has %d pending schema migrations (%s): run `vinhdanh migrate up` first, or start with MIGRATE=auto",
			target, len(st.Pending), strings.Join(st.Pending, ", "))
	}
	return nil
}

// Prepare opens the target, applies the schema and ensures the award catalogue.
func Prepare(ctx context.Context, target store.Target) (*store.DB, error) {
	db, err := store.Open(ctx, target)
	if err != nil {
		return nil, err
	}
	if err := store.Migrate(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", target, err)
	}
	if err := catalog.Ensure(ctx, db.Client); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", target, err)
	}
	if err := tree.Backfill(ctx, db.Client); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", target, err)
	}
	if _, err := sortkeys.Refresh(ctx, db.SQL); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", target, err)
	}
	if err := posted.Backfill(ctx, db.Client); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", target, err)
	}
	return db, nil
}

// prepareConfigured opens and prepares the database the configuration names, for commands.
func prepareConfigured(ctx context.Context, cfg config.Config) (*store.DB, error) {
	target, err := store.Parse(cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	return Prepare(ctx, target)
}

// Seed loads the demo records into the configured database, whatever its kind: the explicit
// way to put demo data into MySQL. With demoUsers it also creates the demo accounts.
func Seed(ctx context.Context, cfg config.Config, demoUsers bool) error {
	db, err := prepareConfigured(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := seed.Load(ctx, db.Client); err != nil {
		return err
	}
	password := ""
	if demoUsers {
		if err := seed.DemoUsers(ctx, db.Client, cfg.DemoPassword); err != nil {
			return err
		}
		password = cfg.DemoPassword
	}
	return seed.Story2025(ctx, db.Client, password)
}

// CreateUser makes an account from the command line, e.g. the first administrator.
func CreateUser(ctx context.Context, cfg config.Config, in ent.CreateUserInput, password string) (*ent.User, error) {
	db, err := prepareConfigured(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return auth.CreateUser(rule.SystemContext(ctx), db.Client, in, password)
}
