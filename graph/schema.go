package graph

import (
	"github.com/99designs/gqlgen/graphql"
	"gocloud.dev/blob"

	"vinhdanh/ent"
	"vinhdanh/internal/auth"
)

// NewSchema builds the GraphQL schema backed by client, signing users in with authn and
// keeping dossier files in documents.
func NewSchema(client *ent.Client, authn *auth.Service, documents *blob.Bucket) graphql.ExecutableSchema {
	return NewExecutableSchema(Config{
		Resolvers:  &Resolver{client: client, auth: authn, documents: documents},
		Directives: DirectiveRoot{Private: Private, Filter: Filter},
	})
}
