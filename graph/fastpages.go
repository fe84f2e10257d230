package graph

import (
	"context"
	"io"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"vinhdanh/ent"
	"vinhdanh/graph/scalar"
	"vinhdanh/internal/enum"
)

// The honor roll is the public's page: embedded on school and federation sites, read far more
// than anything else; pages of people with their awards and a person's history are what the
// staff's and the public's screens read next most. gqlgen resolves each field of each record
// through a field context of its own (an allocation, a context value, a closure), which cost a
// 50-award page more than its database statements did. When such a page's selection holds only
// fields that are a record's own values or edges entgql's collection has already loaded, it is
// written here in one pass instead: the same resolver (arguments, privacy, errors and all,
// through gqlgen's own ResolveField), the same marshalers for every value, so the same bytes;
// only the per-field machinery is skipped. Any other selection, or a page whose edges were not
// loaded, takes gqlgen's path. TestFastPagesAreGqlgensAnswer holds the two to the same answer.

// writtenFields are the fields written directly, by type: each is a value the record holds (or
// computes without a context) or an edge read from what entgql loaded.
var writtenFields = map[string]map[string]bool{
	"AwardConnection": {"edges": true, "pageInfo": true, "totalCount": true},
	"AwardEdge":       {"node": true, "cursor": true},
	"PageInfo":        {"hasNextPage": true, "hasPreviousPage": true, "startCursor": true, "endCursor": true},
	"Award": {"id": true, "recipientName": true, "recipientUnit": true, "recipientPosition": true,
		"recipientKind": true, "period": true, "periodName": true, "periodKind": true,
		"level": true, "decision": true, "ceremony": true},
	"AwardLevel": {"id": true, "code": true, "name": true, "rank": true},
	"Decision":   {"id": true, "number": true, "signedOn": true, "issuer": true},
	"Collective": {"id": true, "name": true, "shortName": true},
	"Ceremony":   {"id": true, "name": true, "heldOn": true},
	// A page of people with their awards (the nested list the staff's screens and the history
	// pages read): each person's awards are an edge entgql loaded with the page.
	"IndividualConnection": {"edges": true, "pageInfo": true, "totalCount": true},
	"IndividualEdge":       {"node": true, "cursor": true},
	"Individual":           {"id": true, "fullName": true, "awards": true},
}

// implementorsOf are the type conditions each written type satisfies, as gqlgen collects them.
var implementorsOf = map[string][]string{
	"AwardConnection": awardConnectionImplementors, "AwardEdge": awardEdgeImplementors,
	"PageInfo": pageInfoImplementors, "Award": awardImplementors, "AwardLevel": awardLevelImplementors,
	"Decision": decisionImplementors, "Collective": collectiveImplementors, "Ceremony": ceremonyImplementors,
	"IndividualConnection": individualConnectionImplementors, "IndividualEdge": individualEdgeImplementors,
	"Individual": individualImplementors,
}

// childType is the type of an object field of the written types.
var childType = map[string]string{
	"AwardConnection.edges": "AwardEdge", "AwardConnection.pageInfo": "PageInfo", "AwardEdge.node": "Award",
	"Award.level": "AwardLevel", "Award.decision": "Decision", "Award.ceremony": "Ceremony",
	"Decision.issuer":            "Collective",
	"IndividualConnection.edges": "IndividualEdge", "IndividualConnection.pageInfo": "PageInfo",
	"IndividualEdge.node": "Individual", "Individual.awards": "AwardConnection",
}

// pagePlan is a roll selection collected once for all the page's awards: gqlgen collects it
// again for every object.
type pagePlan struct {
	fields   []graphql.CollectedField
	keys     [][]byte             // each field's `"alias":`, nil for an alias written already
	children map[string]*pagePlan // by alias
}

