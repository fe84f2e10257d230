package graph

import (
	"github.com/99designs/gqlgen/graphql"

	"vinhdanh/ent"
	"vinhdanh/internal/auth"
)

// NewSchema builds the GraphQL schema backed by client, signing users in with authn.
func NewSchema(client *ent.Client, authn *auth.Service) graphql.ExecutableSchema {
	return NewExecutableSchema(Config{
		Resolvers:  &Resolver{client: client, auth: authn},
		Directives: DirectiveRoot{Private: Private, Filter: Filter},
	})
}
