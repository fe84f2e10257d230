package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"vinhdanh/ent/award"
	"vinhdanh/internal/catalog"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/store"
)

const recordDecision = `mutation($in: RecordDecisionInput!) {
  recordDecision(input: $in) { id number documentReference issuer { name }
    awards(first: 10) { totalCount edges { node { id recipientName recipientUnit recordedFrom period public } } } }
}`

// TestRecordDecision: a paper decision is entered with its awards in one call, each award
// marked with its document, audited, and on the roll; the record's rules hold as for issued
// decisions, and a failing award leaves nothing written.
func TestRecordDecision(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		s := newServer(t, target)
		ctx := rule.SystemContext(context.Background())
		hbt := s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng")
		toHoang := s.collectiveID("Công đoàn Trường Tiểu học Tô Hoàng")
		thanhTriSchool := s.collectiveID("Công đoàn Trường Tiểu học Tam Hiệp")
		giayKhen := s.levelID(ctx, catalog.DistrictGiayKhen)
		var toHoangID int
		fmt.Sscan(toHoang, &toHoangID)
		teacher, err := s.db.Client.Individual.Create().SetFullName("Phạm Thị Thu Hà").Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.db.Client.Position.Create().SetIndividualID(teacher.ID).SetCollectiveID(toHoangID).SetTitle("Giáo viên").
			SetStartDate(time.Date(2015, 9, 1, 0, 0, 0, 0, time.UTC)).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		year := func(a map[string]any) map[string]any {
			a["levelID"], a["periodKind"], a["periodStartYear"], a["periodEndYear"] = giayKhen, "SCHOOL_YEAR", 2018, 2019
			return a
		}
		input := func(number string, awards ...map[string]any) map[string]any {
			return map[string]any{"in": map[string]any{"number": number, "signedOn": "2019-08-20",
				"signerName": "Nguyễn Văn An", "signerTitle": "Chủ tịch LĐLĐ quận Hai Bà Trưng", "issuerID": hbt,
				"documentReference": "Lưu trữ LĐLĐ quận Hai Bà Trưng, hồ sơ khen thưởng năm học 2018-2019", "awards": awards}}
		}
		school := func() map[string]any {
			return year(map[string]any{"recipientKind": "COLLECTIVE", "collectiveID": toHoang})
		}
		person := func() map[string]any {
			return year(map[string]any{"recipientKind": "INDIVIDUAL", "individualID": fmt.Sprint(teacher.ID),
				"citation": "Đã có thành tích xuất sắc trong năm học 2018-2019"})
		}
		staff := s.as("staff.haibatrung@demo.vinhdanh.vn")

		var out struct {
			RecordDecision struct {
				ID, Number, DocumentReference string
				Issuer                        struct{ Name string }
				Awards                        struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							ID, RecipientName, RecipientUnit, RecordedFrom, Period string
							Public                                                 bool
						}
					}
				}
			}
		}
		staff.query(recordDecision, input("112/QĐ-LĐLĐ", school(), person()), &out)
		d := out.RecordDecision
		if d.Awards.TotalCount != 2 || d.DocumentReference == "" || d.Issuer.Name != "Liên đoàn Lao động quận Hai Bà Trưng" {
			t.Fatalf("recorded %+v", d)
		}
		for _, e := range d.Awards.Edges {
			a := e.Node
			if a.RecordedFrom != d.DocumentReference || a.Period != "2018-2019" || !a.Public {
				t.Errorf("award %+v", a)
			}
			if a.RecipientName == "Phạm Thị Thu Hà" && a.RecipientUnit != "Công đoàn Trường Tiểu học Tô Hoàng" {
				t.Errorf("the teacher's unit when the decision was signed: %q", a.RecipientUnit)
			}
		}
		var roll struct {
			HonorRoll struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		s.query(`query($c: ID!) { honorRoll(collectiveID: $c, period: "2018-2019") { edges { node { id } } } }`,
			map[string]any{"c": hbt}, &roll)
		if len(roll.HonorRoll.Edges) != 2 {
			t.Errorf("the roll of 2018-2019 has %d awards, want the 2 recorded", len(roll.HonorRoll.Edges))
		}
		var audit struct {
			Awards, Decisions struct{ TotalCount int }
		}
		s.as("admin@demo.vinhdanh.vn").query(`{
			awards: auditEvents(where: {entityType: "Award", actionHasPrefix: "recordDecision"}) { totalCount }
			decisions: auditEvents(where: {entityType: "Decision", actionHasPrefix: "recordDecision"}) { totalCount } }`, nil, &audit)
		if audit.Awards.TotalCount != 2 || audit.Decisions.TotalCount != 1 {
			t.Errorf("audited: %d award and %d decision creations, want 2 and 1", audit.Awards.TotalCount, audit.Decisions.TotalCount)
		}

		decisions := func() int { return s.db.Client.Decision.Query().CountX(ctx) }
		before := decisions()
		for _, tc := range []struct {
			name, email, code, field string
			vars                     map[string]any
		}{
			{"the same award again", "staff.haibatrung@demo.vinhdanh.vn", "CONFLICT", "awards[1]",
				input("113/QĐ-LĐLĐ", year(map[string]any{"recipientKind": "COLLECTIVE", "collectiveID": s.collectiveID("Công đoàn Trường Tiểu học Lương Yên")}), school())},
			{"a recipient outside the issuer", "staff.haibatrung@demo.vinhdanh.vn", "BAD_USER_INPUT", "awards[0].collectiveID",
				input("114/QĐ-LĐLĐ", year(map[string]any{"recipientKind": "COLLECTIVE", "collectiveID": thanhTriSchool}))},
			{"a level the issuer does not give", "staff.haibatrung@demo.vinhdanh.vn", "BAD_USER_INPUT", "awards[0].levelID",
				input("115/QĐ-LĐLĐ", func() map[string]any {
					a := school()
					a["levelID"] = s.levelID(ctx, catalog.CityBangKhen)
					return a
				}())},
			{"two recipients", "staff.haibatrung@demo.vinhdanh.vn", "BAD_USER_INPUT", "awards[0].recipientKind",
				input("116/QĐ-LĐLĐ", func() map[string]any { a := school(); a["individualID"] = fmt.Sprint(teacher.ID); return a }())},
			{"the same number", "staff.haibatrung@demo.vinhdanh.vn", "CONFLICT", "number",
				input("112/QĐ-LĐLĐ", year(map[string]any{"recipientKind": "COLLECTIVE", "collectiveID": s.collectiveID("Công đoàn Trường Tiểu học Lương Yên")}))},
			{"another unit's decision", "staff.thanhtri@demo.vinhdanh.vn", "FORBIDDEN", "",
				input("117/QĐ-LĐLĐ", year(map[string]any{"recipientKind": "COLLECTIVE", "collectiveID": s.collectiveID("Công đoàn Trường Tiểu học Lương Yên")}))},
			{"a federation above, for a unit that records its own", "staff.hanoi@demo.vinhdanh.vn", "FORBIDDEN", "",
				input("118/QĐ-LĐLĐ", year(map[string]any{"recipientKind": "COLLECTIVE", "collectiveID": s.collectiveID("Công đoàn Trường Tiểu học Lương Yên")}))},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := s.as(tc.email).fail(recordDecision, tc.vars)
				if e.code() != tc.code || (tc.field != "" && e.Extensions["field"] != tc.field) {
					t.Errorf("got %s %v %q, want %s %s", e.code(), e.Extensions["field"], e.Message, tc.code, tc.field)
				}
				if n := decisions(); n != before {
					t.Errorf("%d decisions after a refused call, want %d: something was half-written", n, before)
				}
			})
		}
		if e := s.fail(recordDecision, input("119/QĐ-LĐLĐ", school())); e.code() != "UNAUTHENTICATED" && e.code() != "FORBIDDEN" {
			t.Errorf("anonymous: %s", e.code())
		}

		// Corrections keep the history.
		const amend = `mutation($id: ID!, $in: AmendDecisionInput!, $reason: String!) {
		  amendDecision(id: $id, input: $in, reason: $reason) { signerTitle signedOn amendments { reason before after actorName } } }`
		var amended struct {
			AmendDecision struct {
				SignerTitle, SignedOn string
				Amendments            []struct{ Reason, Before, After, ActorName string }
			}
		}
		staff.query(amend, map[string]any{"id": d.ID, "in": map[string]any{"signerTitle": "Phó Chủ tịch LĐLĐ quận Hai Bà Trưng"},
			"reason": "Nhập sai chức danh người ký"}, &amended)
		a := amended.AmendDecision
		if a.SignerTitle != "Phó Chủ tịch LĐLĐ quận Hai Bà Trưng" || len(a.Amendments) != 1 || a.Amendments[0].Reason != "Nhập sai chức danh người ký" ||
			a.Amendments[0].Before != `{"signerTitle":"Chủ tịch LĐLĐ quận Hai Bà Trưng"}` || a.Amendments[0].After != `{"signerTitle":"Phó Chủ tịch LĐLĐ quận Hai Bà Trưng"}` ||
			a.Amendments[0].ActorName == "" {
			t.Errorf("amended %+v", a)
		}
		if page, _ := getPage(t, s.url+"/verify/"+d.Awards.Edges[0].Node.ID); !strings.Contains(page, "Đính chính") || !strings.Contains(page, "Nhập sai chức danh người ký") {
			t.Errorf("the verification page does not show the correction:\n%.600s", page)
		}
		s.as("admin@demo.vinhdanh.vn").query(`{ awards: auditEvents(where: {entityType: "DecisionAmendment"}) { totalCount }
			decisions: auditEvents(where: {entityType: "Decision", actionHasPrefix: "amendDecision"}) { totalCount } }`, nil, &audit)
		if audit.Awards.TotalCount != 1 || audit.Decisions.TotalCount != 1 {
			t.Errorf("audited: %d amendments and %d decision updates, want 1 and 1", audit.Awards.TotalCount, audit.Decisions.TotalCount)
		}

		// A decision presented at a ceremony cannot be re-dated after it.
		var withCeremony struct{ RecordDecision struct{ ID string } }
		staff.query(recordDecision, input("121/QĐ-LĐLĐ", func() map[string]any {
			a := year(map[string]any{"recipientKind": "COLLECTIVE", "collectiveID": s.collectiveID("Công đoàn Trường Tiểu học Lương Yên")})
			a["periodStartYear"], a["periodEndYear"], a["ceremonyID"] = 2019, 2020, s.a1Ceremony()
			return a
		}()), &withCeremony)
		amendments := func() int { return s.db.Client.DecisionAmendment.Query().CountX(ctx) }
		n := amendments()
		for _, tc := range []struct {
			name, email, code string
			vars              map[string]any
		}{
			{"no reason", "staff.haibatrung@demo.vinhdanh.vn", "BAD_USER_INPUT",
				map[string]any{"id": d.ID, "in": map[string]any{"signerName": "Trần Văn Bình"}, "reason": " "}},
			{"nothing changed", "staff.haibatrung@demo.vinhdanh.vn", "BAD_USER_INPUT",
				map[string]any{"id": d.ID, "in": map[string]any{"signerName": "Nguyễn Văn An"}, "reason": "Kiểm tra"}},
			{"another issuer's number", "staff.haibatrung@demo.vinhdanh.vn", "CONFLICT",
				map[string]any{"id": d.ID, "in": map[string]any{"number": "DEMO-04/QĐ-LĐLĐ"}, "reason": "Nhập sai số"}},
			{"after its ceremony", "staff.haibatrung@demo.vinhdanh.vn", "BAD_USER_INPUT",
				map[string]any{"id": withCeremony.RecordDecision.ID, "in": map[string]any{"signedOn": "2024-01-15"}, "reason": "Nhập sai ngày"}},
			{"another unit's decision", "staff.thanhtri@demo.vinhdanh.vn", "FORBIDDEN",
				map[string]any{"id": d.ID, "in": map[string]any{"signerName": "Trần Văn Bình"}, "reason": "Nhập sai"}},
		} {
			t.Run("amend: "+tc.name, func(t *testing.T) {
				if e := s.as(tc.email).fail(amend, tc.vars); e.code() != tc.code {
					t.Errorf("got %s %q, want %s", e.code(), e.Message, tc.code)
				}
				if amendments() != n {
					t.Error("a refused correction left an amendment")
				}
			})
		}
	})
}