// planPage collects the selection for typ, or returns nil when a field is not one written here
// (or is deferred).
func planPage(oc *graphql.OperationContext, typ string, sel ast.SelectionSet) *pagePlan {
	p := &pagePlan{fields: graphql.CollectFields(oc, sel, implementorsOf[typ])}
	p.keys = make([][]byte, len(p.fields))
	seen := map[string]bool{}
	for i, f := range p.fields {
		if !seen[f.Alias] { // an alias is a GraphQL name: nothing in it to escape
			seen[f.Alias] = true
			p.keys[i] = []byte(`"` + f.Alias + `":`)
		}
		if len(f.Deferrables) > 0 {
			return nil
		}
		if f.Name == "__typename" {
			continue
		}
		if !writtenFields[typ][f.Name] || runsDirective(f.Definition) {
			return nil
		}
		if child, ok := childType[typ+"."+f.Name]; ok {
			c := planPage(oc, child, f.Selections)
			if c == nil {
				return nil
			}
			if p.children == nil {
				p.children = map[string]*pagePlan{}
			}
			p.children[f.Alias] = c
		}
	}
	return p
}

// loaded reports whether every edge the plan reads is loaded on every award (and a non-null
// one is there), so that writing the page does no I/O and cannot fail. Every alias counts:
// entgql loads the edges of the first "edges { node }" it finds, and gqlgen would query the
// others' one award at a time.
func (p *pagePlan) loaded(conn *ent.AwardConnection) bool {
	for _, award := range p.all("edges", "node") {
		for _, e := range conn.Edges {
			if e != nil && e.Node != nil && !award.loadedOn(e.Node) {
				return false
			}
		}
	}
	return true
}

func (p *pagePlan) loadedOn(a *ent.Award) bool {
	for _, f := range p.fields {
		switch f.Name {
		case "level":
			if _, err := a.Edges.LevelOrErr(); err != nil {
				return false
			}
		case "decision":
			d, err := a.Edges.DecisionOrErr()
			if ent.IsNotLoaded(err) {
				return false
			}
			if d != nil && len(p.children[f.Alias].all("issuer")) > 0 {
				if _, err := d.Edges.IssuerOrErr(); err != nil {
					return false
				}
			}
		case "ceremony":
			if _, err := a.Edges.CeremonyOrErr(); ent.IsNotLoaded(err) {
				return false
			}
		}
	}
	return true
}

// all is the plans of every field named name (then of every field named next below them, …).
func (p *pagePlan) all(names ...string) []*pagePlan {
	plans := []*pagePlan{p}
	for _, name := range names {
		var below []*pagePlan
		for _, q := range plans {
			for _, f := range q.fields {
				if c := q.children[f.Alias]; f.Name == name && c != nil {
					below = append(below, c)
				}
			}
		}
		plans = below
	}
	return plans
}

// runsDirective reports a field whose definition carries a directive that acts when the field
// is resolved (@private): gqlgen runs it, this path would not.
func runsDirective(def *ast.FieldDefinition) bool {
	if def == nil {
		return true
	}
	for _, d := range def.Directives {
		switch d.Name {
		case "goField", "goModel", "deprecated":
		default:
			return true
		}
	}
	return false
}

// _Query_honorRoll_fast resolves honorRoll as gqlgen does and writes the page in one pass when
// it can.
func (ec *executionContext) _Query_honorRoll_fast(ctx context.Context, field graphql.CollectedField) graphql.Marshaler {
	return graphql.ResolveField(ctx, ec.OperationContext, field, ec.fieldContext_Query_honorRoll,
		func(ctx context.Context) (any, error) {
			fc := graphql.GetFieldContext(ctx)
			return ec.Resolvers.Query().HonorRoll(ctx, fc.Args["collectiveID"].(int), fc.Args["includeDescendants"].(*bool),
				fc.Args["period"].(*string), fc.Args["periodKind"].(*enum.PeriodKind), fc.Args["levels"].([]string),
				fc.Args["first"].(*int), fc.Args["after"].(*entgql.Cursor[int]))
		},
		nil,
		func(ctx context.Context, sel ast.SelectionSet, v *ent.AwardConnection) graphql.Marshaler {
			plan := planPage(ec.OperationContext, "AwardConnection", sel)
			if plan == nil || !plan.loaded(v) {
				return ec.marshalNAwardConnection2ᚖvinhdanhᚋentᚐAwardConnection(ctx, sel, v)
			}
			return ec.writeConnection(ctx, plan, v)
		},
		true, true)
}

