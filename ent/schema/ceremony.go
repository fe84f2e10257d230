package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Ceremony is the event at which awards are presented, usually a hội nghị tổng kết.
type Ceremony struct{ ent.Schema }

// Fields of the Ceremony.
func (Ceremony) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(500).
			Annotations(entgql.OrderField("NAME")),
		field.Time("held_on").Optional().Nillable().SchemaType(mysqlDate).
			Comment("Null when the source does not date the event.").
			Annotations(entgql.Type("Date"), entgql.OrderField("HELD_ON")),
		field.Enum("part_of_day").Values("MORNING", "AFTERNOON", "EVENING", "ALL_DAY").Optional().Nillable(),
		field.String("place").Optional().MaxLen(500),
		field.Int("organizer_id"),
		field.String("description").Optional().MaxLen(4000),
	}
}

// Edges of the Ceremony.
func (Ceremony) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("organizer", Collective.Type).Field("organizer_id").Unique().Required(),
		// Bodies that organise the ceremony with the organiser (the district's Party committee,
		// the Phòng GD&ĐT): their awards may be presented there too.
		edge.To("co_organizers", Collective.Type),
		edge.From("presenters", CeremonyPresenter.Type).Ref("ceremony").
			Annotations(readOnlyEdge),
		edge.From("awards", Award.Type).Ref("ceremony").
			Annotations(entgql.RelayConnection(), readOnlyEdge),
	}
}

// Indexes of the Ceremony.
func (Ceremony) Indexes() []ent.Index {
	return []ent.Index{index.Fields("held_on")}
}

// Mixin of the Ceremony.
func (Ceremony) Mixin() []ent.Mixin { return []ent.Mixin{TextMixin{}, PeriodMixin{}, AuditMixin{}} }

// Annotations of the Ceremony.
func (Ceremony) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		textTable,
	}
}

// CeremonyPresenter is an individual who presented awards at a ceremony, with the role they
// held there. The presenter is often neither the issuer nor the signer.
type CeremonyPresenter struct{ ent.Schema }

// Fields of the CeremonyPresenter.
func (CeremonyPresenter) Fields() []ent.Field {
	return []ent.Field{
		field.Int("ceremony_id"),
		field.Int("individual_id"),
		field.String("role").NotEmpty().MaxLen(300).
			Comment("The presenter's position as stated at the event."),
		field.String("presented").Optional().MaxLen(500).
			Comment("What they presented, e.g. \"Giấy khen cho 22 tập thể\"."),
	}
}

// Edges of the CeremonyPresenter.
func (CeremonyPresenter) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("ceremony", Ceremony.Type).Field("ceremony_id").Unique().Required(),
		edge.To("individual", Individual.Type).Field("individual_id").Unique().Required(),
	}
}

// Indexes of the CeremonyPresenter.
func (CeremonyPresenter) Indexes() []ent.Index {
	return []ent.Index{index.Fields("ceremony_id", "individual_id").Unique()}
}

// Mixin of the CeremonyPresenter.
func (CeremonyPresenter) Mixin() []ent.Mixin { return []ent.Mixin{TextMixin{}, AuditMixin{}} }

// Annotations of the CeremonyPresenter.
func (CeremonyPresenter) Annotations() []schema.Annotation {
	return []schema.Annotation{
		textTable,
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}
