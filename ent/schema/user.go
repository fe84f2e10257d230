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

// User is a staff account of a federation, a union or the national administration.
type User struct{ ent.Schema }

// Fields of the User.
func (User) Fields() []ent.Field {
	return []ent.Field{
		// Stored lower-cased with a binary collation: unique regardless of case, and never
		// equal to a look-alike address that differs in accents.
		field.String("email").NotEmpty().MaxLen(254).Unique().
			Annotations(entgql.OrderField("EMAIL"), entsql.Annotation{Collation: "utf8mb4_bin"}),
		field.String("password_hash").Sensitive().NotEmpty().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("display_name").NotEmpty().MaxLen(200).
			Annotations(entgql.OrderField("DISPLAY_NAME")),
		field.Enum("role").Values("ADMIN", "FEDERATION_ADMIN", "STAFF", "VIEWER"),
		field.Int("scope_id").Optional().Nillable().
			Comment("The user's collective; the scope is it and all its descendants."),
		field.Bool("active").Default(true),
	}
}

// Edges of the User.
func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("scope", Collective.Type).Field("scope_id").Unique(),
		edge.From("refresh_tokens", RefreshToken.Type).Ref("user").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Mixin of the User.
func (User) Mixin() []ent.Mixin { return []ent.Mixin{TextMixin{}, TimeMixin{}, AuditMixin{}} }

// Annotations of the User.
func (User) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		textTable,
	}
}

// RefreshToken is one issued refresh token, stored only as a hash. Tokens of one login form
// a family: using a token rotates it, and reusing a rotated token revokes the family.
type RefreshToken struct{ ent.Schema }

// Fields of the RefreshToken.
func (RefreshToken) Fields() []ent.Field {
	return []ent.Field{
		field.String("token_hash").Unique().Immutable().Sensitive().
			Annotations(entsql.Annotation{Collation: "utf8mb4_bin"}),
		field.String("family").Immutable().
			Annotations(entsql.Annotation{Collation: "utf8mb4_bin"}),
		field.Int("user_id").Immutable(),
		field.Time("expires_at").Immutable().SchemaType(mysqlDatetime),
		field.Time("used_at").Optional().Nillable().SchemaType(mysqlDatetime),
		field.Time("revoked_at").Optional().Nillable().SchemaType(mysqlDatetime),
	}
}

// Edges of the RefreshToken.
func (RefreshToken) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("user", User.Type).Field("user_id").Unique().Required().Immutable(),
	}
}

// Indexes of the RefreshToken: an access token's session is checked on every request.
func (RefreshToken) Indexes() []ent.Index {
	return []ent.Index{index.Fields("family", "revoked_at")}
}

// Mixin of the RefreshToken.
func (RefreshToken) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Annotations of the RefreshToken.
func (RefreshToken) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
