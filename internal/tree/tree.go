// Package tree answers questions about the collective tree that scope checks ask: a unit's
// subtree, whether a unit lies under another, the federation above a unit, and whether a
// person held a post under a unit during a period. Every caller (sign-in scopes, the workflow,
// the model's hooks, the honor roll) uses these, so "under" means one thing everywhere.
package tree

import (
	"context"
	"fmt"
	"slices"

	"vinhdanh/ent"
	"vinhdanh/ent/collective"
	"vinhdanh/ent/position"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/period"
	"vinhdanh/internal/rule"
)

// MaxDepth bounds every walk, so a cycle written by mistake cannot hang a request.
const MaxDepth = 16

// Federations are the union bodies that review and issue awards above a grassroots unit.
var Federations = []enum.CollectiveKind{enum.KindDistrictFederation, enum.KindSectorUnion, enum.KindCityFederation, enum.KindConfederation}

// Subtree returns root and all its descendants, sorted: one query per level of the tree.
func Subtree(ctx context.Context, c *ent.Client, root int) ([]int, error) {
	ctx = rule.SystemContext(ctx)
	all := []int{root}
	frontier := []int{root}
	for depth := 0; len(frontier) > 0 && depth < MaxDepth; depth++ {
		children, err := c.Collective.Query().Where(collective.ParentIDIn(frontier...)).IDs(ctx)
		if err != nil {
			return nil, fmt.Errorf("load the subtree of collective %d: %w", root, err)
		}
		all = append(all, children...)
		frontier = children
	}
	slices.Sort(all)
	return slices.Compact(all), nil
}

// Within reports whether collective id is root or lies below it: one query per level walked up.
func Within(ctx context.Context, c *ent.Client, root, id int) (bool, error) {
	ctx = rule.SystemContext(ctx)
	for depth := 0; depth < MaxDepth; depth++ {
		if id == root {
			return true, nil
		}
		parent, err := c.Collective.Query().Where(collective.ID(id)).Select(collective.FieldParentID).Only(ctx)
		if ent.IsNotFound(err) {
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("walk up from collective %d: %w", id, err)
		}
		if parent.ParentID == nil {
			return false, nil
		}
		id = *parent.ParentID
	}
	return false, nil
}

// FederationAbove returns the nearest union federation above the collective.
func FederationAbove(ctx context.Context, c *ent.Client, collectiveID int) (*ent.Collective, error) {
	ctx = rule.SystemContext(ctx)
	current, err := c.Collective.Get(ctx, collectiveID)
	if err != nil {
		return nil, fmt.Errorf("load collective %d: %w", collectiveID, err)
	}
	for depth := 0; depth < MaxDepth && current.ParentID != nil; depth++ {
		if current, err = c.Collective.Get(ctx, *current.ParentID); err != nil {
			return nil, fmt.Errorf("load collective %d: %w", collectiveID, err)
		}
		if slices.Contains(Federations, current.Kind) {
			return current, nil
		}
	}
	return nil, nil
}

// PostsDuring returns the units in which the individual held a post at some time during the
// period (any post, when p is nil). A post without dates counts as held throughout.
func PostsDuring(ctx context.Context, c *ent.Client, individualID int, p *period.Period) ([]int, error) {
	q := c.Position.Query().Where(position.IndividualID(individualID))
	if p != nil {
		first, last := p.Span()
		q = q.Where(
			position.Or(position.StartDateIsNil(), position.StartDateLTE(last)),
			position.Or(position.EndDateIsNil(), position.EndDateGTE(first)),
		)
	}
	units, err := q.Select(position.FieldCollectiveID).Ints(rule.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("load the posts of individual %d: %w", individualID, err)
	}
	slices.Sort(units)
	return slices.Compact(units), nil
}

// Holds reports whether the individual held a post during the period in a unit that lies
// within root.
func Holds(ctx context.Context, c *ent.Client, root, individualID int, p *period.Period) (bool, error) {
	units, err := PostsDuring(ctx, c, individualID, p)
	if err != nil {
		return false, err
	}
	for _, u := range units {
		if ok, err := Within(ctx, c, root, u); ok || err != nil {
			return ok, err
		}
	}
	return false, nil
}

// Nominee is a recipient: a collective or an individual, for a period.
type Nominee struct {
	Kind         enum.RecipientKind
	CollectiveID int
	IndividualID int
	Period       *period.Period
}

// Covers reports whether the nominee lies within root: a collective in its subtree, an
// individual holding a post in its subtree during the period.
func Covers(ctx context.Context, c *ent.Client, root int, n Nominee) (bool, error) {
	if n.Kind == enum.RecipientCollective {
		return Within(ctx, c, root, n.CollectiveID)
	}
	return Holds(ctx, c, root, n.IndividualID, n.Period)
}
