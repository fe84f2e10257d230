// Package httpserver assembles the HTTP handler: the GraphQL endpoint with its limits and
// error presenter, the playground, health checks, CORS, request ids and access logs.
package httpserver

import (
	"context"
	_ "embed"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/klauspost/compress/gzhttp"
	"github.com/vektah/gqlparser/v2/ast"
	"gocloud.dev/blob"

	"vinhdanh/ent"
	"vinhdanh/graph"
	"vinhdanh/internal/apperr"
	"vinhdanh/internal/auth"
	"vinhdanh/internal/catalog"
	"vinhdanh/internal/credential"
	"vinhdanh/internal/honorroll"
	"vinhdanh/internal/metrics"
	"vinhdanh/internal/notify"
	"vinhdanh/internal/publiccache"
	"vinhdanh/internal/requestid"
	"vinhdanh/internal/shared"
	"vinhdanh/internal/tree"
)

// Options configure the handler.
type Options struct {
	Client        *ent.Client
	Auth          *auth.Service
	Ping          func(context.Context) error // readiness: does the database answer?
	Logger        *slog.Logger
	CORSOrigins   []string
	Playground    bool
	Introspection bool
	PublicURL     string // base URL of verification links; the request's host when empty
	// Documents keeps the files of nomination dossiers.
	Documents *blob.Bucket
	// Shared, when set, keeps rate limits and persisted queries in Redis, for replicas.
	Shared *shared.State
	// Metrics, when set, counts requests, operations and refusals (served elsewhere).
	Metrics *metrics.Metrics
	// Notifications feeds GraphQL subscriptions; one is made on Client when nil.
	Notifications *notify.Broker
	// SessionRecheck is how often a subscription's session is checked (30 s when 0): a
	// logout ends the subscriptions it signed in.
	SessionRecheck time.Duration
	// Credentials signs the verification page's credentials; one is made when nil.
	Credentials *credential.Signer
	// TrustedProxies may name the client in X-Forwarded-For (clientAddress).
	TrustedProxies []net.IPNet
	AnonRate       float64 // anonymous requests per second per client address; 0 for the default
	AnonBurst      int
	// Anonymous query cost (graph.Cost units) per second and burst, per client address.
	AnonCostRate  float64
	AnonCostBurst int
	// RequestTimeout is every request's deadline; MaxBodyBytes the largest body accepted.
	RequestTimeout time.Duration
	MaxBodyBytes   int64
	// UploadTimeout and MaxUploadBytes bound file uploads (imports), which only signed-in
	// callers may send.
	UploadTimeout  time.Duration
	MaxUploadBytes int64
	// Cache keeps anonymous answers (GraphQL queries and verification pages); nil: none. Its
	// Hook must be on Client, or writes would not invalidate it.
	Cache *publiccache.Cache
	// Catalog, when set, is the award catalogue in memory (catalog.Remember on Client): query
	// operations take their awards' levels and decisions' issuers from it.
	Catalog *catalog.Memory
}

// Cost limits of one operation (graph.Cost units, about one row read and resolved each). The
// anonymous limit admits the widget's and the verification page's queries with room to
// spare, and keeps the costliest admissible anonymous request well under a second on the
// demo data (see TestCostBounds).
const (
	anonymousMaxCost = 50_000
	signedInMaxCost  = 500_000
)

// Defaults of the limits Options may leave zero.
const (
	DefaultRequestTimeout = 15 * time.Second
	DefaultMaxBodyBytes   = 256 << 10
	DefaultUploadTimeout  = 2 * time.Minute
	DefaultMaxUploadBytes = 16 << 20
	DefaultAnonCostRate   = 20_000
	DefaultAnonCostBurst  = 50_000
)

//go:embed playground.html
var playgroundPage []byte

