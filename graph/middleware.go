package graph

import (
	"context"
	"strings"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"

	"vinhdanh/internal/apperr"
	"vinhdanh/internal/audit"
)

// Page sizes of every connection, top-level or nested.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)

// BoundPages is a field middleware that gives every connection a default page size and
// rejects pages larger than MaxPageSize, so no request can ask for a whole table.
func BoundPages(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || fc.Field.Definition == nil ||
		!strings.HasSuffix(fc.Field.Definition.Type.Name(), "Connection") {
		return next(ctx)
	}
	first, _ := fc.Args["first"].(*int)
	last, _ := fc.Args["last"].(*int)
	switch {
	case first != nil && last != nil:
		return nil, apperr.Invalid("first", "pass either first or last, not both")
	case first != nil && (*first < 0 || *first > MaxPageSize):
		return nil, apperr.Invalid("first", "first must be between 0 and %d, got %d", MaxPageSize, *first)
	case last != nil && (*last < 0 || *last > MaxPageSize):
		return nil, apperr.Invalid("last", "last must be between 0 and %d, got %d", MaxPageSize, *last)
	case first == nil && last == nil:
		if _, paged := fc.Args["first"]; paged {
			size := DefaultPageSize
			if before, _ := fc.Args["before"].(*entgql.Cursor[int]); before != nil {
				fc.Args["last"] = &size
			} else {
				fc.Args["first"] = &size
			}
		}
	}
	return next(ctx)
}

// NameOperation tags the context of each top-level mutation with its name, which the audit
// log records with every change the mutation makes.
func NameOperation(ctx context.Context, next graphql.Resolver) (any, error) {
	if fc := graphql.GetFieldContext(ctx); fc != nil && fc.Object == "Mutation" {
		ctx = audit.WithOperation(ctx, fc.Field.Name)
	}
	return next(ctx)
}
