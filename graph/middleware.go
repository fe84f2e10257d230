package graph

import (
	"cmp"
	"context"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"strconv"
	"strings"
	"time"
	"vinhdanh/internal/metrics"
	"vinhdanh/internal/requestid"
	"vinhdanh/internal/tracing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"vinhdanh/internal/apperr"
	"vinhdanh/internal/audit"
)

// Page sizes of every connection, top-level or nested.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
	MaxListLength   = 200 // items in any list argument, as in the bulk mutations
)

// PageBounds bounds every connection of an operation before anything runs: a page larger
// than MaxPageSize is a BAD_USER_INPUT error, and a connection without first or last gets
// first: DefaultPageSize (last when paging backwards). It works on the operation itself
// rather than in a field middleware because ent eager-loads nested connections from the
// parent's resolver, reading their arguments from the query: bounds set later would limit
// the output but not what was loaded. The parsed query is cached and shared between
// requests, so the bounded copy is built alongside it, never written into it.
type PageBounds struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = PageBounds{}

// ExtensionName implements graphql.HandlerExtension.
func (PageBounds) ExtensionName() string { return "PageBounds" }

// Validate implements graphql.HandlerExtension.
func (PageBounds) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator.
func (PageBounds) MutateOperationContext(_ context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	b := bounder{vars: rc.Variables}
	op := *rc.Operation
	op.SelectionSet = b.selections(rc.Operation.SelectionSet)
	if b.err != nil {
		return b.err
	}
	rc.Operation = &op
	if len(rc.Doc.Fragments) > 0 {
		doc := *rc.Doc
		doc.Fragments = make(ast.FragmentDefinitionList, len(rc.Doc.Fragments))
		for i, f := range rc.Doc.Fragments {
			cp := *f
			cp.SelectionSet = b.selections(f.SelectionSet)
			doc.Fragments[i] = &cp
		}
		if b.err != nil {
			return b.err
		}
		rc.Doc = &doc
	}
	return nil
}

type bounder struct {
	vars map[string]any
	err  *gqlerror.Error
}

func (b *bounder) selections(set ast.SelectionSet) ast.SelectionSet {
	out := make(ast.SelectionSet, len(set))
	for i, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			f := *s
			f.Arguments = b.arguments(s)
			f.SelectionSet = b.selections(s.SelectionSet)
			out[i] = &f
		case *ast.InlineFragment:
			frag := *s
			frag.SelectionSet = b.selections(s.SelectionSet)
			out[i] = &frag
		default:
			out[i] = sel
		}
	}
	return out
}

// arguments returns the field's arguments with the page bounded, or the same list. Every list
// an argument holds, at any depth (ids, nominationIDs, idIn inside a where), is bounded like a
// page, so one request cannot name a hundred thousand rows.
func (b *bounder) arguments(f *ast.Field) ast.ArgumentList {
	if f.Definition == nil || len(f.Definition.Arguments) == 0 {
		return f.Arguments // no argument to bound (most fields: the map would be built for nothing)
	}
	args := f.ArgumentMap(b.vars)
	for name, v := range args {
		if n := longestList(v); n > MaxListLength && b.err == nil {
			b.err = gqlerror.Errorf("%s.%s holds a list of %d items; at most %d are allowed", f.Name, name, n, MaxListLength)
			b.err.Extensions = map[string]any{"code": string(apperr.BadUserInput), "field": name}
		}
	}
	if !strings.HasSuffix(f.Definition.Type.Name(), "Connection") || f.Definition.Arguments.ForName("first") == nil {
		return f.Arguments
	}
	first, last := args["first"], args["last"]
	if first != nil && last != nil && b.err == nil {
		b.err = gqlerror.Errorf("pass either first or last to %s, not both", f.Name)
		b.err.Extensions = map[string]any{"code": string(apperr.BadUserInput), "field": "first"}
	}
	for name, v := range map[string]any{"first": first, "last": last} {
		if n, ok := v.(int64); ok && (n < 0 || n > MaxPageSize) && b.err == nil {
			b.err = gqlerror.Errorf("%s must be between 0 and %d, got %d", name, MaxPageSize, n)
			b.err.Extensions = map[string]any{"code": string(apperr.BadUserInput), "field": name}
		}
	}
	if first != nil || last != nil {
		return f.Arguments
	}
	name := "first"
	if args["before"] != nil {
		name = "last"
	}
	bounded := append(ast.ArgumentList{}, f.Arguments...)
	return append(bounded, &ast.Argument{Name: name, Value: &ast.Value{Kind: ast.IntValue, Raw: strconv.Itoa(DefaultPageSize)}})
}

// longestList returns the length of the longest list inside an argument value.
func longestList(v any) int {
	longest := 0
	switch v := v.(type) {
	case []any:
		longest = len(v)
		for _, e := range v {
			longest = max(longest, longestList(e))
		}
	case map[string]any:
		for _, e := range v {
			longest = max(longest, longestList(e))
		}
	}
	return longest
}

// NameOperation tags the context of each top-level mutation with its name, which the audit
// log records with every change the mutation makes. A root-field middleware: it runs once per
// operation field, not for each of the thousands of fields of a page.
func NameOperation(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	// The operation's type is on the field context gqlgen sets around its root fields (the
	// root field context's Object holds the field's name).
	if op := graphql.GetFieldContext(ctx); op != nil && op.Object == "Mutation" {
		if root := graphql.GetRootFieldContext(ctx); root != nil {
			ctx = audit.WithOperation(ctx, root.Field.Name)
		}
	}
	return next(ctx)
}

// Observe names the request's operation for its log lines, and records each GraphQL response
// in the request's metrics: the operation's name and type, and the first error's code (OK when
// none).
func Observe(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	start := time.Now()
	if graphql.HasOperationContext(ctx) {
		if oc := graphql.GetOperationContext(ctx); oc.Operation != nil {
			requestid.SetOperation(ctx, cmp.Or(oc.OperationName, oc.Operation.Name, string(oc.Operation.Operation)))
		}
	}
	var span trace.Span
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		name := "graphql"
		if oc.Operation != nil {
			name = strings.TrimSpace(string(oc.Operation.Operation) + " " + cmp.Or(oc.OperationName, oc.Operation.Name))
		}
		ctx, span = tracing.Tracer.Start(ctx, name)
		defer span.End()
	}
	resp := next(ctx)
	if span != nil && resp != nil && len(resp.Errors) > 0 {
		span.SetStatus(codes.Error, resp.Errors[0].Message)
	}
	m := metrics.FromContext(ctx)
	if m == nil || !graphql.HasOperationContext(ctx) {
		return resp
	}
	oc := graphql.GetOperationContext(ctx)
	typ := "unknown"
	if oc.Operation != nil {
		typ = string(oc.Operation.Operation)
	}
	code := "OK"
	if resp != nil && len(resp.Errors) > 0 {
		code = "ERROR"
		if c, ok := resp.Errors[0].Extensions["code"].(string); ok {
			code = c
		}
	}
	name := oc.OperationName
	if name == "" && oc.Operation != nil {
		name = oc.Operation.Name
	}
	m.Operation(name, typ, code, time.Since(start))
	return resp
}
