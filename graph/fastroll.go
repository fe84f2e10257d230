package graph

import (
	"context"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"vinhdanh/ent"
	"vinhdanh/internal/enum"
)

// The honor roll is the public's page: embedded on school and federation sites, read far more
// than anything else. gqlgen resolves each field of each award through a field context of its
// own (an allocation, a context value, a closure), which cost a 50-award page more than its
// database statements did. When a roll's selection holds only fields that are a record's own
// values or edges entgql's collection has already loaded, the page is written here in one
// pass instead: the same resolver (arguments, privacy, errors and all, through gqlgen's own
// ResolveField), the same marshalers for every value, so the same bytes; only the per-field
// machinery is skipped. Any other selection, or a page whose edges were not loaded, takes
// gqlgen's path. TestFastRollIsGqlgensAnswer holds the two to the same answer.

// rollFields are the fields written directly, by type: each is a value the record holds (or
// computes without a context) or an edge read from what entgql loaded.
var rollFields = map[string]map[string]bool{
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
}

// implementorsOf are the type conditions each written type satisfies, as gqlgen collects them.
var implementorsOf = map[string][]string{
	"AwardConnection": awardConnectionImplementors, "AwardEdge": awardEdgeImplementors,
	"PageInfo": pageInfoImplementors, "Award": awardImplementors, "AwardLevel": awardLevelImplementors,
	"Decision": decisionImplementors, "Collective": collectiveImplementors, "Ceremony": ceremonyImplementors,
}

// childType is the type of an object field of the written types.
var childType = map[string]string{
	"AwardConnection.edges": "AwardEdge", "AwardConnection.pageInfo": "PageInfo", "AwardEdge.node": "Award",
	"Award.level": "AwardLevel", "Award.decision": "Decision", "Award.ceremony": "Ceremony",
	"Decision.issuer": "Collective",
}

// rollPlan is a roll selection collected once for all the page's awards: gqlgen collects it
// again for every object.
type rollPlan struct {
	fields   []graphql.CollectedField
	children map[string]*rollPlan // by alias
}

