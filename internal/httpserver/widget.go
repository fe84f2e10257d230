package httpserver

import (
	"html/template"
	"log/slog"
	"net/http"
	"regexp"

	"vinhdanh/web"
)

var widgetScript, _ = web.Files.ReadFile("honor-roll.js")

var embedTemplate = template.Must(template.ParseFS(web.Files, "embed.html"))

// serveWidget serves the custom element's module script; any site may load it.
func serveWidget(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(widgetScript)
}

// attrValue limits what query parameters may put into the iframe page's attributes.
var attrValue = regexp.MustCompile(`^[\p{L}\p{N} ,._-]{0,200}$`)

// serveEmbed renders the iframe page: the widget with the attributes given in the URL, for
// sites where scripts from elsewhere are not allowed. Any site may frame it.
func serveEmbed(log *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		data := map[string]string{"Script": "/widget/honor-roll.js"}
		for param, key := range map[string]string{"collective": "Collective", "period": "Period", "levels": "Levels",
			"include-descendants": "IncludeDescendants", "heading": "Title", "theme": "Theme"} {
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