// New returns the server's root handler.
func New(o Options) http.Handler {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.AnonRate <= 0 {
		o.AnonRate, o.AnonBurst = 10, 60
	}
	if o.AnonCostRate <= 0 {
		o.AnonCostRate, o.AnonCostBurst = DefaultAnonCostRate, DefaultAnonCostBurst
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = DefaultRequestTimeout
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.UploadTimeout <= 0 {
		o.UploadTimeout = DefaultUploadTimeout
	}
	if o.MaxUploadBytes <= 0 {
		o.MaxUploadBytes = DefaultMaxUploadBytes
	}
	requests := newBudgets(o.AnonRate, max(1, o.AnonBurst))
	costs := newBudgets(o.AnonCostRate, max(anonymousMaxCost, o.AnonCostBurst))
	requests.log, costs.log = o.Logger, o.Logger
	if o.Shared != nil {
		requests.shared = o.Shared.Bucket("requests", o.AnonRate, requests.burst)
		costs.shared = o.Shared.Bucket("cost", o.AnonCostRate, costs.burst)
	}
	limit := func(h http.Handler) http.Handler { return requests.middleware(nil, h) }
	if o.Notifications == nil {
		o.Notifications = notify.New(o.Client, 0, o.Logger)
	}
	gql := graphQL(o, costs.spend)
	mux := http.NewServeMux()
	mux.Handle("/query", requests.middleware(costs, limitBody(o.MaxBodyBytes, o.MaxUploadBytes, withDeadline(o.RequestTimeout, o.UploadTimeout,
		o.Auth.Middleware(o.Client, o.Logger, errorStatus(cacheable(gql)))))))
	if o.Credentials == nil {
		o.Credentials, _ = credential.New(nil)
	}
	verify := &verifier{client: o.Client, log: o.Logger, publicURL: o.PublicURL, signer: o.Credentials}
	mux.Handle("GET /verify/{id}", limit(cachedPage(o.Cache, verify)))
	mux.Handle("GET /verify/issuer/{id}", limit(cachedPage(o.Cache, http.HandlerFunc(verify.issuer))))
	mux.Handle("GET /achievements/{code}", limit(cachedPage(o.Cache, http.HandlerFunc(verify.achievement))))
	mux.HandleFunc("GET /.well-known/jwks.json", verify.jwks)
	mux.HandleFunc("GET /.well-known/did.json", verify.did)
	exports := &exporter{client: o.Client, log: o.Logger, spend: costs.spend}
	authed := func(h http.HandlerFunc) http.Handler {
		return limit(withDeadline(o.RequestTimeout, 0, o.Auth.Middleware(o.Client, o.Logger, h)))
	}
	certificates := &certifier{client: o.Client, log: o.Logger, publicURL: o.PublicURL, spend: costs.spend}
	mux.Handle("GET /certificates/{file}", authed(certificates.award))
	mux.Handle("GET /certificates/decisions/{file}", authed(certificates.decision))
	if o.Documents != nil {
		docs := &documentServer{client: o.Client, store: o.Documents, log: o.Logger}
		mux.Handle("GET /documents/{id}", authed(docs.serve))
	}
	mux.Handle("GET /export/decisions/{file}", authed(exports.decision))
	mux.Handle("GET /export/{file}", authed(exports.byName))
	mux.HandleFunc("GET /widget/honor-roll.js", serveWidget)
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		w.WriteHeader(http.StatusNoContent) // no icon, and no 404 in the console of pages that embed the roll
	})
	mux.HandleFunc("GET /embed/honor-roll", serveEmbed(o.Logger))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := o.Ping(ctx); err != nil {
			o.Logger.WarnContext(ctx, "database not ready", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("database unreachable\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	if o.Playground {
		mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'")
			_, _ = w.Write(playgroundPage)
		})
	}
	// Compressed where the client accepts it: a roll page's JSON is 18 KB, 1.3 KB gzipped.
	routes := o.Metrics.Routes(func(r *http.Request) string { _, pattern := mux.Handler(r); return pattern }, mux)
	h := http.Handler(gzhttp.GzipHandler(withCORS(o.CORSOrigins, routes)))
	h = recoverPanics(o.Logger, h)
	h = accessLog(o.Logger, h)
	if o.Metrics != nil {
		inner := h
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			inner.ServeHTTP(w, r.WithContext(metrics.NewContext(r.Context(), o.Metrics)))
		})
	}
	// Subscriptions: a WebSocket upgrade of /query skips the request deadline, the body limit
	// and compression (a connection lives for hours, its messages are small) and authenticates
	// in connection_init rather than by header (browsers cannot set headers on a WebSocket).
	sockets := requests.middleware(nil, gql)
	h = withSubscriptions(sockets, h)
	return requestid.Middleware(clientAddress(o.TrustedProxies, apperr.LanguageMiddleware(h)))
}

