// Package requestid gives every HTTP request an identifier that appears in the access log,
// in the X-Request-ID response header and in internal errors shown to clients, so a user's
// report can be matched to the server's log line.
package requestid

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"regexp"
)

// Header carries the identifier in requests (from a trusted proxy) and responses.
const Header = "X-Request-ID"

type ctxKey struct{}

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
		next.ServeHTTP(w, r.WithContext(NewContext(r.Context(), id)))
	})
}

func newID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