// writeObject writes an object of the plan: __typename, then each field's value as value
// gives it, in the selection's order and under its aliases, as gqlgen's FieldSet writes it.
func writeObject(p *pagePlan, typename string, value func(f graphql.CollectedField) field) graphql.Marshaler {
	out := &object{keys: p.keys, values: make([]field, len(p.fields))}
	for i, f := range p.fields {
		switch {
		case p.keys[i] == nil: // gqlgen writes an alias once
		case f.Name == "__typename":
			out.values[i] = stringField(typename)
		default:
			out.values[i] = value(f)
		}
	}
	return out
}

// object is a written object. gqlgen's FieldSet writes the same bytes, but allocates for each
// object and field it writes (a map of the aliases written, a copy of each field): a third of
// what a roll page allocated.
type object struct {
	keys   [][]byte
	values []field
}

func (o *object) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, "{")
	first := true
	for i, key := range o.keys {
		if key == nil {
			continue
		}
		if !first {
			_, _ = io.WriteString(w, ",")
		}
		first = false
		_, _ = w.Write(key)
		o.values[i].MarshalGQL(w)
	}
	_, _ = io.WriteString(w, "}")
}

// field is a written field's value. Strings, ids and numbers, most of a page, are kept as they
// are and written by gqlgen's own marshalers when the page is written: built for each value up
// front, as gqlgen does, those marshalers were an allocation each.
type field struct {
	kind fieldKind
	s    string
	n    int
	m    graphql.Marshaler
}

type fieldKind uint8

const (
	kindMarshaler fieldKind = iota
	kindString
	kindID
	kindInt
)

func stringField(s string) field { return field{kind: kindString, s: s} }
func idField(n int) field        { return field{kind: kindID, n: n} }
func intField(n int) field       { return field{kind: kindInt, n: n} }

// optionalString is a nullable string: null when absent.
func optionalString(s *string) field {
	if s == nil {
		return marshaled(graphql.Null)
	}
	return stringField(*s)
}

// marshaled is any other value, by its generated marshaler.
func marshaled(m graphql.Marshaler) field { return field{m: m} }

var nullField = marshaled(graphql.Null)

func (f field) MarshalGQL(w io.Writer) {
	switch f.kind {
	case kindString:
		graphql.MarshalString(f.s).MarshalGQL(w)
	case kindID:
		scalar.MarshalID(f.n).MarshalGQL(w)
	case kindInt:
		graphql.MarshalInt(f.n).MarshalGQL(w)
	default:
		f.m.MarshalGQL(w)
	}
}

func (ec *executionContext) writeConnection(ctx context.Context, p *pagePlan, v *ent.AwardConnection) graphql.Marshaler {
	return writeConnectionOf(ec, ctx, p, "AwardConnection", v.TotalCount, &v.PageInfo, v.Edges,
		func(p *pagePlan, e *ent.AwardEdge) graphql.Marshaler {
			if e == nil {
				return graphql.Null
			}
			return writeEdgeOf(ec, ctx, p, "AwardEdge", e.Cursor, func(p *pagePlan) graphql.Marshaler { return ec.writeAward(ctx, p, e.Node) })
		})
}

// writeConnectionOf writes a connection of any record: its count, page info and edges, each
// edge by edge.
func writeConnectionOf[E any](ec *executionContext, ctx context.Context, p *pagePlan, typename string, total int,
	info *entgql.PageInfo[int], edges []E, edge func(p *pagePlan, e E) graphql.Marshaler) graphql.Marshaler {
	return writeObject(p, typename, func(f graphql.CollectedField) field {
		switch f.Name {
		case "totalCount":
			return intField(total)
		case "pageInfo":
			return marshaled(ec.writePageInfo(ctx, p.children[f.Alias], info))
		case "edges":
			if edges == nil {
				return nullField
			}
			out := make(graphql.Array, len(edges))
			for j, e := range edges {
				out[j] = edge(p.children[f.Alias], e)
			}
			return marshaled(out)
		}
		return nullField // not planned: planPage admits only the fields above
	})
}

