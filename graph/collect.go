package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"vinhdanh/internal/catalog"
)

// computedFrom lists, by type, the fields the API computes from a record's own columns
// (ent/computed.go) with the fields whose columns they read.
//
// entgql's field collection reads only the columns a selection needs, unless the selection
// holds a field it does not know: then it reads every column. The widget's periodName made
// each roll row read all 26 award columns instead of 10 (on SQLite the page's statement cost
// 0.73 ms instead of 0.26 ms, most of it in decoding columns nobody asked for).
var computedFrom = map[string]map[string][]string{
	"Award":             {"period": periodFields, "periodName": periodFields, "revoked": {"revokedAt"}},
	"Ceremony":          {"period": periodFields},
	"EmulationMovement": {"period": periodFields},
	"Nomination":        {"period": periodFields},
}

var periodFields = []string{"periodKind", "periodStartYear", "periodEndYear"}

// collectable returns ctx with its field's selection as entgql's field collection should see
// it: each computed field replaced by the fields it is computed from, and fragment spreads by
// the equivalent inline fragments (entgql reads spreads from the operation, which is not
// rewritten). Only the collection reads the rewritten selection: gqlgen answers from its own.
// Resolvers that load ent records for a selection call it first (pageContext does).
func collectable(ctx context.Context) context.Context {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !graphql.HasOperationContext(ctx) {
		return ctx
	}
	r := rewriter{doc: graphql.GetOperationContext(ctx).Doc, inMemory: catalog.Marked(ctx)}
	sel, changed := r.selection(fc.Field.Selections, 0)
	if !changed {
		return ctx
	}
	return withSelection(ctx, fc, sel)
}

// maxFragmentDepth bounds how deep spreads are inlined; validation has already refused cycles.
const maxFragmentDepth = 16

// rewriter rewrites one field's selection for entgql's collection.
type rewriter struct {
	doc *ast.QueryDocument
	// inMemory: the read takes award levels, decisions, ceremonies and issuers from memory
	// (internal/catalog), so one asked for its own values (and kept edges) only is collected as
	// the record's id of it and not read again.
	inMemory bool
}

func (r rewriter) selection(set ast.SelectionSet, depth int) (ast.SelectionSet, bool) {
	var out ast.SelectionSet
	changed := false
	for i, s := range set {
		replacement, ok := r.one(s, depth)
		if ok && !changed {
			changed = true
			out = append(make(ast.SelectionSet, 0, len(set)+2), set[:i]...)
		}
		switch {
		case ok:
			out = append(out, replacement...)
		case changed:
			out = append(out, s)
		}
	}
	if !changed {
		return set, false
	}
	return out, true
}

func (r rewriter) one(s ast.Selection, depth int) (ast.SelectionSet, bool) {
	switch s := s.(type) {
	case *ast.Field:
		if s.ObjectDefinition != nil {
			if from, ok := computedFrom[s.ObjectDefinition.Name][s.Name]; ok {
				out := make(ast.SelectionSet, 0, len(from))
				for _, name := range from {
					out = append(out, &ast.Field{Alias: s.Alias + "\x00" + name, Name: name, Directives: s.Directives,
						Definition: s.ObjectDefinition.Fields.ForName(name), ObjectDefinition: s.ObjectDefinition, Position: s.Position})
				}
				return out, true
			}
			if name, ok := keptByID[s.ObjectDefinition.Name][s.Name]; ok && r.inMemory && r.keptOnly(s.SelectionSet, depth) {
				if id := s.ObjectDefinition.Fields.ForName(name); id != nil {
					return ast.SelectionSet{&ast.Field{Alias: s.Alias + "\x00" + name, Name: name, Directives: s.Directives,
						Definition: id, ObjectDefinition: s.ObjectDefinition, Position: s.Position}}, true
				}
			}
		}
		if sub, ok := r.selection(s.SelectionSet, depth); ok {
			f := *s
			f.SelectionSet = sub
			return ast.SelectionSet{&f}, true
		}
	case *ast.InlineFragment:
		if sub, ok := r.selection(s.SelectionSet, depth); ok {
			f := *s
			f.SelectionSet = sub
			return ast.SelectionSet{&f}, true
		}
	case *ast.FragmentSpread:
		def := r.doc.Fragments.ForName(s.Name)
		if def == nil || depth >= maxFragmentDepth {
			return nil, false
		}
		sub, ok := r.selection(def.SelectionSet, depth+1)
		if !ok {
			return nil, false
		}
		return ast.SelectionSet{&ast.InlineFragment{TypeCondition: def.TypeCondition, Directives: s.Directives,
			SelectionSet: sub, ObjectDefinition: def.Definition, Position: s.Position}}, true
	}
	return nil, false
}

// keptByID are, by type, the edges catalog.Memory fills in from memory, with the field of the
// id it fills them by.
var keptByID = map[string]map[string]string{
	"Award":      {"level": "levelID", "decision": "decisionID", "ceremony": "ceremonyID"},
	"Nomination": {"level": "levelID"},
	"Decision":   {"issuer": "issuerID"},
}

// keptOnly reports whether a selection asks for values alone, or edges memory fills in
// asking for the same (a decision's issuer), fragments included: a record from memory holds
// all its values but none of its other edges.
func (r rewriter) keptOnly(set ast.SelectionSet, depth int) bool {
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			if len(s.SelectionSet) == 0 {
				continue
			}
			if s.ObjectDefinition == nil || keptByID[s.ObjectDefinition.Name][s.Name] == "" || !r.keptOnly(s.SelectionSet, depth) {
				return false
			}
		case *ast.InlineFragment:
			if !r.keptOnly(s.SelectionSet, depth) {
				return false
			}
		case *ast.FragmentSpread:
			def := r.doc.Fragments.ForName(s.Name)
			if def == nil || depth >= maxFragmentDepth || !r.keptOnly(def.SelectionSet, depth+1) {
				return false
			}
		}
	}
	return true
}

// CatalogFrom marks the answers of query operations as reads whose award levels, decisions,
// ceremonies and issuers come from m (nil: none do). Mutations read those of their own
// transaction. The mark is on the answer's context, the one resolvers get.
func CatalogFrom(m *catalog.Memory) graphql.ResponseMiddleware {
	return func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		if m == nil || !graphql.HasOperationContext(ctx) { // an error before the operation was read
			return next(ctx)
		}
		if op := graphql.GetOperationContext(ctx).Operation; op != nil && op.Operation == ast.Query {
			ctx = m.Context(ctx)
		}
		return next(ctx)
	}
}