// planRoll collects the selection for typ, or returns nil when a field is not one written here
// (or is deferred).
func planRoll(oc *graphql.OperationContext, typ string, sel ast.SelectionSet) *rollPlan {
	p := &rollPlan{fields: graphql.CollectFields(oc, sel, implementorsOf[typ])}
	for _, f := range p.fields {
		if len(f.Deferrables) > 0 {
			return nil
		}
		if f.Name == "__typename" {
			continue
		}
		if !rollFields[typ][f.Name] || runsDirective(f.Definition) {
			return nil
		}
		if child, ok := childType[typ+"."+f.Name]; ok {
			c := planRoll(oc, child, f.Selections)
			if c == nil {
				return nil
			}
			if p.children == nil {
				p.children = map[string]*rollPlan{}
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
func (p *rollPlan) loaded(conn *ent.AwardConnection) bool {
	for _, award := range p.all("edges", "node") {
		for _, e := range conn.Edges {
			if e != nil && e.Node != nil && !award.loadedOn(e.Node) {
				return false
			}
		}
	}
	return true
}

func (p *rollPlan) loadedOn(a *ent.Award) bool {
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
func (p *rollPlan) all(names ...string) []*rollPlan {
	plans := []*rollPlan{p}
	for _, name := range names {
		var below []*rollPlan
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
			plan := planRoll(ec.OperationContext, "AwardConnection", sel)
			if plan == nil || !plan.loaded(v) {
				return ec.marshalNAwardConnection2ᚖvinhdanhᚋentᚐAwardConnection(ctx, sel, v)
			}
			return ec.writeConnection(ctx, plan, v)
		},
		true, true)
}

func (ec *executionContext) writeConnection(ctx context.Context, p *rollPlan, v *ent.AwardConnection) graphql.Marshaler {
	out := graphql.NewFieldSet(p.fields)
	for i, f := range p.fields {
		switch f.Name {
		case "__typename":
			out.Values[i] = graphql.MarshalString("AwardConnection")
		case "totalCount":
			out.Values[i] = ec.marshalNInt2int(ctx, f.Selections, v.TotalCount)
		case "pageInfo":
			out.Values[i] = ec.writePageInfo(ctx, p.children[f.Alias], &v.PageInfo)
		case "edges":
			if v.Edges == nil {
				out.Values[i] = graphql.Null
				continue
			}
			edges := make(graphql.Array, len(v.Edges))
			for j, e := range v.Edges {
				edges[j] = ec.writeEdge(ctx, p.children[f.Alias], e)
			}
			out.Values[i] = edges
		}
	}
	return out
}

func (ec *executionContext) writePageInfo(ctx context.Context, p *rollPlan, v *entgql.PageInfo[int]) graphql.Marshaler {
	out := graphql.NewFieldSet(p.fields)
	for i, f := range p.fields {
		switch f.Name {
		case "__typename":
			out.Values[i] = graphql.MarshalString("PageInfo")
		case "hasNextPage":
			out.Values[i] = ec.marshalNBoolean2bool(ctx, f.Selections, v.HasNextPage)
		case "hasPreviousPage":
			out.Values[i] = ec.marshalNBoolean2bool(ctx, f.Selections, v.HasPreviousPage)
		case "startCursor":
			out.Values[i] = ec.marshalOCursor2ᚖentgoᚗioᚋcontribᚋentgqlᚐCursor(ctx, f.Selections, v.StartCursor)
		case "endCursor":
			out.Values[i] = ec.marshalOCursor2ᚖentgoᚗioᚋcontribᚋentgqlᚐCursor(ctx, f.Selections, v.EndCursor)
		}
	}
	return out
}

func (ec *executionContext) writeEdge(ctx context.Context, p *rollPlan, v *ent.AwardEdge) graphql.Marshaler {
	if v == nil {
		return graphql.Null
	}
	out := graphql.NewFieldSet(p.fields)
	for i, f := range p.fields {
		switch f.Name {
		case "__typename":
			out.Values[i] = graphql.MarshalString("AwardEdge")
		case "cursor":
			out.Values[i] = ec.marshalNCursor2entgoᚗioᚋcontribᚋentgqlᚐCursor(ctx, f.Selections, v.Cursor)
		case "node":
			out.Values[i] = ec.writeAward(ctx, p.children[f.Alias], v.Node)
		}
	}
	return out
}

func (ec *executionContext) writeAward(ctx context.Context, p *rollPlan, v *ent.Award) graphql.Marshaler {
	if v == nil {
		return graphql.Null
	}
	out := graphql.NewFieldSet(p.fields)
	for i, f := range p.fields {
		switch f.Name {
		case "__typename":
			out.Values[i] = graphql.MarshalString("Award")
		case "id":
			out.Values[i] = ec.marshalNID2int(ctx, f.Selections, v.ID)
		case "recipientName":
			out.Values[i] = ec.marshalNString2string(ctx, f.Selections, v.RecipientName)
		case "recipientUnit":
			out.Values[i] = ec.marshalOString2string(ctx, f.Selections, v.RecipientUnit)
		case "recipientPosition":
			out.Values[i] = ec.marshalOString2string(ctx, f.Selections, v.RecipientPosition)
		case "recipientKind":
			out.Values[i] = ec.marshalNRecipientKind2vinhdanhᚋinternalᚋenumᚐRecipientKind(ctx, f.Selections, v.RecipientKind)
		case "period":
			out.Values[i] = ec.marshalOString2ᚖstring(ctx, f.Selections, v.Period())
		case "periodName":
			out.Values[i] = ec.marshalOString2ᚖstring(ctx, f.Selections, v.PeriodName())
		case "periodKind":
			out.Values[i] = ec.marshalOPeriodKind2ᚖvinhdanhᚋinternalᚋenumᚐPeriodKind(ctx, f.Selections, v.PeriodKind)
		case "level":
			l, _ := v.Edges.LevelOrErr() // loaded: checked before writing
			out.Values[i] = ec.writeLevel(ctx, p.children[f.Alias], l)
		case "decision":
			d, _ := v.Edges.DecisionOrErr()
			out.Values[i] = ec.writeDecision(ctx, p.children[f.Alias], d)
		case "ceremony":
			c, _ := v.Edges.CeremonyOrErr()
			out.Values[i] = ec.writeCeremony(ctx, p.children[f.Alias], c)
		}
	}
	return out
}

func (ec *executionContext) writeLevel(ctx context.Context, p *rollPlan, v *ent.AwardLevel) graphql.Marshaler {
	out := graphql.NewFieldSet(p.fields)
	for i, f := range p.fields {
		switch f.Name {
		case "__typename":
			out.Values[i] = graphql.MarshalString("AwardLevel")
		case "id":
			out.Values[i] = ec.marshalNID2int(ctx, f.Selections, v.ID)
		case "code":
			out.Values[i] = ec.marshalNString2string(ctx, f.Selections, v.Code)
		case "name":
			out.Values[i] = ec.marshalNString2string(ctx, f.Selections, v.Name)
		case "rank":
			out.Values[i] = ec.marshalNInt2int(ctx, f.Selections, v.Rank)
		}
	}
	return out
}

func (ec *executionContext) writeDecision(ctx context.Context, p *rollPlan, v *ent.Decision) graphql.Marshaler {
	if v == nil {
		return graphql.Null
	}
	out := graphql.NewFieldSet(p.fields)
	for i, f := range p.fields {
		switch f.Name {
		case "__typename":
			out.Values[i] = graphql.MarshalString("Decision")
		case "id":
			out.Values[i] = ec.marshalNID2int(ctx, f.Selections, v.ID)
		case "number":
			out.Values[i] = ec.marshalNString2string(ctx, f.Selections, v.Number)
		case "signedOn":
			out.Values[i] = ec.marshalODate2ᚖtimeᚐTime(ctx, f.Selections, v.SignedOn)
		case "issuer":
			c, _ := v.Edges.IssuerOrErr()
			out.Values[i] = ec.writeCollective(ctx, p.children[f.Alias], c)
		}
	}
	return out
}

func (ec *executionContext) writeCollective(ctx context.Context, p *rollPlan, v *ent.Collective) graphql.Marshaler {
	out := graphql.NewFieldSet(p.fields)
	for i, f := range p.fields {
		switch f.Name {
		case "__typename":
			out.Values[i] = graphql.MarshalString("Collective")
		case "id":
			out.Values[i] = ec.marshalNID2int(ctx, f.Selections, v.ID)
		case "name":
			out.Values[i] = ec.marshalNString2string(ctx, f.Selections, v.Name)
		case "shortName":
			out.Values[i] = ec.marshalOString2string(ctx, f.Selections, v.ShortName)
		}
	}
	return out
}

func (ec *executionContext) writeCeremony(ctx context.Context, p *rollPlan, v *ent.Ceremony) graphql.Marshaler {
	if v == nil {
		return graphql.Null
	}
	out := graphql.NewFieldSet(p.fields)
	for i, f := range p.fields {
		switch f.Name {
		case "__typename":
			out.Values[i] = graphql.MarshalString("Ceremony")
		case "id":
			out.Values[i] = ec.marshalNID2int(ctx, f.Selections, v.ID)
		case "name":
			out.Values[i] = ec.marshalNString2string(ctx, f.Selections, v.Name)
		case "heldOn":
			out.Values[i] = ec.marshalODate2ᚖtimeᚐTime(ctx, f.Selections, v.HeldOn)
		}
	}
	return out
}

// FastRoll is the extension that answers honorRoll through _Query_honorRoll_fast.
type FastRoll struct{ schema *executableSchema }

// NewFastRoll returns the extension for a schema NewSchema built.
func NewFastRoll(s graphql.ExecutableSchema) FastRoll { return FastRoll{schema: s.(*executableSchema)} }

var _ graphql.RootFieldInterceptor = FastRoll{}

func (FastRoll) ExtensionName() string                   { return "FastRoll" }
func (FastRoll) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptRootField takes honorRoll in queries; every other root field goes on to gqlgen.
func (f FastRoll) InterceptRootField(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	oc := graphql.GetOperationContext(ctx)
	rfc := graphql.GetRootFieldContext(ctx)
	if rfc == nil || rfc.Field.Name != "honorRoll" || oc.Operation == nil || oc.Operation.Operation != ast.Query {
		return next(ctx)
	}
	return newExecutionContext(oc, f.schema, nil)._Query_honorRoll_fast(ctx, rfc.Field)
}
