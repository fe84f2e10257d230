package httpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"vinhdanh/internal/apperr"
)

// limitBody refuses request bodies over max bytes with 413 before anything reads them into
// a GraphQL document, and keeps the body it accepts in memory (it is small) so nothing
// downstream can be made to read more.
//
// A multipart request (a file upload: an import) may be larger, up to maxUpload, and is read
// only from a caller who presents a valid token: nobody else may import, so an anonymous
// upload is refused before its body is read, and a forged token by the authentication that
// follows, before the transport reads it.
func limitBody(max, maxUpload int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Method == http.MethodGet || r.Method == http.MethodOptions {
			next.ServeHTTP(w, r)
			return
		}
		if isUpload(r) {
			if r.Header.Get("Authorization") == "" {
				apperr.WriteHTTP(w, r, &apperr.Error{Code: apperr.Unauthenticated, Message: "sign in to upload files"})
				return
			}
			// Not read here: the token is checked first, and the multipart transport streams
			// the file within the bound.
			r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
			next.ServeHTTP(w, r)
			return
		}
		tooLarge := &apperr.Error{Code: apperr.TooLarge, Message: "the request body is larger than the server accepts"}
		if r.ContentLength > max {
			apperr.WriteHTTP(w, r, tooLarge)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, max+1))
		if err != nil {
			apperr.WriteHTTP(w, r, &apperr.Error{Code: apperr.BadRequest, Message: "the request body could not be read"})
			return
		}
		if int64(len(body)) > max {
			apperr.WriteHTTP(w, r, tooLarge)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

func isUpload(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data")
}

// withDeadline gives every request a deadline; the database driver cancels the statement
// running when it passes, so one slow request cannot hold a connection for long.
// An upload (an import of thousands of rows) has its own, longer deadline.
func withDeadline(d, upload time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := d
		if isUpload(r) {
			limit = max(d, upload)
		}
		ctx, cancel := context.WithTimeout(r.Context(), limit)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// errorStatus gives GraphQL answers the HTTP status their errors call for. gqlgen answers 200
// (or 422) for every error it presents; a client, a proxy or a load balancer must however see
// 503 when the database is down or the request ran out of time, and 429 when the caller's
// budget is spent.
func errorStatus(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		buf := &bufferedWriter{header: w.Header(), status: http.StatusOK, body: buffers.Get().(*bytes.Buffer)}
		defer buf.release()
		next.ServeHTTP(buf, r)
		if errors.Is(r.Context().Err(), context.DeadlineExceeded) {
			// Whatever was produced is incomplete.
			apperr.WriteHTTP(w, r, &apperr.Error{Code: apperr.Timeout, Message: "the request took too long and was stopped: ask for less, or try again later"})
			return
		}
		status, body := buf.status, buf.body.Bytes()
		if bytes.Contains(body, []byte(`"errors"`)) {
			var resp struct {
				Errors []struct {
					Extensions struct{ Code apperr.Code } `json:"extensions"`
				} `json:"errors"`
			}
			if json.Unmarshal(body, &resp) == nil {
				for _, e := range resp.Errors {
					switch c := e.Extensions.Code; c {
					case apperr.Unavailable, apperr.Timeout, apperr.RateLimited:
						status = apperr.Status(c)
						if c == apperr.RateLimited {
							w.Header().Set("Retry-After", "1")
						}
					}
				}
			}
		}
		// GraphQL over HTTP. A request without a query is not a GraphQL request: 400. A document
		// that did not parse or validate, or variables that did not coerce, ran nothing: a
		// client that accepts application/json reads the errors from a 200 (gqlgen says 422);
		// one that accepts application/graphql-response+json gets a 4xx without a data entry.
		graphQLResponse := strings.HasPrefix(w.Header().Get("Content-Type"), "application/graphql-response+json")
		switch {
		case status == http.StatusUnprocessableEntity && bytes.Contains(body, []byte(`"no operation provided"`)):
			status, body = http.StatusBadRequest, withoutData(body)
		case status >= 400 && status < 500 && graphQLResponse:
			body = withoutData(body)
		case status == http.StatusUnprocessableEntity:
			status = http.StatusOK
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	})
}

// withoutData drops a null data entry from a response that never executed.
func withoutData(body []byte) []byte {
	var resp map[string]json.RawMessage
	if json.Unmarshal(body, &resp) != nil || string(resp["data"]) != "null" {
		return body
	}
	delete(resp, "data")
	out, err := json.Marshal(resp)
	if err != nil {
		return body
	}
	return out
}
