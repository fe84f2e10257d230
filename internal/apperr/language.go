package apperr

import (
	"cmp"
	"context"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/language"
)

// Messages are shown in Vietnamese unless the request asks for English (Accept-Language: en);
// codes never change. The English text stays the source: it is what the code writes and the
// log keeps, and the table in vietnamese.go renders it for readers.

type langKey struct{}

var matcher = language.NewMatcher([]language.Tag{language.Vietnamese, language.English})

// WithLanguage returns ctx carrying the language the request's Accept-Language prefers.
func WithLanguage(ctx context.Context, acceptLanguage string) context.Context {
	return context.WithValue(ctx, langKey{}, Language(acceptLanguage))
}

// Language is "vi" or "en": the better match of an Accept-Language header, Vietnamese when it
// names neither.
func Language(acceptLanguage string) string {
	if acceptLanguage == "" {
		return "vi"
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return "vi"
	}
	_, i, conf := matcher.Match(tags...)
	if i == 1 && conf != language.No {
		return "en"
	}
	return "vi"
}

// Localize renders a message in the language of ctx (Vietnamese by default).
func Localize(ctx context.Context, message string) string {
	if lang, _ := ctx.Value(langKey{}).(string); lang == "en" {
		return message
	}
	return Vietnamese(message)
}

// LanguageMiddleware records the request's language for the messages of its answer.
func LanguageMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(WithLanguage(r.Context(), r.Header.Get("Accept-Language"))))
	})
}

// template is one entry of the table, matched against whole messages.
type template struct {
	re       *regexp.Regexp
	vi       string
	literals int // how much of the template is fixed text: the most specific match wins
}

var (
	compileOnce sync.Once
	templates   []template
	verb        = regexp.MustCompile(`%(\[\d+\])?[sdvqgT]`)
)

func compile() {
	for en, vi := range vietnamese {
		var pattern strings.Builder
		last := 0
		for _, m := range verb.FindAllStringIndex(en, -1) {
			pattern.WriteString(regexp.QuoteMeta(en[last:m[0]]))
			if en[m[1]-1] == 'd' {
				pattern.WriteString(`(-?\d+)`)
			} else {
				pattern.WriteString(`(.+?)`)
			}
			last = m[1]
		}
		pattern.WriteString(regexp.QuoteMeta(en[last:]))
		templates = append(templates, template{
			re:       regexp.MustCompile("^" + pattern.String() + "$"),
			vi:       verb.ReplaceAllString(vi, "%s"),
			literals: len(verb.ReplaceAllString(en, "")),
		})
	}
	slices.SortFunc(templates, func(a, b template) int { return cmp.Compare(b.literals, a.literals) })
}

// Vietnamese renders an English message of the table in Vietnamese, its parts translated in
// turn; a message the table does not know is returned as it is.
func Vietnamese(message string) string {
	return translate(message, 0)
}

func translate(message string, depth int) string {
	compileOnce.Do(compile)
	if depth > 4 || message == "" {
		return message
	}
	for _, t := range templates {
		m := t.re.FindStringSubmatch(message)
		if m == nil || (t.literals == 0 && depth > 0) {
			continue
		}
		if t.literals == 0 {
			return message // a bare "%s": nothing of ours to translate
		}
		parts := make([]any, len(m)-1)
		for i, p := range m[1:] {
			parts[i] = translate(p, depth+1)
		}
		out := sprintf(t.vi, parts)
		if depth == 0 {
			return capitalize(out)
		}
		return out
	}
	return message
}

func sprintf(format string, parts []any) string {
	var b strings.Builder
	i := 0
	last := 0
	for _, m := range verb.FindAllStringIndex(format, -1) {
		b.WriteString(format[last:m[0]])
		if i < len(parts) {
			b.WriteString(parts[i].(string))
		}
		i++
		last = m[1]
	}
	b.WriteString(format[last:])
	return b.String()
}

func capitalize(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
