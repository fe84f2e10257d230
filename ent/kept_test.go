package ent

import "testing"

func TestKeptEdges(t *testing.T) {
	t.Run("an award's decision set from memory is loaded, its ceremony not", func(t *testing.T) {
		var e AwardEdges
		e.SetDecision(nil)
		if _, err := e.DecisionOrErr(); !IsNotFound(err) {
			t.Fatalf("decision set to none: %v, want not found", err)
		}
		if _, err := e.CeremonyOrErr(); !IsNotLoaded(err) {
			t.Fatalf("ceremony after setting the decision: %v, want not loaded", err)
		}
	})
	t.Run("an award's ceremony set from memory is loaded, its decision not", func(t *testing.T) {
		var e AwardEdges
		e.SetCeremony(nil)
		if _, err := e.CeremonyOrErr(); !IsNotFound(err) {
			t.Fatalf("ceremony set to none: %v, want not found", err)
		}
		if _, err := e.DecisionOrErr(); !IsNotLoaded(err) {
			t.Fatalf("decision after setting the ceremony: %v, want not loaded", err)
		}
	})
	t.Run("a query reads the columns it selects, or all", func(t *testing.T) {
		q := (&AwardQuery{ctx: &QueryContext{}})
		if !q.Reads("decision_id") {
			t.Fatal("a query without a selection reads every column")
		}
		q.Select("id", "level_id")
		if q.Reads("decision_id") || !q.Reads("level_id") {
			t.Fatalf("selected %v: reads decision_id %v, level_id %v", q.ctx.Fields, q.Reads("decision_id"), q.Reads("level_id"))
		}
	})
}
