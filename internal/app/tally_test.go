package app_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestCeremonyTally checks the A1 ceremony's tally against the article: TLĐ Bằng khen 1
// collective + 2 individuals, city Cờ thi đua 1 collective, city Bằng khen 3 + 6, district
// Giấy khen 22 collectives; 27 collectives and 8 individuals, 35 in all.
func TestCeremonyTally(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		id := s.a1Ceremony()
		var out struct {
			AwardStats []struct {
				Level         struct{ Code string }
				RecipientKind string
				Count         int
			}
		}
		s.counter.Reset()
		s.query(`query($id: ID!) { awardStats(where: {hasCeremonyWith: {id: $id}}) { level { code } recipientKind count } }`,
			map[string]any{"id": id}, &out)
		var got []string
		byKind := map[string]int{}
		for _, r := range out.AwardStats {
			got = append(got, fmt.Sprintf("%s %s %d", r.Level.Code, r.RecipientKind, r.Count))
			byKind[r.RecipientKind] += r.Count
		}
		want := []string{
			"NATIONAL_BANG_KHEN COLLECTIVE 1",
			"NATIONAL_BANG_KHEN INDIVIDUAL 2",
			"CITY_CO_THI_DUA COLLECTIVE 1",
			"CITY_BANG_KHEN COLLECTIVE 3",
			"CITY_BANG_KHEN INDIVIDUAL 6",
			"DISTRICT_GIAY_KHEN COLLECTIVE 22",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("tally:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if byKind["COLLECTIVE"] != 27 || byKind["INDIVIDUAL"] != 8 {
			t.Errorf("collectives %d, individuals %d; want 27 and 8", byKind["COLLECTIVE"], byKind["INDIVIDUAL"])
		}
		// One grouped query plus one to load the levels: the awards are never loaded into Go.
		grouped := s.counter.Matching("GROUP BY")
		if len(grouped) != 1 {
			t.Errorf("%d GROUP BY statements, want 1", len(grouped))
		}
		if n := len(s.counter.Statements()); n != 2 {
			t.Errorf("%d statements, want 2: %+v", n, s.counter.Statements())
		}
	})
}

// TestTallyByIssuer checks the per-issuer totals the article gives (TLĐ 3, LĐLĐ TP 10,
// LĐLĐ quận 22) through the decisions' issuers.
func TestTallyByIssuer(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		id := s.a1Ceremony()
		for _, tt := range []struct {
			issuer string
			want   int
		}{
			{"Tổng Liên đoàn Lao động Việt Nam", 3},
			{"Liên đoàn Lao động thành phố Hà Nội", 10},
			{"Liên đoàn Lao động quận Hai Bà Trưng", 22},
		} {
			var out struct{ AwardStats []struct{ Count int } }
			s.query(`query($id: ID!, $issuer: String!) {
				awardStats(where: {hasCeremonyWith: {id: $id}, hasDecisionWith: {hasIssuerWith: {name: $issuer}}}) { count } }`,
				map[string]any{"id": id, "issuer": tt.issuer}, &out)
			total := 0
			for _, r := range out.AwardStats {
				total += r.Count
			}
			if total != tt.want {
				t.Errorf("%s: %d awards, want %d", tt.issuer, total, tt.want)
			}
		}
	})
}

// TestTallyLeavesRevokedAwardsOut: a revoked award is no longer counted, unless asked for.
func TestTallyLeavesRevokedAwardsOut(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		id := s.a1Ceremony()
		total := func(where string) int {
			var out struct{ AwardStats []struct{ Count int } }
			s.query(`query($id: ID!) { awardStats(where: {hasCeremonyWith: {id: $id}`+where+`}) { count } }`, map[string]any{"id": id}, &out)
			n := 0
			for _, r := range out.AwardStats {
				n += r.Count
			}
			return n
		}
		if n := total(""); n != 35 {
			t.Fatalf("before: %d awards, want 35", n)
		}
		var awards struct {
			Awards struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		s.query(`query($id: ID!) { awards(where: {hasCeremonyWith: {id: $id}}, first: 1) { edges { node { id } } } }`, map[string]any{"id": id}, &awards)
		s.as("admin@demo.vinhdanh.vn").call(`mutation($id: ID!) { revokeAward(id: $id, reason: "Hồ sơ khai không đúng") { id } }`,
			map[string]any{"id": awards.Awards.Edges[0].Node.ID}, &struct{ ID string }{})
		if n := total(""); n != 34 {
			t.Errorf("after a revocation: %d awards, want 34", n)
		}
		if n := total(", revokedAtNotNil: true"); n != 1 {
			t.Errorf("revoked awards asked for: %d, want 1", n)
		}
	})
}
