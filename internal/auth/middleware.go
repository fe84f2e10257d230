package auth

import (
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"strings"

	"vinhdanh/ent"
	"vinhdanh/internal/viewer"
)

type ipKey struct{}

// Middleware authenticates requests that carry "Authorization: Bearer <token>". A request
// without the header is anonymous; a request with a bad or expired token is refused with
// UNAUTHENTICATED and never served as anonymous.
func (s *Service) Middleware(c *ent.Client, log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
			ctx = ContextWithClientIP(ctx, host)
		}
		header := r.Header.Get("Authorization")
		if header == "" {
			next.ServeHTTP(w, r.WithContext(ctx))
			return
		}
		raw, ok := strings.CutPrefix(header, "Bearer ")
		if !ok || raw == "" {
			unauthenticated(w, "the Authorization header must be \"Bearer <access token>\"")
			return
		}
		v, err := s.Viewer(ctx, c, raw)
		if err != nil {
			log.InfoContext(ctx, "rejected access token", "err", err)
			unauthenticated(w, "invalid or expired access token")
			return
		}
		next.ServeHTTP(w, r.WithContext(viewer.NewContext(ctx, v)))
	})
}

func unauthenticated(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	w.WriteHeader(http.StatusUnauthorized)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": msg, "extensions": map[string]any{"code": "UNAUTHENTICATED"}}},
	})
}
