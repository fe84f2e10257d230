package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"vinhdanh/ent/award"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/viewer"
)

const (
	schoolUnion = "Công đoàn Trường Tiểu học Tô Hoàng"
	hbt         = "Liên đoàn Lao động quận Hai Bà Trưng"
	hanoi       = "Liên đoàn Lao động thành phố Hà Nội"
)

// id returns the GraphQL ID of the collective with this name, or of the award level with
// this code.
func (s *server) collectiveID(name string) string {
	s.t.Helper()
	var out struct {
		Collectives struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	s.query(`query($n: String!) { collectives(where: {name: $n}) { edges { node { id } } } }`, map[string]any{"n": name}, &out)
	if len(out.Collectives.Edges) != 1 {
		s.t.Fatalf("collective %q: %d found", name, len(out.Collectives.Edges))
	}
	return out.Collectives.Edges[0].Node.ID
}

func (s *server) levelGID(code string) string {
	s.t.Helper()
	var out struct {
		AwardLevels struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	s.query(`query($c: String!) { awardLevels(where: {code: $c}) { edges { node { id } } } }`, map[string]any{"c": code}, &out)
	return out.AwardLevels.Edges[0].Node.ID
}

type nom struct {
	ID       string
	Status   string
	Version  int
	Reviewer *struct{ Name string }
}

const nomFields = `id status version reviewer { name }`

// call runs a mutation that must succeed and returns its single field decoded into out.
func (s *server) call(mutation string, vars map[string]any, out any) {
	s.t.Helper()
	var data map[string]json.RawMessage
	s.query(mutation, vars, &data)
	for _, v := range data {
		if err := json.Unmarshal(v, out); err != nil {
			s.t.Fatal(err)
		}
	}
}

func (s *server) newTeacher(name string) string {
	s.t.Helper()
	var p struct{ ID string }
	s.call(`mutation($n: String!) { createIndividual(input: {fullName: $n, gender: FEMALE}) { id } }`, map[string]any{"n": name}, &p)
	// A nominee must hold a post inside the proposing unit during the nomination's period.
	s.call(`mutation($i: ID!, $c: ID!) { createPosition(input: {title: "Giáo viên", individualID: $i, collectiveID: $c, startDate: "2020-09-01"}) { id } }`,
		map[string]any{"i": p.ID, "c": s.collectiveID(schoolUnion)}, &struct{ ID string }{})
	return p.ID
}

func (s *server) draft(teacherID, level string) nom {
	s.t.Helper()
	var n nom
	s.call(`mutation($in: CreateNominationInput!) { createNomination(input: $in) { `+nomFields+` } }`, map[string]any{"in": map[string]any{
		"recipientKind": "INDIVIDUAL", "individualID": teacherID, "levelID": s.levelGID(level),
		"proposerID": s.collectiveID(schoolUnion), "achievements": "Sáng kiến cấp quận năm học 2023-2024.",
		"periodKind": "SCHOOL_YEAR", "periodStartYear": 2023, "periodEndYear": 2024,
	}}, &n)
	return n
}

func (s *server) step(action string, n nom, extra string, vars map[string]any) nom {
	s.t.Helper()
	if vars == nil {
		vars = map[string]any{}
	}
	vars["id"], vars["v"] = n.ID, n.Version
	var out nom
	s.call(fmt.Sprintf(`mutation($id: ID!, $v: Int!%s) { %sNomination(id: $id, expectedVersion: $v%s) { %s } }`,
		declare(vars), action, pass(vars), nomFields), vars, &out)
	return out
}

func (s *server) stepFails(action string, n nom, vars map[string]any) gqlError {
	s.t.Helper()
	if vars == nil {
		vars = map[string]any{}
	}
	vars["id"], vars["v"] = n.ID, n.Version
	return s.fail(fmt.Sprintf(`mutation($id: ID!, $v: Int!%s) { %sNomination(id: $id, expectedVersion: $v%s) { id } }`,
		declare(vars), action, pass(vars)), vars)
}

func declare(vars map[string]any) string {
	var b strings.Builder
	for k := range vars {
		if k == "id" || k == "v" {
			continue
		}
		fmt.Fprintf(&b, ", $%s: String!", k)
	}
	return b.String()
}

func pass(vars map[string]any) string {
	var b strings.Builder
	for k := range vars {
		if k == "id" || k == "v" {
			continue
		}
		fmt.Fprintf(&b, ", %s: $%s", k, k)
	}
	return b.String()
}

// TestNominationStory is the whole story of the workflow issue, over HTTP, as the demo users.
func TestNominationStory(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		school := s.as("staff.school@demo.vinhdanh.vn")
		district := s.as("staff.haibatrung@demo.vinhdanh.vn")
		city := s.as("staff.hanoi@demo.vinhdanh.vn")
		otherDistrict := s.as("staff.thanhtri@demo.vinhdanh.vn")
		admin := s.as("admin@demo.vinhdanh.vn")

		teacher := school.newTeacher("Nguyễn Thị Mai Anh")
		n := school.draft(teacher, "DISTRICT_GIAY_KHEN")
		if n.Status != "DRAFT" || n.Version != 1 {
			t.Fatalf("draft = %+v", n)
		}
		n = school.step("submit", n, "", nil)
		if n.Status != "SUBMITTED" || n.Reviewer == nil || n.Reviewer.Name != hbt {
			t.Fatalf("submitted = %+v, want it with %s", n, hbt)
		}

		// The district sees it in its queue; the city does not, another district cannot see it.
		queue := func(s *server) []string {
			var out struct {
				Nominations struct {
					Edges []struct{ Node struct{ ID string } }
				}
			}
			s.query(`{ nominations(where: {reviewQueue: true}) { edges { node { id } } } }`, nil, &out)
			var ids []string
			for _, e := range out.Nominations.Edges {
				ids = append(ids, e.Node.ID)
			}
			return ids
		}
		if q := queue(district); len(q) != 1 || q[0] != n.ID {
			t.Errorf("district queue = %v, want [%s]", q, n.ID)
		}
		if q := queue(city); len(q) != 0 {
			t.Errorf("city queue = %v, want empty", q)
		}
		if e := otherDistrict.stepFails("approve", n, nil); e.code() != "NOT_FOUND" {
			t.Errorf("another district approving: %s %s, want NOT_FOUND", e.code(), e.Message)
		}
		if e := city.stepFails("approve", n, nil); e.code() != "FORBIDDEN" {
			t.Errorf("the city approving a district award: %s %s, want FORBIDDEN", e.code(), e.Message)
		}
		if e := school.stepFails("approve", n, nil); e.code() != "FORBIDDEN" {
			t.Errorf("the proposer approving: %s %s, want FORBIDDEN", e.code(), e.Message)
		}
		if e := district.stepFails("return", n, map[string]any{"comment": "  "}); e.code() != "BAD_USER_INPUT" {
			t.Errorf("return without a comment: %s %s", e.code(), e.Message)
		}

		n = district.step("return", n, "", map[string]any{"comment": "Bổ sung minh chứng sáng kiến."})
		if n.Status != "RETURNED" {
			t.Fatalf("returned = %+v", n)
		}
		var edited nom
		school.call(`mutation($id: ID!, $v: Int!) { updateNomination(id: $id, expectedVersion: $v,
			input: {achievements: "Sáng kiến cấp quận, có giấy chứng nhận kèm theo."}) { `+nomFields+` } }`,
			map[string]any{"id": n.ID, "v": n.Version}, &edited)
		n = school.step("submit", edited, "", nil)

		var elig struct {
			Node struct {
				Eligibility struct {
					OK      bool
					Reasons []struct{ Code string }
				}
			}
		}
		district.query(`query($id: ID!) { node(id: $id) { ... on Nomination { eligibility { ok reasons { code } } } } }`, map[string]any{"id": n.ID}, &elig)
		if !elig.Node.Eligibility.OK {
			t.Errorf("eligibility = %+v", elig.Node.Eligibility)
		}
		n = district.step("approve", n, "", nil)
		if n.Status != "APPROVED" {
			t.Fatalf("approved = %+v", n)
		}

		var cer struct{ ID string }
		district.call(`mutation($org: ID!) { createCeremony(input: {name: "Hội nghị tổng kết năm học 2023-2024", heldOn: "2024-08-28",
			organizerID: $org, periodKind: SCHOOL_YEAR, periodStartYear: 2023, periodEndYear: 2024}) { id } }`,
			map[string]any{"org": s.collectiveID(hbt)}, &cer)
		var dec struct {
			Number string
			Issuer struct{ Name string }
			Awards struct {
				Edges []struct {
					Node struct {
						RecipientName, RecipientUnit string
						Level                        struct{ Code string }
						Ceremony                     struct{ ID string }
					}
				}
			}
		}
		district.call(`mutation($in: IssueDecisionInput!) { issueDecision(input: $in) { number issuer { name }
			awards { edges { node { recipientName recipientUnit level { code } ceremony { id } } } } } }`,
			map[string]any{"in": map[string]any{"number": "15/QĐ-LĐLĐ", "signedOn": "2024-08-20", "signerName": "Nguyễn Thị Kim Dung",
				"signerTitle": "Chủ tịch", "nominationIDs": []string{n.ID}, "ceremonyID": cer.ID}}, &dec)
		if dec.Issuer.Name != hbt || len(dec.Awards.Edges) != 1 {
			t.Fatalf("decision = %+v", dec)
		}
		a := dec.Awards.Edges[0].Node
		if a.RecipientName != "Nguyễn Thị Mai Anh" || a.Level.Code != "DISTRICT_GIAY_KHEN" || a.Ceremony.ID != cer.ID {
			t.Errorf("award = %+v", a)
		}

		// The history, in order, with the actors.
		var hist struct {
			Node struct {
				Status string
				Award  struct{ ID string }
				Events []struct {
					Action, FromStatus, ToStatus, Comment, ActorName string
				}
			}
		}
		district.query(`query($id: ID!) { node(id: $id) { ... on Nomination { status award { id }
			events { action fromStatus toStatus comment actorName } } } }`, map[string]any{"id": n.ID}, &hist)
		var steps []string
		for _, e := range hist.Node.Events {
			steps = append(steps, e.Action+":"+e.ToStatus+":"+e.ActorName)
		}
		const sch, dis = "Cán bộ Công đoàn Trường Tiểu học Tô Hoàng (demo)", "Cán bộ LĐLĐ quận Hai Bà Trưng (demo)"
		want := "CREATE:DRAFT:" + sch + " SUBMIT:SUBMITTED:" + sch + " RETURN:RETURNED:" + dis + " UPDATE:RETURNED:" + sch +
			" SUBMIT:SUBMITTED:" + sch + " APPROVE:APPROVED:" + dis + " AWARD:AWARDED:" + dis
		if got := strings.Join(steps, " "); got != want {
			t.Errorf("history:\n%s\nwant:\n%s", got, want)
		}
		if hist.Node.Status != "AWARDED" || hist.Node.Award.ID == "" {
			t.Errorf("nomination after the decision: %+v", hist.Node)
		}

		// Every step is in the audit log, readable by administrators only.
		var audit struct {
			AuditEvents struct {
				TotalCount int
				Edges      []struct {
					Node struct{ Action, EntityType string }
				}
			}
		}
		admin.query(`{ auditEvents(first: 200) { totalCount edges { node { action entityType } } } }`, nil, &audit)
		actions := map[string]bool{}
		for _, e := range audit.AuditEvents.Edges {
			actions[strings.SplitN(e.Node.Action, ":", 2)[0]] = true
		}
		for _, op := range []string{"createIndividual", "createNomination", "submitNomination", "returnNomination",
			"updateNomination", "approveNomination", "createCeremony", "issueDecision"} {
			if !actions[op] {
				t.Errorf("no audit event for %s (have %v)", op, actions)
			}
		}
		if e := district.fail(`{ auditEvents { totalCount } }`, nil); e.code() != "FORBIDDEN" {
			t.Errorf("staff reading the audit log: %s", e.code())
		}
		if e := s.fail(`{ nominations { totalCount } }`, nil); e.code() != "UNAUTHENTICATED" {
			t.Errorf("anonymous reading nominations: %s", e.code())
		}
	})
}

