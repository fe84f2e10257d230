// Package requestid gives every HTTP request an identifier that appears in the access log,
// in the X-Request-ID response header and in internal errors shown to clients, so a user's
// report can be matched to the server's log line.
package requestid

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"
	"sync"
)

// Header carries the identifier in requests (from a trusted proxy) and responses.
const Header = "X-Request-ID"

type ctxKey struct{}

// who is what the request turns out to be about, learned as it is served: the signed-in
// account (auth) and the GraphQL operation (graph), for every log line of the request.
type who struct {
	mu        sync.Mutex
	viewer    int
	operation string
}

type whoKey struct{}

// SetViewer records the request's signed-in account.
func SetViewer(ctx context.Context, id int) {
	if w, ok := ctx.Value(whoKey{}).(*who); ok {
		w.mu.Lock()
		w.viewer = id
		w.mu.Unlock()
	}
}

// SetOperation records the request's GraphQL operation.
func SetOperation(ctx context.Context, name string) {
	if w, ok := ctx.Value(whoKey{}).(*who); ok {
		w.mu.Lock()
		w.operation = name
		w.mu.Unlock()
	}
}

// LogHandler adds the request's id, account and operation to every record logged with the
// request's context (those it does not carry already).
func LogHandler(h slog.Handler) slog.Handler { return logHandler{h} }

type logHandler struct{ slog.Handler }

func (l logHandler) Handle(ctx context.Context, r slog.Record) error {
	has := map[string]bool{}
	r.Attrs(func(a slog.Attr) bool {
		has[a.Key] = true
		return true
	})
	if id := FromContext(ctx); id != "" && !has["request_id"] {
		r.AddAttrs(slog.String("request_id", id))
	}
	if w, ok := ctx.Value(whoKey{}).(*who); ok {
		w.mu.Lock()
		viewer, op := w.viewer, w.operation
		w.mu.Unlock()
		if viewer != 0 && !has["viewer_id"] {
			r.AddAttrs(slog.Int("viewer_id", viewer))
		}
		if op != "" && !has["operation"] {
			r.AddAttrs(slog.String("operation", op))
		}
	}
	return l.Handler.Handle(ctx, r)
}

func (l logHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return logHandler{l.Handler.WithAttrs(attrs)}
}
func (l logHandler) WithGroup(name string) slog.Handler { return logHandler{l.Handler.WithGroup(name)} }

// acceptable bounds what an incoming header may contain before it is echoed and logged.
var acceptable = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// FromContext returns the request's identifier, or "" outside a request.
func FromContext(ctx context.Context) string {
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}

// NewContext returns ctx carrying id.
func NewContext(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, ctxKey{}, id)
}

// Middleware assigns the identifier: the caller's when it is well-formed, a new one otherwise.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(Header)
		if !acceptable.MatchString(id) {
			id = newID()
		}
		w.Header().Set(Header, id)
		ctx := context.WithValue(NewContext(r.Context(), id), whoKey{}, &who{})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func newID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
