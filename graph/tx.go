package graph

import (
	"context"
	"fmt"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"vinhdanh/ent"
)

// Transactional runs every mutation in one transaction: all its writes, history and audit
// events land together or not at all. It does what entgql.Transactioner does, and also
// answers requests that never became an operation (a body that is not JSON, a query that does
// not parse), for which entgql v0.7.0's transactioner panics ("missing operation context");
// and its failures reach the client through the error presenter, never as driver text.
type Transactional struct {
	Client *ent.Client
	// Skip names operations that manage their own transactions (sign-in calls).
	Skip func(*ast.OperationDefinition) bool
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
	graphql.ResponseInterceptor
} = Transactional{}

// ExtensionName implements graphql.HandlerExtension.
func (Transactional) ExtensionName() string { return "Transactional" }

// Validate implements graphql.HandlerExtension.
func (Transactional) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext runs a mutation's resolvers one at a time: a transaction serves one
// statement at a time.
func (t Transactional) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if t.inTx(oc.Operation) {
		previous := oc.ResolverMiddleware
		var mu sync.Mutex
		oc.ResolverMiddleware = func(ctx context.Context, next graphql.Resolver) (any, error) {
			mu.Lock()
			defer mu.Unlock()
			return previous(ctx, next)
		}
	}
	return nil
}

// InterceptResponse implements graphql.ResponseInterceptor.
func (t Transactional) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) || !t.inTx(graphql.GetOperationContext(ctx).Operation) {
		return next(ctx)
	}
	txCtx, tx, err := t.Client.OpenTx(ctx)
	if err != nil {
		graphql.AddError(ctx, fmt.Errorf("begin transaction: %w", err))
		return &graphql.Response{Errors: graphql.GetErrors(ctx)}
	}
	defer func() {
		if r := recover(); r != nil {
			_ = tx.Rollback()
			panic(r)
		}
	}()
	rsp := next(txCtx)
	if len(rsp.Errors) > 0 {
		_ = tx.Rollback()
		return &graphql.Response{Errors: rsp.Errors}
	}
	if err := tx.Commit(); err != nil {
		graphql.AddError(ctx, fmt.Errorf("commit: %w", err))
		return &graphql.Response{Errors: graphql.GetErrors(ctx)}
	}
	return rsp
}

func (t Transactional) inTx(op *ast.OperationDefinition) bool {
	return op != nil && op.Operation == ast.Mutation && (t.Skip == nil || !t.Skip(op))
}
