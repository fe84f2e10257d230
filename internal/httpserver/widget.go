package httpserver

import (
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"vinhdanh/internal/textfold"
	"vinhdanh/web"
)

var widgetScript, _ = web.Files.ReadFile("honor-roll.js")

// widgetVersion names this release's widget: /widget/honor-roll.js?v=<version> never changes,
// so it is cached for a year; the plain URL is cached for minutes and revalidated by ETag.
var widgetVersion = func() string {
	sum := sha256.Sum256(widgetScript)
	return hex.EncodeToString(sum[:8])
}()

var embedTemplate = template.Must(template.ParseFS(web.Files, "embed.html"))

// serveWidget serves the custom element's module script; any site may load it.
func serveWidget(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	etag := `"` + widgetVersion + `"`
	w.Header().Set("ETag", etag)
	switch v := r.URL.Query().Get("v"); {
	case v == widgetVersion:
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	default:
		// Unversioned, or an older release's version: today's script, briefly cached.
		w.Header().Set("Cache-Control", "public, max-age=300, stale-while-revalidate=86400")
	}
	if matches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, _ = w.Write(widgetScript)
}

// attrValue limits what query parameters may put into the iframe page's attributes.
var attrValue = regexp.MustCompile(`^[\p{L}\p{N} ,._-]{0,200}$`)

// serveEmbed renders the iframe page: the widget with the attributes given in the URL, for
// sites where scripts from elsewhere are not allowed. Any site may frame it.
func serveEmbed(log *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		data := map[string]string{"Script": "/widget/honor-roll.js?v=" + widgetVersion}
		// The heading is the school's own words, in any script and punctuation ("Phòng GD&ĐT:
		// khen thưởng 2023–2024"), as NFC; html/template escapes it for the attribute.
		title := textfold.NFCOnly(q.Get("heading"))
		if utf8.RuneCountInString(title) > 200 || strings.IndexFunc(title, unicode.IsControl) >= 0 {
			http.Error(w, "bad value for heading: at most 200 characters, no control characters", http.StatusBadRequest)
			return
		}
		data["Title"] = title
		for param, key := range map[string]string{"collective": "Collective", "period": "Period", "period-kind": "PeriodKind", "levels": "Levels",
			"include-descendants": "IncludeDescendants", "theme": "Theme"} {
			v := q.Get(param)
			if !attrValue.MatchString(v) {
				http.Error(w, "bad value for "+param, http.StatusBadRequest)
				return
			}
			data[key] = v
		}
		if data["Collective"] == "" {
			http.Error(w, "the collective parameter is required", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=300")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors *")
		if err := embedTemplate.Execute(w, data); err != nil {
			log.ErrorContext(r.Context(), "render embed page", "err", err)
		}
	}
}
