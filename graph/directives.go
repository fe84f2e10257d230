package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"vinhdanh/internal/viewer"
)

// Private guards @private fields: anonymous callers get an error, never the value and never
// a silent null.
func Private(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
	if viewer.FromContext(ctx) == nil {
		name := "this field"
		if fc := graphql.GetFieldContext(ctx); fc != nil {
			name = fc.Field.Name
		}
		return nil, viewer.Refusal(ctx, "read "+name)
	}
	return next(ctx)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
