// Package filter makes a client's where input mean one thing for every caller and on every
// database, before ent turns it into SQL:
//
//   - a where input on an entity with private rows (awards, nominations, their history, user
//     accounts, the audit log) is narrowed to the rows the caller may read, wherever it sits:
//     at the top of a query or under a public type (individuals(where: {hasNominationsWith:
//     …})), so a count cannot reveal a row the caller cannot read; hasX: true/false on such an
//     edge is rewritten to test the visible rows only;
//   - text arguments are compared in the canonical form text is stored in (NFC, trimmed), and a
//     name equals its spellings with the tone mark elsewhere ("Hoà" is "Hòa");
//   - the Fold comparisons fold case the same way on SQLite and MySQL (ent's own use MySQL's
//     accent-insensitive utf8mb4_general_ci and SQLite's ASCII-only LOWER).
//
// Guard is called by the @filter directive that every generated where input carries, so it
// runs for top-level queries and for nested connections that ent eager-loads alike.
package filter

import (
	"context"
	"reflect"
	"strings"
	"unicode"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"vinhdanh/ent"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/textfold"
	"vinhdanh/internal/viewer"
)

// Guard rewrites the where input w, a pointer to one of ent's generated XWhereInput structs.
// Nested where inputs are guarded on their own (the directive runs for each), so Guard looks
// at w's own fields only.
func Guard(ctx context.Context, w any) {
	v := viewer.FromContext(ctx)
	restrict(w, v)
	rv := reflect.ValueOf(w).Elem()
	t := rv.Type()
	for i := 0; i < t.NumField(); i++ {
		f, name := rv.Field(i), t.Field(i).Name
		switch {
		case strings.HasSuffix(name, "EqualFold") || strings.HasSuffix(name, "ContainsFold"):
			foldField(w, f, name)
		case strings.HasPrefix(name, "Has") && f.Type() == reflect.TypeFor[*bool]():
			existsField(ctx, rv, f, name)
		case f.Type() == reflect.TypeFor[*string]() && !f.IsNil():
			s := f.Elem().String()
			f.Set(reflect.ValueOf(canonical(name, s)))
		case f.Type() == reflect.TypeFor[[]string]():
			for j := 0; j < f.Len(); j++ {
				f.Index(j).SetString(*canonical(name, f.Index(j).String()))
			}
		}
	}
	for _, base := range nameFields {
		placements(w, rv, base)
	}
}

// maxWidened bounds the values one widened comparison sends to the database.
const maxWidened = 1000

// nameFields are the names compared canonically: a name is stored as typed, and "Hoà" and
// "Hòa" (the old and the new place of the tone mark) are one name.
var nameFields = []string{"FullName", "Name", "ShortName", "RecipientName"}

// placements widens exact comparisons of a name to every placement of its tone marks
// (textfold.Placements): equal to any of them, or different from all of them.
func placements(w any, rv reflect.Value, base string) {
	column := snake(base)
	widen := func(values []string) []any {
		var out []any
		for _, v := range values {
			for _, p := range textfold.Placements(v) {
				out = append(out, p)
			}
		}
		if len(out) > maxWidened {
			// A long list of names is compared as given: the statement stays small.
			out = out[:0]
			for _, v := range values {
				out = append(out, v)
			}
		}
		return out
	}
	var preds []func(*sql.Selector)
	for _, op := range []struct {
		suffix string
		negate bool
	}{{"", false}, {"NEQ", true}, {"In", false}, {"NotIn", true}} {
		f := rv.FieldByName(base + op.suffix)
		if !f.IsValid() {
			continue
		}
		var values []string
		switch {
		case f.Kind() == reflect.Pointer && !f.IsNil():
			values = []string{f.Elem().String()}
		case f.Kind() == reflect.Slice && f.Len() > 0:
			values = f.Interface().([]string)
		default:
			continue
		}
		args := widen(values)
		if len(args) == len(values) {
			continue // no name here has another placement
		}
		f.Set(reflect.Zero(f.Type()))
		negate := op.negate
		preds = append(preds, func(s *sql.Selector) {
			if negate {
				s.Where(sql.NotIn(s.C(column), args...))
			} else {
				s.Where(sql.In(s.C(column), args...))
			}
		})
	}
	if len(preds) == 0 {
		return
	}
	add := reflect.ValueOf(w).MethodByName("AddPredicates")
	for _, p := range preds {
		add.Call([]reflect.Value{reflect.ValueOf(p).Convert(add.Type().In(0).Elem())})
	}
}

