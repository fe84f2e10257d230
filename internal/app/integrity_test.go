package app_test

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"vinhdanh/ent"
	"vinhdanh/ent/award"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/rule"
)

const thanhTri = "Liên đoàn Lao động huyện Thanh Trì"

// issue issues a decision for the nominations as c; it returns the first error, if any.
func (s *server) issue(number, signedOn string, ceremonyID string, ids ...string) (gqlError, bool) {
	s.t.Helper()
	in := map[string]any{"number": number, "signedOn": signedOn, "signerName": "Nguyễn Thị Kim Dung",
		"signerTitle": "Chủ tịch", "nominationIDs": ids}
	if ceremonyID != "" {
		in["ceremonyID"] = ceremonyID
	}
	r := s.post(`mutation($in: IssueDecisionInput!) { issueDecision(input: $in) { id } }`, map[string]any{"in": in})
	if len(r.Errors) > 0 {
		return r.Errors[0], false
	}
	return gqlError{}, true
}

// TestOneAwardPerRecipientLevelPeriod reproduces the duplicate of the issue: two nominations
// of one person for one level and period. The second cannot be approved, a decision naming
// both is refused naming the offender, and the database itself refuses a second valid award
// under any concurrency, until the first is revoked.
func TestOneAwardPerRecipientLevelPeriod(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		school := s.as("staff.school@demo.vinhdanh.vn")
		district := s.as("staff.haibatrung@demo.vinhdanh.vn")
		teacher := school.newTeacher("Lưu Thị Song")
		first := school.step("submit", school.draft(teacher, "DISTRICT_GIAY_KHEN"), "", nil)
		second := school.step("submit", school.draft(teacher, "DISTRICT_GIAY_KHEN"), "", nil)
		first = district.step("approve", first, "", nil)
		var elig struct {
			Node struct {
				Eligibility struct {
					OK      bool
					Reasons []struct{ Code string }
				}
			}
		}
		district.query(`query($id: ID!) { node(id: $id) { ... on Nomination { eligibility { ok reasons { code } } } } }`,
			map[string]any{"id": second.ID}, &elig)
		if elig.Node.Eligibility.OK || len(elig.Node.Eligibility.Reasons) == 0 || elig.Node.Eligibility.Reasons[0].Code != "DUPLICATE_NOMINATION" {
			t.Errorf("the second nomination's eligibility: %+v", elig.Node.Eligibility)
		}
		if e := district.stepFails("approve", second, nil); e.code() != "BAD_USER_INPUT" || !strings.Contains(e.Message, "another nomination") {
			t.Errorf("approving the duplicate: %s %s", e.code(), e.Message)
		}
		if _, ok := district.issue("7/QĐ-LĐLĐ", "2024-08-20", "", first.ID); !ok {
			t.Fatal("the first award was refused")
		}
		// Eligibility now sees the award itself.
		district.query(`query($id: ID!) { node(id: $id) { ... on Nomination { eligibility { ok reasons { code } } } } }`,
			map[string]any{"id": second.ID}, &elig)
		if len(elig.Node.Eligibility.Reasons) == 0 || elig.Node.Eligibility.Reasons[0].Code != "DUPLICATE_AWARD" {
			t.Errorf("after the award: %+v", elig.Node.Eligibility)
		}

		// Below the workflow: the unique key refuses a second valid award, 20 writers at once,
		// and revocation releases it for exactly one of them.
		ctx := rule.SystemContext(context.Background())
		id, _ := strconv.Atoi(first.ID)
		a := s.db.Client.Award.Query().Where(award.NominationID(id)).OnlyX(ctx)
		race := func() int {
			var wg sync.WaitGroup
			var mu sync.Mutex
			created := 0
			for range 20 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					err := s.db.Client.Award.Create().SetRecipientKind(enum.RecipientIndividual).SetIndividualID(*a.IndividualID).
						SetLevelID(a.LevelID).SetDecisionID(*a.DecisionID).SetPeriodKind(*a.PeriodKind).
						SetPeriodStartYear(*a.PeriodStartYear).SetPeriodEndYear(*a.PeriodEndYear).Exec(ctx)
					if err == nil {
						mu.Lock()
						created++
						mu.Unlock()
					} else if !ent.IsConstraintError(err) && !strings.Contains(err.Error(), "locked") && !strings.Contains(err.Error(), "busy") {
						t.Errorf("unexpected error: %v", err)
					}
				}()
			}
			wg.Wait()
			return created
		}
		if n := race(); n != 0 {
			t.Errorf("%d second awards were written while the first is valid", n)
		}
		s.db.Client.Award.UpdateOne(a).SetRevokedAt(time.Now().UTC()).SetRevocationReason("Hồ sơ sai").ExecX(ctx)
		if n := race(); n != 1 {
			t.Errorf("%d awards were written after the revocation, want exactly 1", n)
		}
	})
}

