package app_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"vinhdanh/internal/seed"
)

// TestReorganisation2025 plays the 2025 story on the demo records: Hai Bà Trưng's school
// unions move to a successor on 2025-07-01 and the district federation is dissolved. The past
// keeps its tree: the 30/8/2023 tally and Hai Bà Trưng's 2022-2023 roll and count are
// unchanged; today's tree routes a 2025-2026 nomination to the successor; Hai Bà Trưng's staff
// can no longer act, its successor's staff take over its pending files.
func TestReorganisation2025(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		hbt := s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng")
		school := s.as("staff.school@demo.vinhdanh.vn")
		district := s.as("staff.haibatrung@demo.vinhdanh.vn")
		pending := school.step("submit", school.draft(school.newTeacher("Mai Thị Chờ"), "DISTRICT_GIAY_KHEN"), "", nil)

		snapshot := func() string {
			var out struct {
				Tally, Unit []struct {
					Level         struct{ Code string }
					RecipientKind string
					Count         int
				}
				Roll struct {
					TotalCount int
					Edges      []struct{ Node struct{ ID string } }
				}
			}
			s.query(`query($cer: ID!, $hbt: ID!) {
				tally: awardStats(where: {hasCeremonyWith: {id: $cer}}) { level { code } recipientKind count }
				unit: awardStats(collectiveID: $hbt, where: {periodStartYear: 2022}) { level { code } recipientKind count }
				roll: honorRoll(collectiveID: $hbt, period: "2022-2023", first: 200) { totalCount edges { node { id } } } }`,
				map[string]any{"cer": s.a1Ceremony(), "hbt": hbt}, &out)
			b, _ := json.Marshal(out)
			return string(b)
		}
		before := snapshot()
		if !strings.Contains(before, `"Unit":[{"Level":{"Code":"NATIONAL_BANG_KHEN"}`) || strings.Contains(before, `"TotalCount":0`) {
			t.Fatalf("nothing to compare: %s", before)
		}
		if err := seed.Story2025(context.Background(), s.db.Client, demoPassword); err != nil {
			t.Fatal(err)
		}
		if after := snapshot(); after != before {
			t.Errorf("the past changed with the tree:\nbefore %s\nafter  %s", before, after)
		}
		succ := s.collectiveID(seed.Successor2025)
		var roll struct{ HonorRoll struct{ TotalCount int } }
		s.query(`query($c: ID!) { honorRoll(collectiveID: $c, period: "2022-2023") { totalCount } }`, map[string]any{"c": succ}, &roll)
		if roll.HonorRoll.TotalCount != 0 {
			t.Errorf("the successor's 2022-2023 roll holds %d awards of a time before it existed", roll.HonorRoll.TotalCount)
		}

		// The tree as of a date.
		var tr struct {
			Node struct {
				Before, After struct{ Name string }
				Path          []struct{ Name string }
				Affiliations  struct{ TotalCount int }
			}
			Hbt struct{ ChildrenAt []struct{ Name string } }
		}
		s.query(`query($s: ID!, $h: ID!) {
			node(id: $s) { ... on Collective { before: parentAt(date: "2024-01-01") { name } after: parentAt(date: "2026-01-01") { name }
				path: pathAt(date: "2023-05-01") { name } affiliations { totalCount } } }
			hbt: node(id: $h) { ... on Collective { childrenAt(date: "2025-08-01") { name } } } }`,
			map[string]any{"s": s.collectiveID(schoolUnion), "h": hbt}, &tr)
		var path []string
		for _, p := range tr.Node.Path {
			path = append(path, p.Name)
		}
		if tr.Node.Before.Name != "Liên đoàn Lao động quận Hai Bà Trưng" || tr.Node.After.Name != seed.Successor2025 ||
			!slices.Contains(path, "Liên đoàn Lao động quận Hai Bà Trưng") || path[len(path)-1] != schoolUnion ||
			tr.Node.Affiliations.TotalCount != 2 || len(tr.Hbt.ChildrenAt) != 0 {
			t.Errorf("the tree as of dates: %+v", tr)
		}

		// Today's tree routes new nominations; the dissolved federation's staff are retired.
		n := school.draft(school.newTeacher("Đỗ Thị Năm Mới"), "DISTRICT_GIAY_KHEN")
		var nextYear nom
		school.call(`mutation($id: ID!, $v: Int!) { updateNomination(id: $id, expectedVersion: $v, input: {periodStartYear: 2025, periodEndYear: 2026}) { `+nomFields+` } }`,
			map[string]any{"id": n.ID, "v": n.Version}, &nextYear)
		if sent := school.step("submit", nextYear, "", nil); sent.Reviewer == nil || sent.Reviewer.Name != seed.Successor2025 {
			t.Errorf("a 2025-2026 nomination went to %+v, want the successor", sent.Reviewer)
		}
		if e := district.stepFails("approve", pending, nil); e.code() != "FORBIDDEN" {
			t.Errorf("the dissolved federation's staff approving: %s %s", e.code(), e.Message)
		}
		if e := district.fail(`mutation { createIndividual(input: {fullName: "Người Mới Ghi"}) { id } }`, nil); e.code() != "FORBIDDEN" {
			t.Errorf("the dissolved federation's staff recording a person: %s %s", e.code(), e.Message)
		}
		successor := s.as(seed.SuccessorStaff2025)
		if back := successor.step("return", pending, "", map[string]any{"comment": "Đơn vị kế thừa đề nghị bổ sung hồ sơ"}); back.Status != "RETURNED" {
			t.Errorf("the successor taking over a pending file: %+v", back)
		}
	})
}

