package graph

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"vinhdanh/internal/publiccache"
	"vinhdanh/internal/viewer"
)

// PublicCache answers anonymous queries from the public cache: the same query, operation and
// variables get the answer computed once in the current generation of the record. Signed-in
// callers, mutations, subscriptions, deferred parts and answers with errors are never cached.
// It wraps the operation, which runs only once the request has parsed, validated and passed
// the cost check (a refused request never reaches it, and a cached answer is charged like a
// computed one).
type PublicCache struct{ Cache *publiccache.Cache }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
} = PublicCache{}

// ExtensionName implements graphql.HandlerExtension.
func (PublicCache) ExtensionName() string { return "PublicCache" }

// Validate implements graphql.HandlerExtension.
func (PublicCache) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptOperation implements graphql.OperationInterceptor.
func (p PublicCache) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	if p.Cache == nil || viewer.FromContext(ctx) != nil || oc.Operation == nil || oc.Operation.Operation != ast.Query {
		return next(ctx)
	}
	vars, err := json.Marshal(oc.Variables) // map keys sorted: one key per set of values
	if err != nil {
		return next(ctx)
	}
	key := p.Cache.Key("graphql", oc.RawQuery, oc.OperationName, string(vars))
	var (
		run      graphql.ResponseHandler
		answered bool
	)
	return func(ctx context.Context) *graphql.Response {
		if answered {
			return nil // a cached answer is whole: nothing follows it
		}
		if run != nil {
			return run(ctx) // the rest of an answer computed here (deferred parts)
		}
		var computed *graphql.Response
		data := p.Cache.Get(ctx, key, func() ([]byte, bool) {
			run = next(ctx)
			computed = run(ctx)
			if computed == nil {
				return nil, false
			}
			return bytes.Clone(computed.Data), len(computed.Errors) == 0 && computed.HasNext == nil && len(computed.Extensions) == 0
		})
		if computed != nil {
			return computed // computed for this caller: its own answer, errors and all
		}
		if data == nil { // shared a computation that could not be kept: compute our own
			run = next(ctx)
			return run(ctx)
		}
		answered = true
		return &graphql.Response{Data: data}
	}
}