// restrict narrows where inputs of entities with private rows to the visible rows.
func restrict(w any, v *viewer.Viewer) {
	switch w := w.(type) {
	case *ent.AwardWhereInput:
		if p := rule.AwardVisible(v); p != nil {
			w.AddPredicates(p)
		}
	case *ent.NominationWhereInput:
		if p := rule.NominationVisible(v); p != nil {
			w.AddPredicates(p)
		}
	case *ent.NominationEventWhereInput:
		if p := rule.NominationEventVisible(v); p != nil {
			w.AddPredicates(p)
		}
	case *ent.UserWhereInput:
		if p := rule.UserVisible(v); p != nil {
			w.AddPredicates(p)
		}
	case *ent.AuditEventWhereInput:
		if p := rule.AuditEventVisible(v); p != nil {
			w.AddPredicates(p)
		}
	}
}

// restricted reports whether where inputs of type t (a pointer to a where input struct) are
// narrowed by restrict.
func restricted(t reflect.Type) bool {
	switch reflect.New(t.Elem()).Interface().(type) {
	case *ent.AwardWhereInput, *ent.NominationWhereInput, *ent.NominationEventWhereInput,
		*ent.UserWhereInput, *ent.AuditEventWhereInput:
		return true
	}
	return false
}

// existsField rewrites hasX: true|false on an edge to restricted rows into a test of the
// visible rows: hasXWith: [{}] (narrowed), or not: {hasXWith: [{}]} for false.
func existsField(ctx context.Context, rv reflect.Value, f reflect.Value, name string) {
	with := rv.FieldByName(name + "With")
	if f.IsNil() || !with.IsValid() || !restricted(with.Type().Elem()) {
		return
	}
	empty := reflect.New(with.Type().Elem().Elem())
	restrict(empty.Interface(), viewer.FromContext(ctx))
	if empty.Elem().FieldByName("Predicates").Len() == 0 {
		return // the caller sees every row: hasX means what it says
	}
	want := f.Elem().Bool()
	f.Set(reflect.Zero(f.Type()))
	if want {
		with.Set(reflect.Append(with, empty))
		return
	}
	// not: {hasXWith: [{}]}, joined to whatever else the input asks with and.
	inner := reflect.New(rv.Type())
	inner.Elem().FieldByName(name + "With").Set(reflect.Append(reflect.MakeSlice(with.Type(), 0, 1), empty))
	negated := reflect.New(rv.Type())
	negated.Elem().FieldByName("Not").Set(inner)
	and := rv.FieldByName("And")
	and.Set(reflect.Append(and, negated))
}

// foldField replaces an ent Fold comparison with one that folds case alike on every database:
// LOWER of the column (Unicode-aware on MySQL, and on SQLite through the function the store
// registers) against the lower-cased argument, under binary comparison. Tone marks count:
// "hoa" matches "Hoa" and "HOA", not "Hòa"; search(text:) is what ignores them.
func foldField(w any, f reflect.Value, name string) {
	if f.IsNil() {
		return
	}
	value := strings.ToLower(*canonical(name, f.Elem().String()))
	f.Set(reflect.Zero(f.Type()))
	var suffix string
	contains := strings.HasSuffix(name, "ContainsFold")
	if contains {
		suffix = "ContainsFold"
	} else {
		suffix = "EqualFold"
	}
	column := snake(strings.TrimSuffix(name, suffix))
	p := func(s *sql.Selector) {
		s.Where(sql.P(func(b *sql.Builder) {
			b.WriteString("LOWER(").Ident(s.C(column)).WriteString(")")
			if !contains {
				// Every placement of the tone marks is the same name (placements).
				b.WriteString(" IN (")
				for i, v := range textfold.Placements(value) {
					if i > 0 {
						b.WriteString(", ")
					}
					b.Arg(strings.ToLower(v))
				}
				b.WriteString(")")
				return
			}
			b.WriteString(" LIKE ").Arg("%" + escapeLike(value) + "%")
			b.WriteString(" ESCAPE ")
			if b.Dialect() == dialect.MySQL {
				b.WriteString(`'\\'`)
			} else {
				b.WriteString(`'\'`)
			}
		}))
	}
	add := reflect.ValueOf(w).MethodByName("AddPredicates")
	add.Call([]reflect.Value{reflect.ValueOf(p).Convert(add.Type().In(0).Elem())})
}

// canonical returns a text argument in the form text is stored in: NFC, and trimmed for
// comparisons of whole values (a prefix or a substring keeps its spaces).
func canonical(field, s string) *string {
	if strings.HasSuffix(field, "HasPrefix") || strings.HasSuffix(field, "HasSuffix") || strings.HasSuffix(field, "Contains") {
		s = textfold.NFCOnly(s)
	} else {
		s = textfold.Canonical(s)
	}
	return &s
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// snake turns a Go field name (FullName, RecipientName) into its column (full_name).
func snake(name string) string {
	var b strings.Builder
	for i, r := range name {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
