package httpserver

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"

	"vinhdanh/internal/publiccache"
)

// publicMaxAge is how long browsers and CDNs may reuse an anonymous GET answer.
const publicMaxAge = "public, max-age=60"

// cacheable makes anonymous GET queries (the honor roll, persisted queries) cacheable: the
// answer carries Cache-Control and a strong ETag of its body, and a request whose
// If-None-Match matches is answered 304 without a body. Everything else is no-store.
func cacheable(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.Header.Get("Authorization") != "" {
			w.Header().Set("Cache-Control", "no-store")
			next.ServeHTTP(w, r)
			return
		}
		buf := &bufferedWriter{header: http.Header{}, status: http.StatusOK, body: buffers.Get().(*bytes.Buffer)}
		defer buf.release()
		next.ServeHTTP(buf, r)
		for k, v := range buf.header {
			w.Header()[k] = v
		}
		body := buf.body.Bytes()
		if buf.status != http.StatusOK || bytes.Contains(body, []byte(`"errors":`)) {
			w.Header().Set("Cache-Control", "no-store")
			w.WriteHeader(buf.status)
			_, _ = w.Write(body)
			return
		}
		sum := sha256.Sum256(body)
		etag := `"` + hex.EncodeToString(sum[:16]) + `"`
		w.Header().Set("ETag", etag)
		w.Header().Set("Cache-Control", publicMaxAge)
		w.Header().Add("Vary", "Authorization")
		if matches(r.Header.Get("If-None-Match"), etag) {
			w.Header().Del("Content-Length")
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	})
}

func matches(ifNoneMatch, etag string) bool {
	for _, candidate := range strings.Split(ifNoneMatch, ",") {
		c := strings.TrimPrefix(strings.TrimSpace(candidate), "W/")
		if c == etag || c == "*" {
			return true
		}
	}
	return false
}

// cachedPage serves a public page (the verification page) from the public cache: an answer
// of 200 is kept with its type and caching headers. The key has the host (the page's links
// are absolute when PUBLIC_URL is not set), the path and query, and what the client accepts.
func cachedPage(c *publiccache.Cache, next http.Handler) http.Handler {
	if c == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var computed *bufferedWriter
		page := c.Get(r.Context(), c.Key("page", r.Host, r.URL.Path, r.URL.RawQuery, r.Header.Get("Accept")), func() ([]byte, bool) {
			computed = &bufferedWriter{header: http.Header{}, status: http.StatusOK, body: &bytes.Buffer{}}
			next.ServeHTTP(computed, r)
			if computed.status != http.StatusOK {
				return nil, false
			}
			head := computed.header.Get("Content-Type") + "\n" + computed.header.Get("Cache-Control") + "\n"
			return append([]byte(head), computed.body.Bytes()...), true
		})
		if computed != nil {
			for k, v := range computed.header {
				w.Header()[k] = v
			}
			w.WriteHeader(computed.status)
			_, _ = w.Write(computed.body.Bytes())
			return
		}
		if page == nil {
			next.ServeHTTP(w, r)
			return
		}
		contentType, rest, _ := bytes.Cut(page, []byte("\n"))
		cacheControl, body, _ := bytes.Cut(rest, []byte("\n"))
		w.Header().Set("Content-Type", string(contentType))
		w.Header().Set("Cache-Control", string(cacheControl))
		_, _ = w.Write(body)
	})
}

// bufferedWriter holds a response until its ETag is known.
type bufferedWriter struct {
	header http.Header
	status int
	body   *bytes.Buffer
}

// buffers are the bodies of answers written already, for the next ones: a roll page is tens of
// kilobytes, grown afresh for every request otherwise.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooled is the largest body kept for reuse: a rare huge answer is left to the collector.
const maxPooled = 1 << 20

// release gives the body's memory back once the answer is written.
func (b *bufferedWriter) release() {
	if b.body.Cap() <= maxPooled {
		b.body.Reset()
		buffers.Put(b.body)
	}
	b.body = nil
}

func (b *bufferedWriter) Header() http.Header         { return b.header }
func (b *bufferedWriter) WriteHeader(code int)        { b.status = code }
func (b *bufferedWriter) Write(p []byte) (int, error) { return b.body.Write(p) }