// TestEscalation: a city-level nomination goes from the school to the district, which
// cannot approve it and forwards it to the city, which can.
func TestEscalation(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		school := s.as("staff.school@demo.vinhdanh.vn")
		district := s.as("staff.haibatrung@demo.vinhdanh.vn")
		city := s.as("staff.hanoi@demo.vinhdanh.vn")
		n := school.draft(school.newTeacher("Trần Văn Bình"), "CITY_BANG_KHEN")
		n = school.step("submit", n, "", nil)
		if e := district.stepFails("approve", n, nil); e.code() != "FORBIDDEN" || !strings.Contains(e.Message, "CITY_FEDERATION") {
			t.Errorf("district approving a city Bằng khen: %s %q", e.code(), e.Message)
		}
		n = district.step("forward", n, "", map[string]any{"comment": "Đề nghị LĐLĐ Thành phố xét tặng Bằng khen."})
		if n.Status != "SUBMITTED" || n.Reviewer.Name != hanoi {
			t.Fatalf("forwarded = %+v", n)
		}
		if e := district.stepFails("approve", n, nil); e.code() != "FORBIDDEN" {
			t.Errorf("district approving after forwarding: %s", e.code())
		}
		if e := city.stepFails("forward", n, map[string]any{"comment": "x"}); e.code() != "BAD_USER_INPUT" {
			t.Errorf("the city forwarding a level it issues: %s %q", e.code(), e.Message)
		}
		n = city.step("approve", n, "", nil)
		if n.Status != "APPROVED" {
			t.Fatalf("approved by the city = %+v", n)
		}
		// The district may not issue the city's decision.
		e := district.fail(`mutation($id: ID!) { issueDecision(input: {number: "1/QĐ", signedOn: "2024-09-01", signerName: "A",
			signerTitle: "B", nominationIDs: [$id]}) { id } }`, map[string]any{"id": n.ID})
		if e.code() != "BAD_USER_INPUT" || !strings.Contains(e.Message, n.ID) {
			t.Errorf("district issuing the city's decision: %s %q", e.code(), e.Message)
		}
		var dec struct{ Awards struct{ TotalCount int } }
		city.call(`mutation($id: ID!) { issueDecision(input: {number: "250/QĐ-LĐLĐ", signedOn: "2024-09-01", signerName: "Phạm Bá Vĩnh",
			signerTitle: "Phó Chủ tịch", nominationIDs: [$id]}) { awards { totalCount } } }`, map[string]any{"id": n.ID}, &dec)
		if dec.Awards.TotalCount != 1 {
			t.Errorf("city decision awards = %d", dec.Awards.TotalCount)
		}
	})
}

