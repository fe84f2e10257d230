// Package apperr defines the error kinds the API shows its clients. Services and ent hooks
// return these; graph/errors.go maps them, and ent's own error types, onto the stable
// extensions.code values in one place.
package apperr

import (
	"errors"
	"fmt"
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
