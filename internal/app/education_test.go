package app_test

import (
	"slices"
	"strings"
	"testing"
)

// TestEducationStory follows one teacher's school year 2024-2025 through both lines, with no
// administrator in the workflow: the school (its principal's office has an account) gives Lao
// động tiên tiến and then Chiến sĩ thi đua cơ sở (the prerequisite rule passes on the first);
// the Phòng GD&ĐT keeps no accounts, so a nomination for its Giấy khen goes to the district
// federation, whose staff record the Phòng's paper decision; once the Phòng has an account,
// such nominations reach it and it issues the decision itself; and the district federation
// gives its own Giấy khen. The school's union is tied to its school by data
// (Collective.counterpart), and that is how every issuer is found.
func TestEducationStory(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		admin := s.as("admin@demo.vinhdanh.vn")
		district := s.as("staff.thanhtri@demo.vinhdanh.vn")
		union := s.collectiveID("Công đoàn Trường Tiểu học Tam Hiệp")
		phong := s.collectiveID("Phòng Giáo dục và Đào tạo huyện Thanh Trì")
		federation := s.collectiveID(thanhTri)

		// The data: the school under its Phòng, its union tied to it, an account for the school.
		var school struct{ ID string }
		admin.call(`mutation($p: ID!) { createCollective(input: {name: "Trường Tiểu học Tam Hiệp", kind: SCHOOL, tier: GRASSROOTS, parentID: $p}) { id } }`,
			map[string]any{"p": phong}, &school)
		var linked struct{ Counterpart struct{ Name string } }
		admin.call(`mutation($u: ID!, $s: ID!) { updateCollective(id: $u, input: {counterpartID: $s}) { counterpart { name } } }`,
			map[string]any{"u": union, "s": school.ID}, &linked)
		if linked.Counterpart.Name != "Trường Tiểu học Tam Hiệp" {
			t.Fatalf("counterpart: %+v", linked)
		}
		if e := admin.fail(`mutation($u: ID!, $s: ID!) { updateCollective(id: $u, input: {counterpartID: $s}) { id } }`,
			map[string]any{"u": school.ID, "s": phong}); e.code() != "BAD_USER_INPUT" {
			t.Errorf("a school given a counterpart: %s %q", e.code(), e.Message)
		}
		account := func(email, scope string) *server {
			admin.call(`mutation($e: String!, $s: ID!) { createUser(input: {email: $e, displayName: "Văn phòng", role: STAFF, scopeID: $s}, password: "mat-khau-truong-hoc-2025") { id } }`,
				map[string]any{"e": email, "s": scope}, &struct{ ID string }{})
			return s.asWith(email, "mat-khau-truong-hoc-2025")
		}
		principal := account("vanphong@thtamhiep.edu.vn", school.ID)

		teacher := func(name string) string {
			var p struct{ ID string }
			district.call(`mutation($n: String!) { createIndividual(input: {fullName: $n, gender: FEMALE}) { id } }`, map[string]any{"n": name}, &p)
			district.call(`mutation($i: ID!, $c: ID!) { createPosition(input: {title: "Giáo viên", individualID: $i, collectiveID: $c, startDate: "2019-09-01"}) { id } }`,
				map[string]any{"i": p.ID, "c": union}, &struct{ ID string }{})
			return p.ID
		}
		lan, mai := teacher("Nguyễn Thị Lan Anh"), teacher("Trần Thị Mai")
		draft := func(as *server, person, level, proposer string) nom {
			var n nom
			as.call(`mutation($in: CreateNominationInput!) { createNomination(input: $in) { `+nomFields+` } }`, map[string]any{"in": map[string]any{
				"recipientKind": "INDIVIDUAL", "individualID": person, "levelID": s.levelGID(level), "proposerID": proposer,
				"achievements": "Hoàn thành xuất sắc nhiệm vụ năm học 2024-2025.",
				"periodKind":   "SCHOOL_YEAR", "periodStartYear": 2024, "periodEndYear": 2025,
			}}, &n)
			return n
		}
		issue := func(as *server, number string, n nom) {
			as.call(`mutation($id: ID!, $no: String!) { issueDecision(input: {number: $no, signedOn: "2025-05-20", signerName: "Lê Văn Hiệu",
				signerTitle: "Hiệu trưởng", nominationIDs: [$id]}) { id } }`, map[string]any{"id": n.ID, "no": number}, &struct{ ID string }{})
		}

		// Lao động tiên tiến, then CSTĐ cơ sở: the school reviews and gives both.
		ldtt := principal.step("submit", draft(principal, lan, "GRASSROOTS_LAO_DONG_TIEN_TIEN", school.ID), "", nil)
		if ldtt.Reviewer == nil || ldtt.Reviewer.Name != "Trường Tiểu học Tam Hiệp" {
			t.Fatalf("Lao động tiên tiến went to %+v, want the school", ldtt.Reviewer)
		}
		issue(principal, "12/QĐ-THTH", principal.step("approve", ldtt, "", nil))
		cstd := principal.step("submit", draft(principal, lan, "GRASSROOTS_CHIEN_SI_THI_DUA", school.ID), "", nil)
		issue(principal, "13/QĐ-THTH", principal.step("approve", cstd, "", nil))

		// The Phòng keeps no accounts: its Giấy khen goes to the federation, which cannot approve
		// it but records the Phòng's paper decision.
		waiting := district.step("submit", draft(district, lan, "DISTRICT_EDUCATION_GIAY_KHEN", union), "", nil)
		if waiting.Reviewer == nil || waiting.Reviewer.Name != "Liên đoàn Lao động huyện Thanh Trì" {
			t.Fatalf("the Phòng's Giấy khen without a Phòng account went to %+v", waiting.Reviewer)
		}
		if e := district.stepFails("approve", waiting, nil); e.code() != "FORBIDDEN" {
			t.Errorf("the federation approving the Phòng's level: %s %q", e.code(), e.Message)
		}
		district.call(recordDecision, map[string]any{"in": map[string]any{"number": "215/QĐ-PGDĐT", "signedOn": "2025-05-25",
			"signerName": "Phạm Thị Hồng", "signerTitle": "Trưởng phòng", "issuerID": phong, "documentReference": "Bản giấy, lưu tại LĐLĐ huyện",
			"awards": []map[string]any{{"recipientKind": "INDIVIDUAL", "individualID": lan, "levelID": s.levelGID("DISTRICT_EDUCATION_GIAY_KHEN"),
				"periodKind": "SCHOOL_YEAR", "periodStartYear": 2024, "periodEndYear": 2025}}}}, &struct{ ID string }{})

		// Once the Phòng has an account, the same kind of nomination reaches it.
		pgd := account("thiduakhenthuong@pgdthanhtri.edu.vn", phong)
		direct := district.step("submit", draft(district, mai, "DISTRICT_EDUCATION_GIAY_KHEN", union), "", nil)
		if direct.Reviewer == nil || direct.Reviewer.Name != "Phòng Giáo dục và Đào tạo huyện Thanh Trì" {
			t.Fatalf("the Phòng's Giấy khen went to %+v, want the Phòng", direct.Reviewer)
		}
		issue(pgd, "230/QĐ-PGDĐT", pgd.step("approve", direct, "", nil))

		// A level that names its issuer: the UBND's Bằng khen is not the Sở's to give, by any path.
		sở := s.collectiveID("Sở Giáo dục và Đào tạo Hà Nội")
		e := admin.fail(recordDecision, map[string]any{"in": map[string]any{"number": "1/QĐ-SGDĐT", "signedOn": "2025-06-01",
			"signerName": "A", "signerTitle": "Giám đốc", "issuerID": sở, "documentReference": "—",
			"awards": []map[string]any{{"recipientKind": "INDIVIDUAL", "individualID": mai, "levelID": s.levelGID("CITY_PEOPLES_COMMITTEE_BANG_KHEN"),
				"periodKind": "SCHOOL_YEAR", "periodStartYear": 2024, "periodEndYear": 2025}}}})
		if e.code() != "BAD_USER_INPUT" || !strings.Contains(e.Message, "does not give") {
			t.Errorf("the Sở giving the UBND's Bằng khen: %s %q", e.code(), e.Message)
		}
		account("vanphong@hanoi.gov.vn", s.collectiveID("Ủy ban nhân dân thành phố Hà Nội"))
		ubnd := district.step("submit", draft(district, mai, "CITY_PEOPLES_COMMITTEE_BANG_KHEN", union), "", nil)
		if ubnd.Reviewer == nil || ubnd.Reviewer.Name != "Ủy ban nhân dân thành phố Hà Nội" {
			t.Errorf("the UBND's Bằng khen went to %+v, want the UBND (not the nearer Sở)", ubnd.Reviewer)
		}

		// The union's own Giấy khen, the usual way.
		gk := district.step("submit", draft(district, lan, "DISTRICT_GIAY_KHEN", union), "", nil)
		issue(district, "88/QĐ-LĐLĐ", district.step("approve", gk, "", nil))

		var out struct {
			Node struct {
				Awards struct {
					Edges []struct {
						Node struct {
							PeriodName string
							Level      struct{ Code string }
							Decision   struct{ Issuer struct{ ID, Name string } }
						}
					}
				}
			}
		}
		s.query(`query($id: ID!) { node(id: $id) { ... on Individual { awards(first: 10) { edges { node {
			periodName level { code } decision { issuer { id name } } } } } } } }`, map[string]any{"id": lan}, &out)
		var got []string
		for _, e := range out.Node.Awards.Edges {
			if e.Node.PeriodName != "Năm học 2024-2025" {
				t.Errorf("award in %s", e.Node.PeriodName)
			}
			got = append(got, e.Node.Level.Code+" by "+e.Node.Decision.Issuer.ID)
		}
		slices.Sort(got)
		want := []string{"DISTRICT_EDUCATION_GIAY_KHEN by " + phong, "DISTRICT_GIAY_KHEN by " + federation,
			"GRASSROOTS_CHIEN_SI_THI_DUA by " + school.ID, "GRASSROOTS_LAO_DONG_TIEN_TIEN by " + school.ID}
		slices.Sort(want)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("the teacher's year:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}
