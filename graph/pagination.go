package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// pageContext returns the context to paginate a connection with: the connection's selection
// without pageInfo unless totalCount is asked (countOnlyIfAsked), and with computed fields
// replaced by the fields they read (collectable).
func pageContext(ctx context.Context) context.Context { return collectable(countOnlyIfAsked(ctx)) }

// countOnlyIfAsked returns the connection's selection without pageInfo. entgql's generated
// Paginate runs a COUNT whenever pageInfo is selected, though hasNextPage comes from reading
// first + 1 rows; at a million awards that COUNT is most of a page's cost. Unless the client
// asks for totalCount, the paginator is shown the connection's selection without pageInfo;
// the page info it fills from first + 1 rows is still returned.
func countOnlyIfAsked(ctx context.Context) context.Context {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || countAsked(ctx) {
		return ctx
	}
	kept := make(ast.SelectionSet, 0, len(fc.Field.Selections))
	for _, sel := range fc.Field.Selections {
		if f, ok := sel.(*ast.Field); ok && f.Name == "pageInfo" {
			continue
		}
		kept = append(kept, sel)
	}
	return withSelection(ctx, fc, kept)
}

// withSelection returns ctx with the field's selection replaced: the same field at the same
// place in the answer (not a child of it), as its resolver's helpers should see it.
func withSelection(ctx context.Context, fc *graphql.FieldContext, sel ast.SelectionSet) context.Context {
	cp := *fc
	cp.Field.Selections = sel
	ctx = graphql.WithFieldContext(ctx, &cp)
	cp.Parent = fc.Parent
	return ctx
}

// countAsked says whether the connection being resolved selects totalCount.
func countAsked(ctx context.Context) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return true // not a GraphQL field: assume the count is wanted
	}
	for _, f := range graphql.CollectFields(graphql.GetOperationContext(ctx), fc.Field.Selections, nil) {
		if f.Name == "totalCount" {
			return true
		}
	}
	return false
}
