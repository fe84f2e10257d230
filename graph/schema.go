package graph

import (
	"github.com/99designs/gqlgen/graphql"

	"vinhdanh/ent"
)

// NewSchema builds the GraphQL schema backed by client.
func NewSchema(client *ent.Client) graphql.ExecutableSchema {
	return NewExecutableSchema(Config{Resolvers: &Resolver{client: client}})
}
