package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
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
	sel, changed := rewriteSelection(graphql.GetOperationContext(ctx).Doc, fc.Field.Selections, 0)
	if !changed {
		return ctx
	}
	return withSelection(ctx, fc, sel)
}

// maxFragmentDepth bounds how deep spreads are inlined; validation has already refused cycles.
const maxFragmentDepth = 16

func rewriteSelection(doc *ast.QueryDocument, set ast.SelectionSet, depth int) (ast.SelectionSet, bool) {
	var out ast.SelectionSet
	changed := false
	for i, s := range set {
		replacement, ok := rewriteOne(doc, s, depth)
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

func rewriteOne(doc *ast.QueryDocument, s ast.Selection, depth int) (ast.SelectionSet, bool) {
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
		}
		if sub, ok := rewriteSelection(doc, s.SelectionSet, depth); ok {
			f := *s
			f.SelectionSet = sub
			return ast.SelectionSet{&f}, true
		}
	case *ast.InlineFragment:
		if sub, ok := rewriteSelection(doc, s.SelectionSet, depth); ok {
			f := *s
			f.SelectionSet = sub
			return ast.SelectionSet{&f}, true
		}
	case *ast.FragmentSpread:
		def := doc.Fragments.ForName(s.Name)
		if def == nil || depth >= maxFragmentDepth {
			return nil, false
		}
		sub, ok := rewriteSelection(doc, def.SelectionSet, depth+1)
		if !ok {
			return nil, false
		}
		return ast.SelectionSet{&ast.InlineFragment{TypeCondition: def.TypeCondition, Directives: s.Directives,
			SelectionSet: sub, ObjectDefinition: def.Definition, Position: s.Position}}, true
	}
	return nil, false
}
