// Package apperr defines the error kinds the API shows its clients. Services and ent hooks
// return these; graph/errors.go maps them, and ent's own error types, onto the stable
// extensions.code values in one place.
package apperr

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
)

// Code is the value a client sees in extensions.code.
type Code string

// Codes shown to clients.
const (
	BadUserInput    Code = "BAD_USER_INPUT"
	NotFound        Code = "NOT_FOUND"
	Conflict        Code = "CONFLICT"
	Forbidden       Code = "FORBIDDEN"
	Unauthenticated Code = "UNAUTHENTICATED"
	RateLimited     Code = "RATE_LIMITED"
	Unavailable     Code = "UNAVAILABLE"       // the database does not answer; retry later
	Timeout         Code = "TIMEOUT"           // the request ran past its deadline
	TooLarge        Code = "PAYLOAD_TOO_LARGE" // the request body is over the limit
	BadRequest      Code = "BAD_REQUEST"       // the request is not a GraphQL request at all
	Internal        Code = "INTERNAL_SERVER_ERROR"
)

// Error is an error meant to be shown to a client. Message is safe to show; Err, when set,
// is the underlying cause and is logged, not shown.
type Error struct {
	Code    Code
	Field   string // the input field at fault, if any
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Invalid reports bad input in the named field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: BadUserInput, Field: field, Message: fmt.Sprintf(format, args...)}
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Status is the HTTP status that answers a request failing with code as a whole, or 0 when the
// code does not fail a GraphQL response as a whole (a field's error answers 200).
func Status(code Code) int {
	switch code {
	case Unauthenticated:
		return http.StatusUnauthorized
	case RateLimited:
		return http.StatusTooManyRequests
	case Unavailable, Timeout:
		return http.StatusServiceUnavailable
	case TooLarge:
		return http.StatusRequestEntityTooLarge
	case BadRequest:
		return http.StatusBadRequest
	case Internal:
		return http.StatusInternalServerError
	}
	return 0
}

// WriteHTTP answers a request that fails before GraphQL runs (no token, no budget, no
// database), or a plain HTTP endpoint's request (an export), in the shape of a GraphQL error
// response, with the status its code calls for.
//
// The media type is the one a GraphQL response to r would have: application/graphql-response+json
// when the client asks for it (as GraphQL over HTTP clients do), application/json otherwise, so
// a client such as Apollo reads a refused token as a GraphQL error with its code.
func WriteHTTP(w http.ResponseWriter, r *http.Request, e *Error) {
	status := Status(e.Code)
	switch {
	case status != 0:
	case e.Code == NotFound:
		status = http.StatusNotFound
	case e.Code == Forbidden:
		status = http.StatusForbidden
	case e.Code == Conflict:
		status = http.StatusConflict
	default:
		status = http.StatusBadRequest
	}
	w.Header().Set("Content-Type", responseType(r))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	message := e.Message
	if r == nil || Language(r.Header.Get("Accept-Language")) == "vi" {
		message = Vietnamese(message)
	}
	_ = json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": message, "extensions": map[string]any{"code": string(e.Code)}}},
	})
}

// responseType is the media type of a GraphQL response to r: the first of the two GraphQL
// over HTTP types its Accept header names, application/json when it names neither.
func responseType(r *http.Request) string {
	if r != nil {
		for part := range strings.SplitSeq(r.Header.Get("Accept"), ",") {
			media, _, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil {
				continue
			}
			switch media {
			case "application/graphql-response+json":
				return "application/graphql-response+json; charset=utf-8"
			case "application/json":
				return "application/json"
			}
		}
	}
	return "application/json"
}
