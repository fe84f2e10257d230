// Package metrics keeps the server's Prometheus metrics (github.com/prometheus/client_golang):
// HTTP requests by route and status, GraphQL operations by name, type and error code, their
// latency, the database pool, workflow transitions and rate-limit refusals. They are served on
// a port of their own (METRICS_ADDR), never on the public one.
package metrics

import (
	"context"
	"database/sql"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is one server's set of metrics, in a registry of its own.
type Metrics struct {
	registry    *prometheus.Registry
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	operations  *prometheus.CounterVec
	opLatency   *prometheus.HistogramVec
	transitions *prometheus.CounterVec
	refusals    *prometheus.CounterVec
	webhooks    *prometheus.CounterVec
	names       operationNames
}

// New registers the metrics, and the pool statistics of db when given.
func New(db *sql.DB) *Metrics {
	m := &Metrics{registry: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vinhdanh_http_requests_total",
		Help: "HTTP requests by route pattern, method and status."}, []string{"route", "method", "status"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "vinhdanh_http_request_duration_seconds",
		Help: "HTTP request latency by route pattern.", Buckets: prometheus.DefBuckets}, []string{"route"})
	m.operations = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vinhdanh_graphql_operations_total",
		Help: "GraphQL operations by name, type (query, mutation) and the first error's code (OK when none)."},
		[]string{"operation", "type", "code"})
	m.opLatency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "vinhdanh_graphql_operation_duration_seconds",
		Help: "GraphQL operation latency by type.", Buckets: prometheus.DefBuckets}, []string{"type"})
	m.transitions = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vinhdanh_workflow_transitions_total",
		Help: "Nomination workflow steps recorded, by action."}, []string{"action"})
	m.refusals = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vinhdanh_rate_limit_refusals_total",
		Help: "Requests refused by a rate limit, by limit (requests, cost, login)."}, []string{"limit"})
	m.webhooks = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vinhdanh_webhook_attempts_total",
		Help: "Webhook delivery attempts by outcome: delivered, retry (will be tried again), failed (given up)."}, []string{"outcome"})
	m.registry.MustRegister(m.requests, m.latency, m.operations, m.opLatency, m.transitions, m.refusals, m.webhooks,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if db != nil {
		m.registry.MustRegister(collectors.NewDBStatsCollector(db, "vinhdanh"))
	}
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// Routes counts and times the requests next serves; route names the pattern that matched
// (mux.Handler's), so paths with ids do not each become a series.
func (m *Metrics) Routes(route func(*http.Request) string, next http.Handler) http.Handler {
	if m == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &status{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(rec, r)
		name := route(r)
		if name == "" {
			name = "unmatched"
		}
		m.requests.WithLabelValues(name, r.Method, strconv.Itoa(rec.code)).Inc()
		m.latency.WithLabelValues(name).Observe(time.Since(start).Seconds())
	})
}

type status struct {
	http.ResponseWriter
	code int
}

func (s *status) WriteHeader(code int) {
	s.code = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *status) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Operation records a GraphQL operation.
func (m *Metrics) Operation(name, typ, code string, took time.Duration) {
	if m == nil {
		return
	}
	m.operations.WithLabelValues(m.names.label(name), typ, code).Inc()
	m.opLatency.WithLabelValues(typ).Observe(took.Seconds())
}

// Transition records a workflow step.
func (m *Metrics) Transition(action string) {
	if m != nil {
		m.transitions.WithLabelValues(action).Inc()
	}
}

// WebhookAttempt records the outcome of a webhook delivery attempt.
func (m *Metrics) WebhookAttempt(outcome string) {
	if m != nil {
		m.webhooks.WithLabelValues(outcome).Inc()
	}
}

// Gauge registers a value read when the metrics are scraped (queue lengths, subscribers).
func (m *Metrics) Gauge(name, help string, value func() float64) {
	m.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, value))
}

// Refused records a request a rate limit refused.
func (m *Metrics) Refused(limit string) {
	if m != nil {
		m.refusals.WithLabelValues(limit).Inc()
	}
}

// operationNames keeps the operation label's values bounded: clients choose operation names,
// and every new value is a new series. The first maxOperations well-formed names are kept;
// the rest are "other".
type operationNames struct {
	mu   sync.Mutex
	seen map[string]bool
}

const maxOperations = 200

var wellFormed = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

func (o *operationNames) label(name string) string {
	switch {
	case name == "":
		return "anonymous"
	case !wellFormed.MatchString(name):
		return "other"
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.seen == nil {
		o.seen = map[string]bool{}
	}
	if !o.seen[name] {
		if len(o.seen) >= maxOperations {
			return "other"
		}
		o.seen[name] = true
	}
	return name
}

type ctxKey struct{}

// NewContext returns ctx carrying m, for code that records into it from deep in a request.
func NewContext(ctx context.Context, m *Metrics) context.Context {
	return context.WithValue(ctx, ctxKey{}, m)
}

// FromContext returns the metrics ctx carries, or nil (recording into nil is a no-op).
func FromContext(ctx context.Context) *Metrics {
	m, _ := ctx.Value(ctxKey{}).(*Metrics)
	return m
}