// TestPresentAwards: conferred awards are attached to their ceremony afterwards by the
// issuer's staff, under the ceremony rules, all or nothing.
func TestPresentAwards(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		s := newServer(t, target)
		ctx := rule.SystemContext(context.Background())
		staff := s.as("staff.haibatrung@demo.vinhdanh.vn")
		record := func(number, signedOn string, school string, start int) string {
			var out struct {
				RecordDecision struct {
					Awards struct {
						Edges []struct{ Node struct{ ID string } }
					}
				}
			}
			staff.query(recordDecision, map[string]any{"in": map[string]any{"number": number, "signedOn": signedOn,
				"signerName": "Nguyễn Văn An", "signerTitle": "Chủ tịch", "issuerID": s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng"),
				"documentReference": "Hồ sơ lưu trữ", "awards": []map[string]any{{"recipientKind": "COLLECTIVE",
					"collectiveID": s.collectiveID(school), "levelID": s.levelID(ctx, catalog.DistrictGiayKhen),
					"periodKind": "SCHOOL_YEAR", "periodStartYear": start, "periodEndYear": start + 1}}}}, &out)
			return out.RecordDecision.Awards.Edges[0].Node.ID
		}
		before := record("122/QĐ-LĐLĐ", "2021-08-20", "Công đoàn Trường Tiểu học Lương Yên", 2020)
		after := record("123/QĐ-LĐLĐ", "2024-01-10", "Công đoàn Trường Tiểu học Tô Hoàng", 2022)
		ceremony := s.a1Ceremony()
		const present = `mutation($c: ID!, $ids: [ID!]!) { presentAwards(ceremonyID: $c, awardIDs: $ids) { id ceremony { id } } }`
		for _, tc := range []struct {
			name, email, code string
			ids               []string
		}{
			{"a decision signed after the ceremony", "staff.haibatrung@demo.vinhdanh.vn", "BAD_USER_INPUT", []string{before, after}},
			{"another unit's award", "staff.thanhtri@demo.vinhdanh.vn", "NOT_FOUND", []string{before}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if e := s.as(tc.email).fail(present, map[string]any{"c": ceremony, "ids": tc.ids}); e.code() != tc.code {
					t.Errorf("got %s %q, want %s", e.code(), e.Message, tc.code)
				}
				if n := s.db.Client.Award.Query().Where(award.CeremonyIDNotNil(), award.IDIn(ids(t, tc.ids)...)).CountX(ctx); n != 0 {
					t.Errorf("%d awards attached by a refused call", n)
				}
			})
		}
		var out struct {
			PresentAwards []struct {
				ID       string
				Ceremony struct{ ID string }
			}
		}
		staff.query(present, map[string]any{"c": ceremony, "ids": []string{before}}, &out)
		if len(out.PresentAwards) != 1 || out.PresentAwards[0].Ceremony.ID != ceremony {
			t.Errorf("presented %+v", out.PresentAwards)
		}
	})
}

func ids(t *testing.T, s []string) []int {
	out := make([]int, len(s))
	for i, v := range s {
		if _, err := fmt.Sscan(v, &out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func getPage(t *testing.T, url string) (string, int) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b), res.StatusCode
}
