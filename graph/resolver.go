// Package graph is the GraphQL layer: gqlgen's generated executor, the resolvers, and the
// pieces that shape every response (error codes, page bounds, query complexity). Resolvers
// translate between GraphQL and the ent client or the internal packages; they hold no rules.
package graph

import (
	"vinhdanh/ent"
)

// Resolver is the root resolver; it carries the dependencies every resolver needs.
type Resolver struct {
	client *ent.Client
}