func (ec *executionContext) writePageInfo(ctx context.Context, p *pagePlan, v *entgql.PageInfo[int]) graphql.Marshaler {
	return writeObject(p, "PageInfo", func(f graphql.CollectedField) field {
		switch f.Name {
		case "hasNextPage":
			return marshaled(ec.marshalNBoolean2bool(ctx, f.Selections, v.HasNextPage))
		case "hasPreviousPage":
			return marshaled(ec.marshalNBoolean2bool(ctx, f.Selections, v.HasPreviousPage))
		case "startCursor":
			return marshaled(ec.marshalOCursor2ᚖentgoᚗioᚋcontribᚋentgqlᚐCursor(ctx, f.Selections, v.StartCursor))
		case "endCursor":
			return marshaled(ec.marshalOCursor2ᚖentgoᚗioᚋcontribᚋentgqlᚐCursor(ctx, f.Selections, v.EndCursor))
		}
		return nullField
	})
}

// writeEdgeOf writes an edge of any connection: its cursor, and its node as node writes it.
func writeEdgeOf(ec *executionContext, ctx context.Context, p *pagePlan, typename string, cursor entgql.Cursor[int],
	node func(p *pagePlan) graphql.Marshaler) graphql.Marshaler {
	return writeObject(p, typename, func(f graphql.CollectedField) field {
		switch f.Name {
		case "cursor":
			return marshaled(ec.marshalNCursor2entgoᚗioᚋcontribᚋentgqlᚐCursor(ctx, f.Selections, cursor))
		case "node":
			return marshaled(node(p.children[f.Alias]))
		}
		return nullField
	})
}

func (ec *executionContext) writeAward(ctx context.Context, p *pagePlan, v *ent.Award) graphql.Marshaler {
	if v == nil {
		return graphql.Null
	}
	return writeObject(p, "Award", func(f graphql.CollectedField) field {
		switch f.Name {
		case "id":
			return idField(v.ID)
		case "recipientName":
			return stringField(v.RecipientName)
		case "recipientUnit":
			return stringField(v.RecipientUnit)
		case "recipientPosition":
			return stringField(v.RecipientPosition)
		case "recipientKind":
			return marshaled(ec.marshalNRecipientKind2vinhdanhᚋinternalᚋenumᚐRecipientKind(ctx, f.Selections, v.RecipientKind))
		case "period":
			return optionalString(v.Period())
		case "periodName":
			return optionalString(v.PeriodName())
		case "periodKind":
			return marshaled(ec.marshalOPeriodKind2ᚖvinhdanhᚋinternalᚋenumᚐPeriodKind(ctx, f.Selections, v.PeriodKind))
		// The edges are loaded (loaded checked them) and a level is there.
		case "level":
			l, _ := v.Edges.LevelOrErr()
			return marshaled(ec.writeLevel(ctx, p.children[f.Alias], l))
		case "decision":
			if d, _ := v.Edges.DecisionOrErr(); d != nil {
				return marshaled(ec.writeDecision(ctx, p.children[f.Alias], d))
			}
		case "ceremony":
			if c, _ := v.Edges.CeremonyOrErr(); c != nil {
				return marshaled(ec.writeCeremony(ctx, p.children[f.Alias], c))
			}
		}
		return nullField
	})
}

func (ec *executionContext) writeLevel(ctx context.Context, p *pagePlan, v *ent.AwardLevel) graphql.Marshaler {
	return writeObject(p, "AwardLevel", func(f graphql.CollectedField) field {
		switch f.Name {
		case "id":
			return idField(v.ID)
		case "code":
			return stringField(v.Code)
		case "name":
			return stringField(v.Name)
		case "rank":
			return intField(v.Rank)
		}
		return nullField
	})
}

func (ec *executionContext) writeDecision(ctx context.Context, p *pagePlan, v *ent.Decision) graphql.Marshaler {
	return writeObject(p, "Decision", func(f graphql.CollectedField) field {
		switch f.Name {
		case "id":
			return idField(v.ID)
		case "number":
			return stringField(v.Number)
		case "signedOn":
			return marshaled(ec.marshalODate2ᚖtimeᚐTime(ctx, f.Selections, v.SignedOn))
		case "issuer":
			c, _ := v.Edges.IssuerOrErr() // loaded and there: loaded checked it
			return marshaled(ec.writeCollective(ctx, p.children[f.Alias], c))
		}
		return nullField
	})
}