// TestEligibility: a second award of the same level and period, and a missing prerequisite,
// are shown before approval and refuse the approval.
func TestEligibility(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		school := s.as("staff.school@demo.vinhdanh.vn")
		district := s.as("staff.haibatrung@demo.vinhdanh.vn")
		reasons := func(n nom) []string {
			var out struct {
				Node struct {
					Eligibility struct {
						OK      bool
						Reasons []struct{ Code, Message string }
					}
				}
			}
			district.query(`query($id: ID!) { node(id: $id) { ... on Nomination { eligibility { ok reasons { code message } } } } }`,
				map[string]any{"id": n.ID}, &out)
			var codes []string
			for _, r := range out.Node.Eligibility.Reasons {
				codes = append(codes, r.Code)
			}
			if out.Node.Eligibility.OK != (len(codes) == 0) {
				t.Errorf("ok = %v with reasons %v", out.Node.Eligibility.OK, codes)
			}
			return codes
		}
		teacher := school.newTeacher("Phan Thị Thu")
		first := school.step("submit", school.draft(teacher, "DISTRICT_GIAY_KHEN"), "", nil)
		second := school.step("submit", school.draft(teacher, "DISTRICT_GIAY_KHEN"), "", nil)
		first = district.step("approve", first, "", nil)
		var dec struct{ ID string }
		district.call(`mutation($id: ID!) { issueDecision(input: {number: "30/QĐ-LĐLĐ", signedOn: "2024-06-01", signerName: "A",
			signerTitle: "Chủ tịch", nominationIDs: [$id]}) { id } }`, map[string]any{"id": first.ID}, &dec)
		if got := reasons(second); strings.Join(got, ",") != "DUPLICATE_AWARD" {
			t.Errorf("second Giấy khen for the same school year: reasons %v", got)
		}
		if e := district.stepFails("approve", second, nil); e.code() != "BAD_USER_INPUT" || !strings.Contains(e.Message, "already holds") {
			t.Errorf("approving a duplicate: %s %q", e.code(), e.Message)
		}

		// CSTĐ cơ sở needs Lao động tiên tiến in the same period (a rule kept as data).
		cstd := school.step("submit", school.draft(teacher, "GRASSROOTS_CHIEN_SI_THI_DUA"), "", nil)
		if got := reasons(cstd); strings.Join(got, ",") != "PREREQUISITE_MISSING" {
			t.Errorf("CSTĐ cơ sở without Lao động tiên tiến: reasons %v", got)
		}
		var rules struct {
			AwardLevels struct {
				Edges []struct {
					Node struct {
						EligibilityRules []struct {
							MinCount      int
							RequiredLevel struct{ Code string }
						}
					}
				}
			}
		}
		s.query(`{ awardLevels(where: {code: "GRASSROOTS_CHIEN_SI_THI_DUA"}) { edges { node { eligibilityRules { minCount requiredLevel { code } } } } } }`, nil, &rules)
		r := rules.AwardLevels.Edges[0].Node.EligibilityRules
		if len(r) != 1 || r[0].RequiredLevel.Code != "GRASSROOTS_LAO_DONG_TIEN_TIEN" {
			t.Errorf("rules of CSTĐ cơ sở = %+v", r)
		}
	})
}

