package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Decision is the quyết định that confers awards: its number is unique per issuer.
type Decision struct{ ent.Schema }

// Fields of the Decision.
func (Decision) Fields() []ent.Field {
	return []ent.Field{
		field.String("number").NotEmpty().MaxLen(100).
			Comment("As written, e.g. 163/QĐ-UBND.").
			// Binary collation: "163/QĐ-UBND" and "163/QD-UBND" are different numbers.
			Annotations(entgql.OrderField("NUMBER"), entsql.Annotation{Collation: "utf8mb4_bin"}),
		field.Time("signed_on").Optional().Nillable().SchemaType(mysqlDate).
			Annotations(entgql.Type("Date"), entgql.OrderField("SIGNED_ON")),
		field.String("signer_name").Optional().MaxLen(200),
		field.String("signer_title").Optional().MaxLen(300),
		field.Int("issuer_id"),
		field.String("note").Optional().MaxLen(2000),
		field.String("document_reference").Optional().Nillable().MaxLen(500).
			Comment("Where the paper decision is kept (an archive reference, a file, a link): set when it was recorded from a document rather than issued in the system."),
	}
}

// Edges of the Decision.
func (Decision) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("issuer", Collective.Type).Field("issuer_id").Unique().Required(),
		edge.From("awards", Award.Type).Ref("decision").
			Annotations(entgql.RelayConnection()),
		edge.From("amendments", DecisionAmendment.Type).Ref("decision"),
	}
}

// Indexes of the Decision.
func (Decision) Indexes() []ent.Index {
	return []ent.Index{index.Fields("issuer_id", "number").Unique()}
}

// Hooks of the Decision.
func (Decision) Hooks() []ent.Hook { return []ent.Hook{checkDecisionDate} }

// Mixin of the Decision.
func (Decision) Mixin() []ent.Mixin { return []ent.Mixin{TextMixin{}, TimeMixin{}, AuditMixin{}} }

// Annotations of the Decision.
func (Decision) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField(),
		entgql.RelayConnection(),
		textTable,
	}
}

// DecisionAmendment is a correction of a decision as entered (a typo in the signer's title, a
// wrong date), with its reason: the decision shows its corrected text, and its amendments say
// what it read before and why it changed. Never changed or deleted.
type DecisionAmendment struct{ ent.Schema }

// Fields of the DecisionAmendment.
func (DecisionAmendment) Fields() []ent.Field {
	return []ent.Field{
		field.Int("decision_id").Immutable(),
		field.String("reason").NotEmpty().MaxLen(2000).Immutable(),
		field.String("before").Immutable().MaxLen(4000).
			Comment("JSON of the changed fields as they were."),
		field.String("after").Immutable().MaxLen(4000).
			Comment("JSON of the changed fields as they became."),
		// Who corrected it is staff's business: anonymous callers see the reason, not the person.
		field.Int("actor_id").Optional().Nillable().Immutable().
			Annotations(entgql.Directives(entgql.NewDirective("private")), entgql.Skip(entgql.SkipWhereInput)),
		field.String("actor_name").Optional().Immutable().
			Annotations(entgql.Directives(entgql.NewDirective("private")), entgql.Skip(entgql.SkipWhereInput)),
		field.Time("create_time").Immutable().SchemaType(mysqlDatetime).
			Annotations(entgql.OrderField("CREATE_TIME")),
	}
}

// Edges of the DecisionAmendment.
func (DecisionAmendment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("decision", Decision.Type).Field("decision_id").Unique().Required().Immutable(),
	}
}

// Indexes of the DecisionAmendment.
func (DecisionAmendment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("decision_id", "create_time")}
}

// Mixin of the DecisionAmendment.
func (DecisionAmendment) Mixin() []ent.Mixin { return []ent.Mixin{TextMixin{}, AuditMixin{}} }

// Annotations of the DecisionAmendment.
func (DecisionAmendment) Annotations() []schema.Annotation {
	return []schema.Annotation{textTable}
}