func (ec *executionContext) writeCollective(ctx context.Context, p *pagePlan, v *ent.Collective) graphql.Marshaler {
	return writeObject(p, "Collective", func(f graphql.CollectedField) field {
		switch f.Name {
		case "id":
			return idField(v.ID)
		case "name":
			return stringField(v.Name)
		case "shortName":
			return stringField(v.ShortName)
		}
		return nullField
	})
}

func (ec *executionContext) writeCeremony(ctx context.Context, p *pagePlan, v *ent.Ceremony) graphql.Marshaler {
	return writeObject(p, "Ceremony", func(f graphql.CollectedField) field {
		switch f.Name {
		case "id":
			return idField(v.ID)
		case "name":
			return stringField(v.Name)
		case "heldOn":
			return marshaled(ec.marshalODate2ᚖtimeᚐTime(ctx, f.Selections, v.HeldOn))
		}
		return nullField
	})
}

// FastPages is the extension that answers honorRoll, individuals and node through the
// writers above.
type FastPages struct{ schema *executableSchema }

// NewFastPages returns the extension for a schema NewSchema built.
func NewFastPages(s graphql.ExecutableSchema) FastPages {
	return FastPages{schema: s.(*executableSchema)}
}

var _ graphql.RootFieldInterceptor = FastPages{}

func (FastPages) ExtensionName() string                   { return "FastPages" }
func (FastPages) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptRootField takes honorRoll, individuals and node in queries; every other root field goes
// on to gqlgen.
func (f FastPages) InterceptRootField(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	oc := graphql.GetOperationContext(ctx)
	rfc := graphql.GetRootFieldContext(ctx)
	if rfc == nil || oc.Operation == nil || oc.Operation.Operation != ast.Query {
		return next(ctx)
	}
	switch rfc.Field.Name {
	case "honorRoll":
		return newExecutionContext(oc, f.schema, nil)._Query_honorRoll_fast(ctx, rfc.Field)
	case "individuals":
		return newExecutionContext(oc, f.schema, nil)._Query_individuals_fast(ctx, rfc.Field)
	case "node":
		return newExecutionContext(oc, f.schema, nil)._Query_node_fast(ctx, rfc.Field)
	}
	return next(ctx)
}

// _Query_individuals_fast resolves individuals as gqlgen does and writes the page in one pass
// when it can.
func (ec *executionContext) _Query_individuals_fast(ctx context.Context, field graphql.CollectedField) graphql.Marshaler {
	return graphql.ResolveField(ctx, ec.OperationContext, field, ec.fieldContext_Query_individuals,
		func(ctx context.Context) (any, error) {
			fc := graphql.GetFieldContext(ctx)
			return ec.Resolvers.Query().Individuals(ctx, fc.Args["after"].(*entgql.Cursor[int]), fc.Args["first"].(*int),
				fc.Args["before"].(*entgql.Cursor[int]), fc.Args["last"].(*int), fc.Args["orderBy"].([]*ent.IndividualOrder),
				fc.Args["where"].(*ent.IndividualWhereInput))
		},
		nil,
		func(ctx context.Context, sel ast.SelectionSet, v *ent.IndividualConnection) graphql.Marshaler {
			plan := planPage(ec.OperationContext, "IndividualConnection", sel)
			var awards peopleAwards
			if plan != nil {
				awards = ec.awardsOf(ctx, plan.all("edges", "node"), peopleOf(v))
			}
			if awards == nil {
				return ec.marshalNIndividualConnection2ᚖvinhdanhᚋentᚐIndividualConnection(ctx, sel, v)
			}
			return ec.writeIndividualConnection(ctx, plan, v, awards)
		},
		true, true)
}

// peopleAwards are the award pages of a page of people, by the plan of the awards field (one
// for each place the field is asked) and person.
type peopleAwards map[*pagePlan]map[*ent.Individual]*ent.AwardConnection

