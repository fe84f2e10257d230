package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"vinhdanh/ent"
	"vinhdanh/ent/privacy"
	"vinhdanh/internal/apperr"
	"vinhdanh/internal/requestid"
	"vinhdanh/internal/store"
)

// ErrorPresenter maps every error a client can see onto a stable extensions.code. Errors it
// does not recognise are internal: the client gets "internal error" and the request id, the
// log gets the cause. SQL text and stack traces never reach a client.
func ErrorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		out := graphql.DefaultErrorPresenter(ctx, err)
		code, message, field := classify(err)
		if code == "" {
			if c, ok := out.Extensions["code"].(string); ok && c != "" {
				// gqlgen's own parse and validation errors already carry a code.
				if c == "INVALID_PAGINATION" {
					out.Extensions["code"] = string(apperr.BadUserInput)
				}
				return out
			}
			if isInputError(ctx, err) {
				code, message = apperr.BadUserInput, out.Message
			}
		}
		if code == "" {
			id := requestid.FromContext(ctx)
			log.ErrorContext(ctx, "internal error", "err", err, "path", out.Path.String(), "request_id", id)
			code, message = apperr.Internal, "internal error"
			out.Extensions = map[string]any{"requestId": id}
		}
		if code == apperr.Unavailable || code == apperr.Timeout {
			log.WarnContext(ctx, "request failed", "code", code, "err", err, "request_id", requestid.FromContext(ctx))
		}
		out.Message = apperr.Localize(ctx, message)
		if out.Extensions == nil {
			out.Extensions = map[string]any{}
		}
		out.Extensions["code"] = string(code)
		if field != "" {
			out.Extensions["field"] = field
		}
		return out
	}
}

// classify returns the client-facing code, message and input field of err, or an empty
// code when err is not one the API knows how to show.
func classify(err error) (apperr.Code, string, string) {
	if e, ok := apperr.As(err); ok {
		return e.Code, e.Message, e.Field
	}
	var (
		notFound   *ent.NotFoundError
		validation *ent.ValidationError
	)
	switch {
	case errors.As(err, &notFound):
		return apperr.NotFound, "not found", ""
	case errors.As(err, &validation):
		field := inputName(validation.Name)
		return apperr.BadUserInput, fmt.Sprintf("invalid value for %s: %v", field, validationReason(validation)), field
	case ent.IsConstraintError(err):
		return apperr.Conflict, "the change conflicts with existing records", ""
	case errors.Is(err, privacy.Deny):
		return apperr.Forbidden, "not allowed", ""
	case store.IsContention(err):
		return apperr.Conflict, "a concurrent change got there first: try again", ""
	case errors.Is(err, context.DeadlineExceeded):
		return apperr.Timeout, "the request took too long and was stopped: ask for less, or try again later", ""
	case store.IsUnavailable(err):
		return apperr.Unavailable, "the database is not available right now: try again shortly", ""
	}
	return "", "", ""
}

// isInputError reports whether gqlgen raised err while reading a field's arguments (a
// malformed ID, cursor, enum or date), which is the client's mistake. gqlgen wraps argument
// errors and resolver errors alike, but an argument error's path runs past the field into
// the argument ("node", "id"), while a resolver error's path ends at the field.
func isInputError(ctx context.Context, err error) bool {
	var gqlErr *gqlerror.Error
	if !errors.As(err, &gqlErr) {
		return false
	}
	return len(gqlErr.Path) > len(graphql.GetPath(ctx))
}

// inputName turns an ent column name (full_name) into the GraphQL input field (fullName).
func inputName(column string) string {
	parts := strings.Split(column, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] == "id" {
			parts[i] = "ID"
		} else if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// validationReason is the validator's complaint without ent's prefix, e.g. "value is less
// than the required length".
func validationReason(e *ent.ValidationError) string {
	msg := e.Unwrap().Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		return msg[i+2:]
	}
	return msg
}
