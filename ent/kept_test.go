package ent

import "testing"

func TestKeptEdges(t *testing.T) {
	decision := func(e AwardEdges) error { _, err := e.DecisionOrErr(); return err }
	ceremony := func(e AwardEdges) error { _, err := e.CeremonyOrErr(); return err }
	for _, tc := range []struct {
		name                string
		set                 func(*AwardEdges)
		edge, other         func(AwardEdges) error
		edgeName, otherName string
	}{
		{"an award's decision set to none is loaded, its ceremony not", func(e *AwardEdges) { e.SetDecision(nil) }, decision, ceremony, "decision", "ceremony"},
		{"an award's ceremony set to none is loaded, its decision not", func(e *AwardEdges) { e.SetCeremony(nil) }, ceremony, decision, "ceremony", "decision"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var e AwardEdges
			tc.set(&e)
			if err := tc.edge(e); !IsNotFound(err) {
				t.Fatalf("%s set to none: %v, want not found (loaded, none)", tc.edgeName, err)
			}
			if err := tc.other(e); !IsNotLoaded(err) {
				t.Fatalf("%s after setting the %s: %v, want not loaded", tc.otherName, tc.edgeName, err)
			}
		})
	}
	t.Run("a query reads the columns it selects, or all", func(t *testing.T) {
		q := &AwardQuery{ctx: &QueryContext{}}
		if !q.Reads("decision_id") {
			t.Fatal("a query without a selection reads every column")
		}
		q.Select("id", "level_id")
		if q.Reads("decision_id") || !q.Reads("level_id") {
			t.Fatalf("selected %v: reads decision_id %v, level_id %v", q.ctx.Fields, q.Reads("decision_id"), q.Reads("level_id"))
		}
	})
}
