package auth

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"

	"vinhdanh/ent"
	"vinhdanh/internal/apperr"
	"vinhdanh/internal/requestid"
	"vinhdanh/internal/store"
	"vinhdanh/internal/viewer"
)

type ipKey struct{}

// Middleware authenticates requests that carry "Authorization: Bearer <token>". A request
// without the header is anonymous; a request with a bad or expired token is refused with
// UNAUTHENTICATED and never served as anonymous.
func (s *Service) Middleware(c *ent.Client, log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if ClientIP(ctx) == "" {
			// Outside the server's handler (which sets the address it trusts), the peer's.
			if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
				ctx = ContextWithClientIP(ctx, host)
			}
		}
		header := r.Header.Get("Authorization")
		if header == "" {
			next.ServeHTTP(w, r.WithContext(ctx))
			return
		}
		scheme, raw, _ := strings.Cut(strings.TrimSpace(header), " ")
		raw = strings.TrimSpace(raw)
		if !strings.EqualFold(scheme, "Bearer") || raw == "" {
			unauthenticated(w, r, "the Authorization header must be \"Bearer <access token>\"")
			return
		}
		v, err := s.Viewer(ctx, c, raw)
		switch {
		case errors.Is(err, ErrInvalidToken):
			log.InfoContext(ctx, "rejected access token", "err", err)
			unauthenticated(w, r, "invalid or expired access token")
			return
		case err != nil:
			// The token may be fine: the database did not answer. Never 401, which makes
			// clients sign their users out.
			log.WarnContext(ctx, "cannot check access token", "err", err)
			code := apperr.Internal
			if store.IsUnavailable(err) || errors.Is(err, context.DeadlineExceeded) {
				code = apperr.Unavailable
			}
			apperr.WriteHTTP(w, r, &apperr.Error{Code: code, Message: "cannot check the access token right now: try again shortly"})
			return
		}
		requestid.SetViewer(ctx, v.UserID)
		next.ServeHTTP(w, r.WithContext(viewer.NewContext(ctx, v)))
	})
}

func unauthenticated(w http.ResponseWriter, r *http.Request, msg string) {
	w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	apperr.WriteHTTP(w, r, &apperr.Error{Code: apperr.Unauthenticated, Message: msg})
}