// TestBulk approves and returns several nominations in one call; each item reports on its
// own and a bad item does not stop the others.
func TestBulk(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		school := s.as("staff.school@demo.vinhdanh.vn")
		district := s.as("staff.haibatrung@demo.vinhdanh.vn")
		var noms []nom
		for _, name := range []string{"Vũ Thị Hoa", "Lê Văn Nam", "Trần Thị Yến"} {
			noms = append(noms, school.step("submit", school.draft(school.newTeacher(name), "DISTRICT_GIAY_KHEN"), "", nil))
		}
		stale := noms[2]
		stale.Version = 1
		items := []map[string]any{{"id": noms[0].ID, "expectedVersion": noms[0].Version},
			{"id": noms[1].ID, "expectedVersion": noms[1].Version},
			{"id": stale.ID, "expectedVersion": stale.Version},
			{"id": "999999", "expectedVersion": 1}}
		var out []struct {
			ID         string
			Nomination *struct{ Status string }
			Error      *struct{ Code, Message string }
		}
		district.call(`mutation($items: [NominationVersion!]!) { approveNominations(items: $items) {
			id nomination { status } error { code message } } }`, map[string]any{"items": items}, &out)
		var got []string
		for _, r := range out {
			switch {
			case r.Error != nil:
				got = append(got, r.Error.Code)
			case r.Nomination != nil:
				got = append(got, r.Nomination.Status)
			}
		}
		if strings.Join(got, " ") != "APPROVED APPROVED CONFLICT NOT_FOUND" {
			t.Errorf("bulk approve = %v", got)
		}
		var returned []struct{ Nomination *struct{ Status string } }
		district.call(`mutation($items: [NominationVersion!]!) { returnNominations(items: $items, comment: "Thiếu hồ sơ") { nomination { status } } }`,
			map[string]any{"items": []map[string]any{{"id": noms[2].ID, "expectedVersion": noms[2].Version}}}, &returned)
		if len(returned) != 1 || returned[0].Nomination == nil || returned[0].Nomination.Status != "RETURNED" {
			t.Errorf("bulk return = %+v", returned)
		}
	})
}

