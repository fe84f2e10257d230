package graph

import (
	"github.com/99designs/gqlgen/graphql"
	"gocloud.dev/blob"

	"vinhdanh/ent"
	"vinhdanh/internal/auth"
	"vinhdanh/internal/notify"
)

// NewSchema builds the GraphQL schema backed by client, signing users in with authn, keeping
// dossier files in documents and feeding subscriptions from notifications.
func NewSchema(client *ent.Client, authn *auth.Service, documents *blob.Bucket, notifications *notify.Broker) graphql.ExecutableSchema {
	return NewExecutableSchema(Config{
		Resolvers:  &Resolver{client: client, auth: authn, documents: documents, notifications: notifications},
		Directives: DirectiveRoot{Private: Private, Filter: Filter},
	})
}