// TestRevertReorganisation: a mistaken move is reverted with its history kept, and only those
// who administer every unit involved may reorganise.
func TestRevertReorganisation(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		admin := s.as("admin@demo.vinhdanh.vn")
		unit := s.collectiveID("Công đoàn Trường Tiểu học Tam Hiệp")
		city := s.collectiveID("Liên đoàn Lao động thành phố Hà Nội")
		move := `mutation($u: ID!, $p: ID!) { reorganize(input: {effectiveOn: "2026-01-01", note: "QĐ 12/2026 (nhầm)",
			moves: [{collectiveID: $u, newParentID: $p}]}) { id } }`
		if e := s.as("staff.thanhtri@demo.vinhdanh.vn").fail(move, map[string]any{"u": unit, "p": city}); e.code() != "FORBIDDEN" {
			t.Errorf("staff reorganising: %+v", e)
		}
		var rec struct{ ID string }
		admin.call(move, map[string]any{"u": unit, "p": city}, &rec)
		parent := func() string {
			var out struct {
				Node struct{ ParentAt struct{ Name string } }
			}
			s.query(`query($u: ID!) { node(id: $u) { ... on Collective { parentAt(date: "2026-06-01") { name } } } }`, map[string]any{"u": unit}, &out)
			return out.Node.ParentAt.Name
		}
		if p := parent(); p != "Liên đoàn Lao động thành phố Hà Nội" {
			t.Fatalf("after the move: %q", p)
		}
		var reverted struct{ RevertedAt, RevertReason string }
		admin.call(`mutation($id: ID!) { revertReorganisation(id: $id, reason: "Nhập nhầm đơn vị") { revertedAt revertReason } }`,
			map[string]any{"id": rec.ID}, &reverted)
		if p := parent(); p != "Liên đoàn Lao động huyện Thanh Trì" || reverted.RevertedAt == "" {
			t.Errorf("after the revert: parent %q, %+v", p, reverted)
		}
		var hist struct {
			Node struct{ Affiliations struct{ TotalCount int } }
		}
		s.query(`query($u: ID!) { node(id: $u) { ... on Collective { affiliations { totalCount } } } }`, map[string]any{"u": unit}, &hist)
		if hist.Node.Affiliations.TotalCount != 2 {
			t.Errorf("%d affiliations on record, want 2 (the reverted one kept)", hist.Node.Affiliations.TotalCount)
		}
		if e := admin.fail(`mutation($id: ID!) { revertReorganisation(id: $id, reason: "lần nữa") { id } }`, map[string]any{"id": rec.ID}); e.code() != "BAD_USER_INPUT" {
			t.Errorf("reverting twice: %+v", e)
		}
	})
}