// TestPrivateRecordsStayPrivate: a private award and nomination texts are invisible to
// anonymous callers through every path, edges included.
func TestPrivateRecordsStayPrivate(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		school := s.as("staff.school@demo.vinhdanh.vn")
		school.draft(school.newTeacher("Mai Thị Thảo"), "DISTRICT_GIAY_KHEN")
		ctx := rule.SystemContext(context.Background())
		s.db.Client.Award.Update().Where(award.RecipientName("Lê Thị Thu Trang")).SetPublic(false).ExecX(ctx)

		count := func(c *server) int {
			var out struct{ Awards struct{ TotalCount int } }
			c.query(`{ awards { totalCount } }`, nil, &out)
			return out.Awards.TotalCount
		}
		if anon, staff := count(s), count(school); anon != 39 || staff != 40 {
			t.Errorf("awards seen: anonymous %d (want 39), staff in scope %d (want 40)", anon, staff)
		}
		var person struct {
			Individuals struct {
				Edges []struct {
					Node struct{ Awards struct{ TotalCount int } }
				}
			}
		}
		s.query(`{ individuals(where: {fullName: "Lê Thị Thu Trang"}) { edges { node { awards { totalCount } } } } }`, nil, &person)
		if n := person.Individuals.Edges[0].Node.Awards.TotalCount; n != 0 {
			t.Errorf("the private award shows through the individual's awards edge: %d", n)
		}
		for _, q := range []string{
			`{ individuals(where: {fullName: "Mai Thị Thảo"}) { edges { node { nominations { totalCount } } } } }`,
			`{ collectives(where: {name: "Công đoàn Trường Tiểu học Tô Hoàng"}) { edges { node { proposedNominations { edges { node { achievements } } } } } } }`,
			`{ awardLevels(first: 1) { edges { node { nominations { totalCount } } } } }`,
		} {
			if e := s.fail(q, nil); e.code() != "UNAUTHENTICATED" {
				t.Errorf("%s: %s, want UNAUTHENTICATED", q, e.code())
			}
		}
		// The audit log cannot be rewritten, not even by an administrator.
		admin := viewer.NewContext(context.Background(), &viewer.Viewer{UserID: 1, Role: viewer.RoleAdmin})
		if err := s.db.Client.AuditEvent.Update().Exec(admin); err == nil {
			t.Error("an administrator rewrote the audit log")
		}
		if _, err := s.db.Client.AuditEvent.Delete().Exec(admin); err == nil {
			t.Error("an administrator deleted the audit log")
		}
	})
}

