package graph

import (
	"context"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"vinhdanh/internal/apperr"
	"vinhdanh/internal/viewer"
)

// What the database pays, in the units the cost model counts: one unit is one row read and
// resolved. A count or an aggregate scans rows it does not return, so it is charged as a page
// of rows; search ranks up to its own candidate cap.
const (
	countCost  = 200 // totalCount, and pageInfo, which entgql answers with a COUNT
	searchCost = 500
	statsCost  = 200
	// A tally over a province or the country, or over the whole record, reads most of a
	// million awards (about a second): priced near the anonymous limit, one at a time.
	largeStatsCost = 40_000
	listGuess      = 20 // a plain list field (presenters, co-organisers) has no page size
)

// Cost prices every operation before it runs and refuses the ones over the caller's limit.
// Aliases, fragments and nested pages all count: 999 aliases of honorRoll { totalCount } cost
// 999 counts. Anonymous callers also spend their cost from a budget per client address
// (Spend), so a few clients sending the costliest admissible query cannot take the server
// from everybody else.
type Cost struct {
	AnonymousMax int
	SignedInMax  int
	// Spend takes cost units from the anonymous caller's budget; it returns an error (code
	// RATE_LIMITED) when the budget is spent.
	Spend func(ctx context.Context, cost int) *apperr.Error
	// LargeScope reports whether a unit's subtree is too large to list (a province, the
	// country): a tally over it is priced as reading most of the record.
	LargeScope func(ctx context.Context, collectiveID int) bool
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = Cost{}

// ExtensionName implements graphql.HandlerExtension.
func (Cost) ExtensionName() string { return "Cost" }

// Validate implements graphql.HandlerExtension.
func (Cost) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator. It runs after PageBounds,
// so every connection has its page size.
func (c Cost) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	p := pricer{doc: rc.Doc, vars: rc.Variables, ctx: ctx, large: c.LargeScope}
	cost := p.selections(rc.Operation.SelectionSet, 0)
	limit := c.SignedInMax
	v := viewer.FromContext(ctx)
	if v == nil {
		limit = c.AnonymousMax
	}
	if cost > limit {
		err := gqlerror.Errorf("this query would cost %d units, more than the %d allowed: ask for fewer rows, counts or aliases", cost, limit)
		err.Extensions = map[string]any{"code": string(apperr.BadUserInput), "cost": cost, "limit": limit}
		return err
	}
	if v == nil && c.Spend != nil {
		if e := c.Spend(ctx, cost); e != nil {
			err := gqlerror.Errorf("%s", e.Message)
			err.Extensions = map[string]any{"code": string(e.Code), "cost": cost}
			return err
		}
	}
	return nil
}

type pricer struct {
	ctx   context.Context
	large func(context.Context, int) bool
	doc   *ast.QueryDocument
	vars  map[string]any
}

func (p pricer) selections(set ast.SelectionSet, depth int) int {
	if depth > 30 {
		return 0
	}
	total := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			total += p.field(s, depth)
		case *ast.InlineFragment:
			total += p.selections(s.SelectionSet, depth+1)
		case *ast.FragmentSpread:
			if f := p.doc.Fragments.ForName(s.Name); f != nil {
				total += p.selections(f.SelectionSet, depth+1)
			}
		}
	}
	return total
}

func (p pricer) field(f *ast.Field, depth int) int {
	if f.Definition == nil || strings.HasPrefix(f.Name, "__") {
		return 0
	}
	var args map[string]any
	if len(f.Definition.Arguments) > 0 { // most fields have none: no map to build
		args = f.ArgumentMap(p.vars)
	}
	children := p.selections(f.SelectionSet, depth+1)
	typ := f.Definition.Type
	switch {
	case f.Name == "totalCount" || f.Name == "pageInfo":
		return countCost
	case f.Name == "honorRollLevels":
		return countCost + listGuess*children
	case f.Name == "search":
		return searchCost + intArg(args, "first", 20)*children
	case f.Name == "awardStats":
		return p.statsCost(args) + 40*children
	case f.Name == "nodes":
		ids, _ := args["ids"].([]any)
		return 1 + len(ids)*children
	case strings.HasSuffix(typ.Name(), "Connection"):
		page := intArg(args, "first", intArg(args, "last", DefaultPageSize))
		return 1 + p.connection(f.SelectionSet, page, depth+1)
	case typ.Elem != nil && len(f.SelectionSet) > 0:
		return 1 + listGuess*children
	}
	return 1 + children
}

// connection prices a connection's selections: edges (and nodes) once per row of the page.
func (p pricer) connection(set ast.SelectionSet, page, depth int) int {
	total := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == "edges" || s.Name == "nodes" {
				total += page * (1 + p.selections(s.SelectionSet, depth+1))
			} else {
				total += p.field(s, depth)
			}
		case *ast.InlineFragment:
			total += p.connection(s.SelectionSet, page, depth+1)
		case *ast.FragmentSpread:
			if f := p.doc.Fragments.ForName(s.Name); f != nil {
				total += p.connection(f.SelectionSet, page, depth+1)
			}
		}
	}
	return total
}

// statsCost prices a tally by its scope: a unit's small subtree, a ceremony, a decision or one
// recipient is a page's worth; a large subtree or the whole record is not.
func (p pricer) statsCost(args map[string]any) int {
	if p.large == nil {
		return statsCost
	}
	if id, ok := args["collectiveID"].(string); ok {
		if n, err := strconv.Atoi(id); err == nil && p.large(p.ctx, n) {
			return largeStatsCost
		}
		return statsCost
	}
	where, _ := args["where"].(map[string]any)
	for _, narrow := range []string{"ceremonyID", "decisionID", "collectiveID", "individualID", "hasCeremonyWith", "hasDecisionWith"} {
		if where[narrow] != nil {
			return statsCost
		}
	}
	return largeStatsCost
}

func intArg(args map[string]any, name string, def int) int {
	switch v := args[name].(type) {
	case int64:
		return int(v)
	case int:
		return v
	}
	return def
}
