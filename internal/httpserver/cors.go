package httpserver

import (
	"net/http"
	"slices"

	"github.com/rs/cors"

	"vinhdanh/internal/requestid"
)

// withCORS applies two policies. Origins in the configured list (the federations' own
// frontends) may send Authorization and so act as signed-in staff. Every other origin may
// make anonymous calls only, without credentials or an Authorization header: the public
// honor roll is embeddable anywhere, while a browser on another site can never carry a
// staff token. CORS only instructs browsers; the data layer decides what anonymous calls see.
func withCORS(allowed []string, next http.Handler) http.Handler {
	public := cors.New(cors.Options{
		AllowedOrigins: []string{"*"},
		AllowedMethods: []string{http.MethodGet, http.MethodPost},
		AllowedHeaders: []string{"Content-Type"},
		ExposedHeaders: []string{requestid.Header, "ETag"},
		MaxAge:         600,
	}).Handler(next)
	if len(allowed) == 0 {
		return public
	}
	staff := cors.New(cors.Options{
		AllowedOrigins: allowed,
		AllowedMethods: []string{http.MethodGet, http.MethodPost},
		AllowedHeaders: []string{"Authorization", "Content-Type", requestid.Header},
		ExposedHeaders: []string{requestid.Header, "ETag"},
		MaxAge:         600,
	}).Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if slices.Contains(allowed, r.Header.Get("Origin")) {
			staff.ServeHTTP(w, r)
			return
		}
		public.ServeHTTP(w, r)
	})
}
