// Package graph is the GraphQL layer: gqlgen's generated executor, the resolvers, and the
// pieces that shape every response (error codes, page bounds, query complexity). Resolvers
// translate between GraphQL and the ent client or the internal packages; they hold no rules.
package graph

import (
	"context"

	"gocloud.dev/blob"

	"vinhdanh/ent"
	"vinhdanh/internal/auth"
	"vinhdanh/internal/notify"
)

// Resolver is the root resolver; it carries the dependencies every resolver needs.
type Resolver struct {
	client    *ent.Client
	auth      *auth.Service
	documents *blob.Bucket // the dossiers' files (internal/blobstore)
	// notifications feeds subscriptions from the outbox (internal/notify).
	notifications *notify.Broker
}

// db returns the client of the request's transaction (mutations run in one) or the root
// client for queries.
func (r *Resolver) db(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return r.client
}
