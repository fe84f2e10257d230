package graph

import (
	"vinhdanh/graph/model"
	"vinhdanh/internal/workflow"
)

func bulkItems(items []*model.NominationVersion) []workflow.Item {
	out := make([]workflow.Item, len(items))
	for i, it := range items {
		out[i] = workflow.Item{ID: it.ID, ExpectedVersion: it.ExpectedVersion}
	}
	return out
}