// withSubscriptions sends WebSocket upgrades of /query to sockets and the rest to h. Server
// write and read deadlines, set for ordinary requests, are lifted for the connection.
func withSubscriptions(sockets, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/query" || !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			h.ServeHTTP(w, r)
			return
		}
		rc := http.NewResponseController(w)
		_ = rc.SetReadDeadline(time.Time{})
		_ = rc.SetWriteDeadline(time.Time{})
		sockets.ServeHTTP(w, r)
	})
}

// graphQL returns the /query handler; spend charges anonymous callers' query cost.
func graphQL(o Options, spend func(context.Context, int) *apperr.Error) http.Handler {
	schema := graph.NewSchema(o.Client, o.Auth, o.Documents, o.Notifications)
	srv := handler.New(schema)
	srv.AddTransport(transport.Options{})
	srv.AddTransport(overHTTP{get: true})
	srv.AddTransport(overHTTP{})
	srv.AddTransport(transport.MultipartForm{MaxUploadSize: o.MaxUploadBytes, MaxMemory: o.MaxUploadBytes})
	srv.AddTransport(subscriptions(o))
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	var persisted graphql.Cache[string] = lru.New[string](1000)
	if o.Shared != nil {
		persisted = o.Shared.QueryCache(24 * time.Hour) // registered through one replica, found by all
	}
	srv.Use(extension.AutomaticPersistedQuery{Cache: persisted})
	if o.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(graph.PageBounds{})
	srv.Use(graph.Cost{AnonymousMax: anonymousMaxCost, SignedInMax: signedInMaxCost, Spend: spend,
		LargeScope: func(ctx context.Context, id int) bool {
			// Pricing reads no record: the tree's shape may come from memory for any operation.
			_, many, err := catalog.SubtreeUpTo(o.Catalog.Context(ctx), o.Client, id, tree.Ever, honorroll.ManyUnits)
			return err == nil && many
		}})
	if o.Cache != nil {
		srv.Use(graph.PublicCache{Cache: o.Cache})
	}
	// Every mutation runs in one transaction: all its writes, history and audit events land
	// together or not at all. Sign-in calls manage their own, so a slow failed login never
	// holds a write lock; an import too, since a dry run rolls back what it tried.
	srv.Use(graph.Transactional{Client: o.Client, Skip: entgql.SkipIfHasFields("login", "refreshToken", "logout", "importRecords")})
	srv.AroundRootFields(graph.NameOperation)
	srv.AroundResponses(graph.CatalogFrom(o.Catalog))
	srv.Use(graph.NewFastPages(schema)) // innermost: it answers honorRoll itself
	srv.AroundResponses(graph.Observe)
	srv.SetErrorPresenter(graph.ErrorPresenter(o.Logger))
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		o.Logger.ErrorContext(ctx, "panic in resolver", "panic", p, "stack", string(debug.Stack()),
			"request_id", requestid.FromContext(ctx))
		return fmt.Errorf("panic: %v", p)
	})
	return srv
}

// statusRecorder remembers what the handler wrote, for the access log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func accessLog(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		log.InfoContext(r.Context(), "request",
			"method", r.Method, "path", r.URL.Path, "status", rec.status, "bytes", rec.bytes,
			"duration_ms", float64(time.Since(start).Microseconds())/1000,
			"request_id", requestid.FromContext(r.Context()))
	})
}

func recoverPanics(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.ErrorContext(r.Context(), "panic", "panic", p, "stack", string(debug.Stack()),
					"request_id", requestid.FromContext(r.Context()))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}
