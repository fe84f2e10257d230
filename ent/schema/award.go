package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"vinhdanh/ent/hook"
	"vinhdanh/internal/enum"
)

// Award is one conferred form or title for exactly one recipient, a collective or an
// individual, with a snapshot of how the recipient was named at the time.
type Award struct{ ent.Schema }

// Fields of the Award.
func (Award) Fields() []ent.Field {
	return []ent.Field{
		// The recipient never changes: a wrong one is revoked and awarded anew.
		field.Enum("recipient_kind").GoType(enum.RecipientKind("")).Immutable().
			Annotations(entgql.Type("RecipientKind")),
		field.Int("collective_id").Optional().Nillable().Immutable(),
		field.Int("individual_id").Optional().Nillable().Immutable(),
		field.Int("level_id"),
		field.Int("decision_id").Optional().Nillable(),
		field.Int("ceremony_id").Optional().Nillable(),
		field.Int("movement_id").Optional().Nillable(),
		// Which nomination led to the award is private, like the nomination itself.
		field.Int("nomination_id").Optional().Nillable().Unique().Immutable().
			Annotations(entgql.Directives(entgql.NewDirective("private")), entgql.Skip(entgql.SkipWhereInput)),
		field.String("citation").Optional().MaxLen(4000),
		field.String("recorded_from").Optional().Nillable().MaxLen(500).Immutable().
			Comment("The document this award was recorded from (its decision's reference), when it was decided on paper rather than in the system."),
		field.String("recipient_name").NotEmpty().MaxLen(300).
			Comment("Snapshot of the recipient's name when the award was given.").
			Annotations(entgql.OrderField("RECIPIENT_NAME")),
		field.String("recipient_position").Optional().MaxLen(300),
		field.String("recipient_unit").Optional().MaxLen(300),
		field.Bool("public").Default(true).
			Comment("Shown on public honor rolls."),
		field.Time("revoked_at").Optional().Nillable().SchemaType(mysqlDatetime),
		// The honor-roll order in one indexed column: level rank (highest first), then the
		// recipient's name in Vietnamese order. Maintained by hooks; see honorroll.
		field.String("roll_key").Optional().MaxLen(400).
			Annotations(entgql.Skip(entgql.SkipType, entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
				entgql.OrderField("ROLL"), entsql.Annotation{Collation: "utf8mb4_bin"}),
		field.String("revocation_reason").Optional().MaxLen(2000),
		// What makes the award unique (recipient, level, period, movement) while it is valid;
		// cleared on revocation. Its unique index is what refuses a second award even when two
		// decisions race. See awardkey.
		field.String("active_key").Optional().Nillable().MaxLen(120).
			Annotations(entgql.Skip(entgql.SkipAll), entsql.Annotation{Collation: "utf8mb4_bin"}),
	}
}

// Edges of the Award.
func (Award) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("collective", Collective.Type).Field("collective_id").Unique().
			Annotations(entsql.OnDelete(entsql.Restrict)).Immutable(),
		edge.To("individual", Individual.Type).Field("individual_id").Unique().
			Annotations(entsql.OnDelete(entsql.Restrict)).Immutable(),
		edge.To("level", AwardLevel.Type).Field("level_id").Unique().Required().
			Annotations(entgql.OrderField("LEVEL_RANK")),
		edge.To("decision", Decision.Type).Field("decision_id").Unique(),
		edge.To("ceremony", Ceremony.Type).Field("ceremony_id").Unique(),
		edge.To("movement", EmulationMovement.Type).Field("movement_id").Unique(),
		// Nominations are private; asking for one anonymously is an error even when the award
		// has none.
		edge.From("nomination", Nomination.Type).Ref("award").Field("nomination_id").Unique().Immutable().
			Annotations(entgql.Directives(entgql.NewDirective("private"))),
	}
}

// Indexes of the Award.
func (Award) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("ceremony_id", "level_id"),
		// A recipient's awards, and a short honor roll's page found inside the index: every
		// condition of the roll (period, visibility, level) and its order (roll_key) without
		// reading an award row (honorroll.shortPage).
		index.Fields("collective_id", "period_start_year", "period_kind", "period_end_year", "public", "revoked_at", "level_id", "roll_key").
			StorageKey("award_collective_roll"),
		index.Fields("individual_id", "period_start_year", "period_kind", "period_end_year", "public", "revoked_at", "level_id", "roll_key").
			StorageKey("award_individual_roll"),
		index.Fields("level_id", "period_kind", "period_start_year"),
		index.Fields("decision_id"),
		index.Fields("roll_key"),
		index.Fields("active_key").Unique(),
		// Covers a tally: a unit's counts by level read this index alone, in group order, and
		// never the wide award rows (a national count reads a million entries, not 800 MB).
		index.Fields("level_id", "recipient_kind", "public", "revoked_at", "collective_id", "individual_id").
			StorageKey("award_tally"),
	}
}

// Mixin of the Award.
func (Award) Mixin() []ent.Mixin {
	return []ent.Mixin{TextMixin{}, PeriodMixin{}, TimeMixin{}, AuditMixin{}}
}

// Hooks of the Award.
func (Award) Hooks() []ent.Hook {
	return []ent.Hook{
		hook.On(checkAwardRecipient, ent.OpCreate|ent.OpUpdateOne|ent.OpUpdate),
		checkAwardIssuer,
		keepKey(keyTarget{column: "active_key", revoked: "revoked_at"}),
		hook.On(keepPostedAwards, ent.OpCreate|ent.OpUpdateOne|ent.OpUpdate),
	}
}

// Annotations of the Award.
func (Award) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
		textTable,
		entsql.Checks(map[string]string{
			"award_one_recipient": oneRecipientCheck,
		}),
	}
}
