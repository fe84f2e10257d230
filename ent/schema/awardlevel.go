package schema

import (
	"fmt"
	"slices"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"vinhdanh/internal/blank"
	"vinhdanh/internal/enum"
)

// AwardLevel is one entry of the catalogue of forms of commendation (hình thức khen thưởng),
// emulation titles (danh hiệu thi đua) and other recognitions. The catalogue is data, so
// federations can add their own without a release.
type AwardLevel struct{ ent.Schema }

// Fields of the AwardLevel.
func (AwardLevel) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").NotEmpty().MaxLen(64).Unique().Immutable().
			Match(codePattern).
			Annotations(entgql.OrderField("CODE"), entsql.Annotation{Collation: "utf8mb4_bin"}),
		field.String("name").NotEmpty().MaxLen(300).
			Annotations(entgql.OrderField("NAME")),
		field.Enum("category").Values("FORM", "TITLE", "RECOGNITION").
			Comment("FORM: hình thức khen thưởng; TITLE: danh hiệu thi đua; RECOGNITION: biểu dương and other praise."),
		field.Enum("tier").GoType(enum.Tier("")).
			Annotations(entgql.Type("Tier"), entgql.OrderField("TIER")),
		field.Enum("issuer_kind").GoType(enum.CollectiveKind("")).
			Comment("The kind of collective that issues this level.").
			Annotations(entgql.Type("CollectiveKind")),
		field.Int("rank").
			Comment("Higher is more prestigious; honor rolls list higher ranks first.").
			Annotations(entgql.OrderField("RANK")),
		field.Bool("accepts_collective"),
		field.Bool("accepts_individual"),
		field.String("description").Optional().MaxLen(2000),
		field.Bool("active").Default(true).
			Comment("Archived levels keep their awards but take no new nominations."),
		field.Strings("required_documents").Optional().
			Validate(func(kinds []string) error {
				for _, k := range kinds {
					if !slices.Contains([]string{"PROPOSAL", "ACHIEVEMENT_REPORT", "MINUTES", "OTHER"}, k) {
						return fmt.Errorf("%q is not a document kind (PROPOSAL, ACHIEVEMENT_REPORT, MINUTES, OTHER)", k)
					}
				}
				return nil
			}).
			Comment("The documents a nomination's dossier must hold for this level (kinds of NominationDocument); the eligibility check names what is missing."),
		field.Text("certificate_layout").Optional().
			Validate(func(s string) error {
				if s == "" {
					return nil
				}
				_, err := blank.Parse(s)
				return err
			}).
			Comment(`Where the fields go on this level's pre-printed blank, as JSON: {"pageWidth": 297, "pageHeight": 210, "fields": {"recipient": {"x": 40, "y": 88, "width": 217, "size": 24}, …}} in millimetres; none: the default A4 layout.`),
	}
}

// Edges of the AwardLevel.
func (AwardLevel) Edges() []ent.Edge {
	return []ent.Edge{
		// The bodies that give the level, when the kind alone does not say which (the UBND's
		// Bằng khen, not the Sở's): none means any body of the issuer kind.
		edge.To("issuers", Collective.Type).
			Comment("The bodies that give this level; none: any body of its issuer kind."),
		edge.From("awards", Award.Type).Ref("level").
			Annotations(entgql.RelayConnection(), readOnlyEdge),
		edge.From("nominations", Nomination.Type).Ref("level").
			Annotations(entgql.RelayConnection(), readOnlyEdge),
		edge.From("eligibility_rules", EligibilityRule.Type).Ref("level").
			Annotations(readOnlyEdge),
	}
}

// Hooks of the AwardLevel.
func (AwardLevel) Hooks() []ent.Hook { return []ent.Hook{rerankAwards} }

// Mixin of the AwardLevel.
func (AwardLevel) Mixin() []ent.Mixin { return []ent.Mixin{TextMixin{}, AuditMixin{}} }

// Annotations of the AwardLevel.
func (AwardLevel) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		textTable,
	}
}
