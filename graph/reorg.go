package graph

import (
	"vinhdanh/graph/model"
	"vinhdanh/internal/reorg"
)

// reorgInput turns the GraphQL input into the reorg package's.
func reorgInput(in model.ReorganizeInput) reorg.Input {
	out := reorg.Input{EffectiveOn: in.EffectiveOn}
	if in.Note != nil {
		out.Note = *in.Note
	}
	for _, m := range in.Moves {
		out.Moves = append(out.Moves, reorg.Move{CollectiveID: m.CollectiveID, NewParentID: m.NewParentID})
	}
	for _, d := range in.Dissolutions {
		out.Dissolutions = append(out.Dissolutions, reorg.Dissolution{CollectiveID: d.CollectiveID, SuccessorIDs: d.SuccessorIDs})
	}
	return out
}