// awardsOf reads the awards fields of each person of a page as gqlgen would (the same
// arguments, through the model's own method), from what entgql loaded with the page; nil when
// a field's arguments do not parse or anything it shows was not loaded (gqlgen then answers,
// loading it or reporting).
func (ec *executionContext) awardsOf(ctx context.Context, plans []*pagePlan, people []*ent.Individual) peopleAwards {
	out := peopleAwards{}
	for _, person := range plans {
		for _, f := range person.fields {
			if f.Name != "awards" {
				continue
			}
			args, err := ec.field_Individual_awards_args(ctx, f.ArgumentMap(ec.Variables))
			if err != nil {
				return nil
			}
			fctx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Object: "Individual", Field: f, Args: args, IsMethod: true})
			plan := person.children[f.Alias]
			out[plan] = map[*ent.Individual]*ent.AwardConnection{}
			for _, v := range people {
				if _, err := v.NamedAwards(f.Alias); err != nil {
					return nil // not loaded: the method would query
				}
				conn, err := v.Awards(fctx, args["after"].(*entgql.Cursor[int]), args["first"].(*int),
					args["before"].(*entgql.Cursor[int]), args["last"].(*int), args["orderBy"].([]*ent.AwardOrder),
					args["where"].(*ent.AwardWhereInput))
				if err != nil || !plan.loaded(conn) {
					return nil
				}
				out[plan][v] = conn
			}
		}
	}
	return out
}

// peopleOf are the people of a page.
func peopleOf(v *ent.IndividualConnection) []*ent.Individual {
	var people []*ent.Individual
	for _, e := range v.Edges {
		if e != nil && e.Node != nil {
			people = append(people, e.Node)
		}
	}
	return people
}

func (ec *executionContext) writeIndividualConnection(ctx context.Context, p *pagePlan, v *ent.IndividualConnection, awards peopleAwards) graphql.Marshaler {
	return writeConnectionOf(ec, ctx, p, "IndividualConnection", v.TotalCount, &v.PageInfo, v.Edges,
		func(p *pagePlan, e *ent.IndividualEdge) graphql.Marshaler {
			if e == nil {
				return graphql.Null
			}
			return writeEdgeOf(ec, ctx, p, "IndividualEdge", e.Cursor, func(p *pagePlan) graphql.Marshaler {
				if e.Node == nil {
					return graphql.Null
				}
				return ec.writeIndividual(ctx, p, e.Node, awards)
			})
		})
}

func (ec *executionContext) writeIndividual(ctx context.Context, p *pagePlan, v *ent.Individual, awards peopleAwards) graphql.Marshaler {
	return writeObject(p, "Individual", func(f graphql.CollectedField) field {
		switch f.Name {
		case "id":
			return idField(v.ID)
		case "fullName":
			return stringField(v.FullName)
		case "awards":
			plan := p.children[f.Alias]
			return marshaled(ec.writeConnection(ctx, plan, awards[plan][v]))
		}
		return nullField
	})
}

// _Query_node_fast resolves node as gqlgen does and writes a person with their awards (a
// person's history) in one pass when it can; any other kind of record goes to gqlgen.
func (ec *executionContext) _Query_node_fast(ctx context.Context, field graphql.CollectedField) graphql.Marshaler {
	return graphql.ResolveField(ctx, ec.OperationContext, field, ec.fieldContext_Query_node,
		func(ctx context.Context) (any, error) {
			return ec.Resolvers.Query().Node(ctx, graphql.GetFieldContext(ctx).Args["id"].(int))
		},
		nil,
		func(ctx context.Context, sel ast.SelectionSet, v ent.Noder) graphql.Marshaler {
			if person, ok := v.(*ent.Individual); ok && person != nil {
				if plan := planPage(ec.OperationContext, "Individual", sel); plan != nil {
					if awards := ec.awardsOf(ctx, []*pagePlan{plan}, []*ent.Individual{person}); awards != nil {
						return ec.writeIndividual(ctx, plan, person, awards)
					}
				}
			}
			return ec.marshalONode2vinhdanhᚋentᚐNoder(ctx, sel, v)
		},
		true, false)
}
