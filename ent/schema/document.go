package schema

import (
	"context"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	gen "vinhdanh/ent"
	"vinhdanh/ent/hook"
	"vinhdanh/ent/intercept"
	"vinhdanh/ent/nominationdocument"
)

// NominationDocument is one file of a nomination's dossier (hồ sơ): the proposal letter, the
// achievement report, the minutes of the unit's vote, or another paper. The file lives in the
// document store (internal/blobstore) under StorageKey; its hash is checked on every download.
// Removing one while the nomination is editable marks it removed: nothing is ever deleted.
type NominationDocument struct{ ent.Schema }

// Fields of the NominationDocument.
func (NominationDocument) Fields() []ent.Field {
	return []ent.Field{
		field.Int("nomination_id").Immutable(),
		field.Enum("kind").Values("PROPOSAL", "ACHIEVEMENT_REPORT", "MINUTES", "OTHER").Immutable().
			Comment("PROPOSAL: tờ trình; ACHIEVEMENT_REPORT: báo cáo thành tích; MINUTES: biên bản họp bình xét."),
		field.String("filename").NotEmpty().MaxLen(255).Immutable(),
		field.String("content_type").NotEmpty().Immutable(),
		field.Int64("size").Immutable(),
		field.String("sha256").NotEmpty().Immutable().
			Comment("Hex SHA-256 of the content, checked on download."),
		field.String("storage_key").NotEmpty().Immutable().Sensitive().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("create_time").Immutable().SchemaType(mysqlDatetime).
			Annotations(entgql.OrderField("CREATE_TIME")),
		field.Time("removed_at").Optional().Nillable().SchemaType(mysqlDatetime),
	}
}

// Edges of the NominationDocument.
func (NominationDocument) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("nomination", Nomination.Type).Field("nomination_id").Unique().Required().Immutable(),
	}
}

// Hooks of the NominationDocument: a dossier changes only while its nomination may be edited,
// whatever path writes it.
func (NominationDocument) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(dossierEditable, ent.OpCreate|ent.OpUpdateOne|ent.OpUpdate)}
}

// Interceptors of the NominationDocument: a dossier lists its files in the order they were
// added, the same on every database (without an order, SQLite and MySQL each return their own).
func (NominationDocument) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{intercept.TraverseNominationDocument(func(_ context.Context, q *gen.NominationDocumentQuery) error {
		q.Order(gen.Asc(nominationdocument.FieldID))
		return nil
	})}
}

// Mixin of the NominationDocument.
func (NominationDocument) Mixin() []ent.Mixin { return []ent.Mixin{TextMixin{}, AuditMixin{}} }

// Indexes of the NominationDocument.
func (NominationDocument) Indexes() []ent.Index {
	return []ent.Index{index.Fields("nomination_id", "removed_at")}
}

// Annotations of the NominationDocument.
func (NominationDocument) Annotations() []schema.Annotation {
	return []schema.Annotation{textTable, entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}