// TestPositionsAndRevocation: staff record a teacher's post, which the award snapshot then
// carries; an administrator revokes an award, which leaves the honor roll and is shown
// revoked on its verification page. Staff may not revoke.
func TestPositionsAndRevocation(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		school := s.as("staff.school@demo.vinhdanh.vn")
		district := s.as("staff.haibatrung@demo.vinhdanh.vn")
		admin := s.as("admin@demo.vinhdanh.vn")
		teacher := school.newTeacher("Đoàn Thị Xuân")
		var pos struct{ ID string }
		school.call(`mutation($i: ID!, $c: ID!) { createPosition(input: {title: "Giáo viên", individualID: $i, collectiveID: $c, startDate: "2020-09-01"}) { id } }`,
			map[string]any{"i": teacher, "c": s.collectiveID(schoolUnion)}, &pos)
		if e := school.fail(`mutation($i: ID!, $c: ID!) { createPosition(input: {title: "Giáo viên", individualID: $i, collectiveID: $c}) { id } }`,
			map[string]any{"i": teacher, "c": s.collectiveID("Liên đoàn Lao động huyện Thanh Trì")}); e.code() != "FORBIDDEN" {
			t.Errorf("a post outside the scope: %s", e.code())
		}
		n := district.step("approve", school.step("submit", school.draft(teacher, "DISTRICT_GIAY_KHEN"), "", nil), "", nil)
		var dec struct {
			Awards struct {
				Edges []struct {
					Node struct {
						ID                               string
						RecipientPosition, RecipientUnit string
					}
				}
			}
		}
		district.call(`mutation($id: ID!) { issueDecision(input: {number: "77/QĐ-LĐLĐ", signedOn: "2024-06-01", signerName: "A", signerTitle: "Chủ tịch",
			nominationIDs: [$id]}) { awards { edges { node { id recipientPosition recipientUnit } } } } }`, map[string]any{"id": n.ID}, &dec)
		a := dec.Awards.Edges[0].Node
		if a.RecipientPosition != "Giáo viên" || a.RecipientUnit != schoolUnion {
			t.Errorf("snapshot = %+v", a)
		}
		revoke := `mutation($id: ID!, $r: String!) { revokeAward(id: $id, reason: $r) { revoked revocationReason } }`
		if e := district.fail(revoke, map[string]any{"id": a.ID, "r": "Sai sót"}); e.code() != "FORBIDDEN" {
			t.Errorf("staff revoking: %s", e.code())
		}
		if e := admin.fail(revoke, map[string]any{"id": a.ID, "r": " "}); e.code() != "BAD_USER_INPUT" {
			t.Errorf("revoking without a reason: %s", e.code())
		}
		var out struct {
			Revoked          bool
			RevocationReason string
		}
		admin.call(revoke, map[string]any{"id": a.ID, "r": "Hồ sơ sáng kiến không trung thực"}, &out)
		if !out.Revoked || out.RevocationReason == "" {
			t.Errorf("revoked = %+v", out)
		}
		if e := admin.fail(revoke, map[string]any{"id": a.ID, "r": "lần nữa"}); e.code() != "BAD_USER_INPUT" {
			t.Errorf("revoking twice: %s", e.code())
		}
		total, _, _ := s.roll(map[string]any{"c": s.collectiveID(schoolUnion)})
		if total != 2 {
			t.Errorf("the school's roll has %d awards after the revocation, want the 2 demo ones", total)
		}
	})
}
