package ent

import "slices"

// Hand-written: what internal/catalog needs to give a page of awards its decisions and
// ceremonies from memory, as eager loading would have: the edge set and marked loaded (so
// that a resolver does not read it again, and an award without one answers null), and which
// columns the query read (an unread foreign key is not an award without the edge).

// The places of the award's edges in AwardEdges.loadedTypes, in the order ent generates them
// (the order of Award.Edges in the schema); TestKeptEdges fails if they move.
const (
	awardDecisionEdge = 3
	awardCeremonyEdge = 4
)

// SetDecision sets the award's decision as eager loading does: nil for an award without one.
func (e *AwardEdges) SetDecision(d *Decision) {
	e.Decision, e.loadedTypes[awardDecisionEdge] = d, true
}

// SetCeremony sets the award's ceremony as eager loading does: nil for an award without one.
func (e *AwardEdges) SetCeremony(c *Ceremony) {
	e.Ceremony, e.loadedTypes[awardCeremonyEdge] = c, true
}

// Reads reports whether the query reads the column (every column, unless it selected some).
func (aq *AwardQuery) Reads(column string) bool {
	return len(aq.ctx.Fields) == 0 || slices.Contains(aq.ctx.Fields, column)
}
