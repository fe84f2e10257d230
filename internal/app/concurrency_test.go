package app_test

import (
	"context"
	"sync"
	"testing"

	"vinhdanh/ent/award"
	"vinhdanh/ent/nomination"
	"vinhdanh/ent/nominationevent"
	"vinhdanh/internal/rule"
)

// TestConcurrentApprovals: 50 reviewers approve the same nomination at the same version at
// once; exactly one succeeds and the others get CONFLICT.
func TestConcurrentApprovals(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		school := s.as("staff.school@demo.vinhdanh.vn")
		district := s.as("staff.haibatrung@demo.vinhdanh.vn")
		n := school.step("submit", school.draft(school.newTeacher("Lý Thị Ngân"), "DISTRICT_GIAY_KHEN"), "", nil)
		codes := make(chan string, 50)
		var wg sync.WaitGroup
		for range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := district.post(`mutation($id: ID!, $v: Int!) { approveNomination(id: $id, expectedVersion: $v) { id } }`,
					map[string]any{"id": n.ID, "v": n.Version})
				if len(r.Errors) == 0 {
					codes <- "OK"
				} else {
					codes <- r.Errors[0].code()
				}
			}()
		}
		wg.Wait()
		close(codes)
		tally := map[string]int{}
		for c := range codes {
			tally[c]++
		}
		if tally["OK"] != 1 || tally["CONFLICT"] != 49 {
			t.Errorf("outcomes = %v, want 1 OK and 49 CONFLICT", tally)
		}
		ctx := rule.SystemContext(context.Background())
		approvals := s.db.Client.NominationEvent.Query().Where(nominationevent.Action("APPROVE")).CountX(ctx)
		if approvals != 1 {
			t.Errorf("%d approval events, want 1", approvals)
		}
	})
}

// TestConcurrentDecisions: 20 decisions race over overlapping sets of approved nominations;
// no nomination is awarded twice, and every awarded one has exactly one award.
func TestConcurrentDecisions(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		school := s.as("staff.school@demo.vinhdanh.vn")
		district := s.as("staff.haibatrung@demo.vinhdanh.vn")
		var ids []string
		for i := range 8 {
			n := school.step("submit", school.draft(school.newTeacher("Giáo viên "+string(rune('A'+i))), "DISTRICT_GIAY_KHEN"), "", nil)
			district.step("approve", n, "", nil)
			ids = append(ids, n.ID)
		}
		var wg sync.WaitGroup
		codes := make(chan string, 20)
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Windows of three over eight nominations: neighbours overlap.
				set := []string{ids[i%8], ids[(i+1)%8], ids[(i+2)%8]}
				r := district.post(`mutation($n: String!, $ids: [ID!]!) { issueDecision(input: {number: $n, signedOn: "2024-06-01",
					signerName: "A", signerTitle: "Chủ tịch", nominationIDs: $ids}) { id } }`,
					map[string]any{"n": "R" + string(rune('a'+i)) + "/QĐ-LĐLĐ", "ids": set})
				if len(r.Errors) == 0 {
					codes <- "OK"
				} else {
					codes <- r.Errors[0].code()
				}
			}()
		}
		wg.Wait()
		close(codes)
		tally := map[string]int{}
		for c := range codes {
			tally[c]++
		}
		t.Logf("decision outcomes: %v", tally)
		if tally["OK"] == 0 || tally["OK"]+tally["CONFLICT"]+tally["BAD_USER_INPUT"] != 20 {
			t.Errorf("outcomes = %v: want some decisions issued and the rest refused cleanly", tally)
		}
		ctx := rule.SystemContext(context.Background())
		noms := s.db.Client.Nomination.Query().Where(nomination.StatusEQ(nomination.StatusAWARDED)).AllX(ctx)
		for _, n := range noms {
			if c := s.db.Client.Award.Query().Where(award.NominationID(n.ID)).CountX(ctx); c != 1 {
				t.Errorf("nomination %d has %d awards", n.ID, c)
			}
		}
		// Each issued decision awarded all three of its nominations; none was half-written.
		if len(noms) == 0 || len(noms) > 8 {
			t.Errorf("%d nominations awarded", len(noms))
		}
		if got, want := s.db.Client.Award.Query().Where(award.NominationIDNotNil()).CountX(ctx), len(noms); got != want {
			t.Errorf("%d awards from nominations, want %d", got, want)
		}
		if tally["OK"]*3 != len(noms) {
			t.Errorf("%d decisions issued but %d nominations awarded: a decision was half-written", tally["OK"], len(noms))
		}
	})
}
