// Package tally counts awards in the database, never in Go: a ceremony's tally is one
// GROUP BY, however many awards it has.
package tally

import (
	"context"
	"fmt"
	"sort"

	"vinhdanh/ent"
	"vinhdanh/ent/award"
	"vinhdanh/ent/awardlevel"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/honorroll"
)

// Row is the number of awards of one level given to one kind of recipient.
type Row struct {
	Level         *ent.AwardLevel
	RecipientKind enum.RecipientKind
	Count         int
}

// Scope limits a tally to a unit's awards; the zero value counts every award.
type Scope struct {
	CollectiveID       int
	IncludeDescendants bool
}

// Unit is the scope of the optional collectiveID and includeDescendants arguments.
func Unit(collectiveID *int, includeDescendants *bool) Scope {
	if collectiveID == nil {
		return Scope{}
	}
	return Scope{CollectiveID: *collectiveID, IncludeDescendants: includeDescendants == nil || *includeDescendants}
}

// ByLevel counts the valid awards matching where (all of them when where is nil) by level and
// recipient kind, highest level first, collectives before individuals. A revoked award is not
// an honour: it is counted only when where asks for revoked awards (revokedAtNotNil: true).
// With a scope, only the unit's awards count, under the tree as it stood during each award's
// period (honorroll.Under).
func ByLevel(ctx context.Context, c *ent.Client, where *ent.AwardWhereInput, scope Scope) ([]*Row, error) {
	q := c.Award.Query()
	if scope.CollectiveID != 0 {
		p, err := honorroll.Under(ctx, c, scope.CollectiveID, scope.IncludeDescendants, nil)
		if err != nil {
			return nil, err
		}
		q = q.Where(p)
	}
	if where == nil || !where.RevokedAtNotNil {
		q = q.Where(award.RevokedAtIsNil())
	}
	if where != nil {
		p, err := where.P()
		if err != nil {
			return nil, err
		}
		q = q.Where(p)
	}
	var groups []struct {
		LevelID       int                `json:"level_id"`
		RecipientKind enum.RecipientKind `json:"recipient_kind"`
		Count         int                `json:"count"`
	}
	if err := q.GroupBy(award.FieldLevelID, award.FieldRecipientKind).
		Aggregate(ent.Count()).
		Scan(ctx, &groups); err != nil {
		return nil, fmt.Errorf("count awards by level: %w", err)
	}
	if len(groups) == 0 {
		return []*Row{}, nil
	}
	ids := make([]int, 0, len(groups))
	for _, g := range groups {
		ids = append(ids, g.LevelID)
	}
	levels, err := c.AwardLevel.Query().Where(awardlevel.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load award levels: %w", err)
	}
	byID := make(map[int]*ent.AwardLevel, len(levels))
	for _, l := range levels {
		byID[l.ID] = l
	}
	rows := make([]*Row, 0, len(groups))
	for _, g := range groups {
		rows = append(rows, &Row{Level: byID[g.LevelID], RecipientKind: g.RecipientKind, Count: g.Count})
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Level.Rank != b.Level.Rank {
			return a.Level.Rank > b.Level.Rank
		}
		if a.Level.Code != b.Level.Code {
			return a.Level.Code < b.Level.Code
		}
		return a.RecipientKind < b.RecipientKind
	})
	return rows, nil
}