// TestScopeOfEveryWrite reproduces the out-of-area award of the issue: a federation can neither
// nominate nor award a person whose posts are all outside it, and an issuer may present its
// awards only at ceremonies of its own units or ones that name it as a co-organiser, never
// before the decision was signed.
func TestScopeOfEveryWrite(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		admin := s.as("admin@demo.vinhdanh.vn")
		district := s.as("staff.haibatrung@demo.vinhdanh.vn")
		thanhTriStaff := s.as("staff.thanhtri@demo.vinhdanh.vn")
		var p struct{ ID string }
		admin.call(`mutation { createIndividual(input: {fullName: "Cao Thị Ngoài Vùng"}) { id } }`, nil, &p)
		admin.call(`mutation($i: ID!, $c: ID!) { createPosition(input: {title: "Giáo viên", individualID: $i, collectiveID: $c}) { id } }`,
			map[string]any{"i": p.ID, "c": s.collectiveID("Công đoàn Trường Tiểu học Tam Hiệp")}, &struct{ ID string }{})
		r := district.post(`mutation($in: CreateNominationInput!) { createNomination(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"recipientKind": "INDIVIDUAL", "individualID": p.ID, "levelID": s.levelGID("DISTRICT_GIAY_KHEN"),
			"proposerID": s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng"),
			"periodKind": "SCHOOL_YEAR", "periodStartYear": 2024, "periodEndYear": 2025}})
		if len(r.Errors) == 0 || r.Errors[0].code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "individualID" {
			t.Errorf("Hai Bà Trưng nominating a Thanh Trì teacher: %+v", r.Errors)
		}

		// A Thanh Trì ceremony, and a Hai Bà Trưng award to present.
		var cer struct{ ID string }
		thanhTriStaff.call(`mutation($o: ID!) { createCeremony(input: {name: "Hội nghị tổng kết huyện Thanh Trì", heldOn: "2024-09-05", organizerID: $o}) { id } }`,
			map[string]any{"o": s.collectiveID(thanhTri)}, &cer)
		school := s.as("staff.school@demo.vinhdanh.vn")
		approved := func(name string) nom {
			return district.step("approve", school.step("submit", school.draft(school.newTeacher(name), "DISTRICT_GIAY_KHEN"), "", nil), "", nil)
		}
		n := approved("Hà Thị Lễ")
		if e, ok := district.issue("8/QĐ-LĐLĐ", "2024-08-20", cer.ID, n.ID); ok || e.code() != "BAD_USER_INPUT" || e.Extensions["field"] != "ceremonyID" {
			t.Errorf("presenting at another district's ceremony: %+v", e)
		}
		// Named as co-organiser, Hai Bà Trưng may present there, but not with a decision
		// signed after the ceremony.
		thanhTriStaff.call(`mutation($id: ID!, $c: ID!) { updateCeremony(id: $id, input: {addCoOrganizerIDs: [$c]}) { id } }`,
			map[string]any{"id": cer.ID, "c": s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng")}, &struct{ ID string }{})
		if e, ok := district.issue("8/QĐ-LĐLĐ", "2024-09-10", cer.ID, n.ID); ok || !strings.Contains(e.Message, "before the decision was signed") {
			t.Errorf("presenting before the signature: %+v", e)
		}
		if e, ok := district.issue("8/QĐ-LĐLĐ", "2024-08-20", cer.ID, n.ID); !ok {
			t.Errorf("presenting as co-organiser: %+v", e)
		}
		// Presenters are recorded by the organiser's staff only.
		presenter := map[string]any{"in": map[string]any{"ceremonyID": cer.ID, "individualID": p.ID, "role": "Chủ tịch LĐLĐ huyện"}}
		q := `mutation($in: CreateCeremonyPresenterInput!) { createCeremonyPresenter(input: $in) { id role } }`
		if e := district.fail(q, presenter); e.code() != "FORBIDDEN" {
			t.Errorf("another federation recording presenters: %+v", e)
		}
		var pr struct{ ID, Role string }
		thanhTriStaff.call(q, presenter, &pr)
		if pr.Role != "Chủ tịch LĐLĐ huyện" {
			t.Errorf("presenter = %+v", pr)
		}
	})
}

// TestTransitionsAreAuditedWithBefore: every transition's audit row has before and after.
func TestTransitionsAreAuditedWithBefore(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		school := s.as("staff.school@demo.vinhdanh.vn")
		district := s.as("staff.haibatrung@demo.vinhdanh.vn")
		n := district.step("approve", school.step("submit", school.draft(school.newTeacher("Tạ Thị Vết"), "DISTRICT_GIAY_KHEN"), "", nil), "", nil)
		district.issue("9/QĐ-LĐLĐ", "2024-08-20", "", n.ID)
		var out struct {
			AuditEvents struct {
				Edges []struct {
					Node struct{ Action, EntityType, Before, After string }
				}
			}
		}
		s.as("admin@demo.vinhdanh.vn").query(`{ auditEvents(first: 200, where: {entityType: "Nomination"}) { edges { node { action entityType before after } } } }`, nil, &out)
		seen := map[string]bool{}
		for _, e := range out.AuditEvents.Edges {
			if !strings.Contains(e.Node.Action, ": update") {
				continue
			}
			seen[strings.SplitN(e.Node.Action, ":", 2)[0]] = true
			if !strings.Contains(e.Node.Before, `"status"`) || !strings.Contains(e.Node.After, `"status"`) {
				t.Errorf("%s: before %s, after %s", e.Node.Action, e.Node.Before, e.Node.After)
			}
		}
		for _, op := range []string{"submitNomination", "approveNomination", "issueDecision"} {
			if !seen[op] {
				t.Errorf("no audited update by %s", op)
			}
		}
	})
}
