package app_test

import (
	"context"
	"strings"
	"testing"

	"vinhdanh/internal/rule"
)

// TestBadInput sends malformed writes: each gets a clear error naming the problem, and the
// database is left exactly as it was.
func TestBadInput(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		admin := s.as("admin@demo.vinhdanh.vn")
		school := s.as("staff.school@demo.vinhdanh.vn")
		teacher := school.newTeacher("Hồ Thị Lan")
		level := s.levelGID("DISTRICT_GIAY_KHEN")
		proposer := s.collectiveID(schoolUnion)
		union := proposer
		dissolved := s.collectiveID("Công đoàn Trường Tiểu học thị trấn Đại Nghĩa")
		nominate := `mutation($in: CreateNominationInput!) { createNomination(input: $in) { id } }`
		in := func(extra map[string]any) map[string]any {
			m := map[string]any{"recipientKind": "INDIVIDUAL", "individualID": teacher, "levelID": level, "proposerID": proposer}
			for k, v := range extra {
				if v == nil {
					delete(m, k)
				} else {
					m[k] = v
				}
			}
			return map[string]any{"in": m}
		}
		long := strings.Repeat("Nguyễn ", 60)
		cases := []struct {
			name   string
			as     *server
			query  string
			vars   map[string]any
			code   string
			inText string
		}{
			{"empty collective name", admin, `mutation { createCollective(input: {name: "", kind: SCHOOL, tier: GRASSROOTS}) { id } }`, nil, "BAD_USER_INPUT", "name"},
			{"over-long individual name", admin, `mutation($n: String!) { createIndividual(input: {fullName: $n}) { id } }`, map[string]any{"n": long}, "BAD_USER_INPUT", "fullName"},
			{"two nominees", school, nominate, in(map[string]any{"collectiveID": union}), "BAD_USER_INPUT", "not both"},
			{"no nominee", school, nominate, in(map[string]any{"individualID": nil}), "BAD_USER_INPUT", "individual"},
			{"dissolved nominee", admin, nominate, in(map[string]any{"individualID": nil, "recipientKind": "COLLECTIVE", "collectiveID": dissolved}), "BAD_USER_INPUT", "dissolved"},
			{"period that does not parse", school, nominate, in(map[string]any{"periodKind": "SCHOOL_YEAR", "periodStartYear": 2023, "periodEndYear": 2025}), "BAD_USER_INPUT", "school year"},
			{"half a period", school, nominate, in(map[string]any{"periodKind": "TERM"}), "BAD_USER_INPUT", "together"},
			{"unknown level", school, nominate, in(map[string]any{"levelID": "8589934591999"}), "BAD_USER_INPUT", "level"},
			{"unknown individual", school, nominate, in(map[string]any{"individualID": "999999"}), "BAD_USER_INPUT", "does not exist"},
			{"malformed ID", school, nominate, in(map[string]any{"individualID": "abc"}), "BAD_USER_INPUT", "\"abc\" is not an id"},
			{"malformed ID in the query", school, `{ node(id: "12x") { id } }`, nil, "BAD_USER_INPUT", "\"12x\" is not an id"},
			{"unknown enum", school, nominate, in(map[string]any{"recipientKind": "FAMILY"}), "GRAPHQL_VALIDATION_FAILED", ""},
			{"over-long achievements", school, nominate, in(map[string]any{"achievements": strings.Repeat("x", 20001)}), "BAD_USER_INPUT", "achievements"},
			{"short password", admin, `mutation { createUser(input: {email: "x@demo.vinhdanh.vn", displayName: "X", role: VIEWER}, password: "short") { id } }`, nil, "BAD_USER_INPUT", "10 characters"},
			{"taken email", admin, `mutation { createUser(input: {email: "STAFF.SCHOOL@demo.vinhdanh.vn", displayName: "X", role: VIEWER}, password: "mat-khau-dai-du") { id } }`, nil, "CONFLICT", "already exists"},
			{"unknown nomination", school, `mutation { submitNomination(id: "999999", expectedVersion: 1) { id } }`, nil, "NOT_FOUND", "not found"},
			{"decision without nominations", s.as("staff.haibatrung@demo.vinhdanh.vn"), `mutation { issueDecision(input: {number: "1/QĐ", signedOn: "2024-01-01", signerName: "A", signerTitle: "B", nominationIDs: []}) { id } }`, nil, "BAD_USER_INPUT", "between 1 and"},
			{"decision with an unknown nomination", s.as("staff.haibatrung@demo.vinhdanh.vn"), `mutation { issueDecision(input: {number: "1/QĐ", signedOn: "2024-01-01", signerName: "A", signerTitle: "B", nominationIDs: ["999999"]}) { id } }`, nil, "BAD_USER_INPUT", "999999 (not found)"},
			{"date that does not parse", s.as("staff.haibatrung@demo.vinhdanh.vn"), `mutation { issueDecision(input: {number: "1/QĐ", signedOn: "30/8/2024", signerName: "A", signerTitle: "B", nominationIDs: ["1"]}) { id } }`, nil, "BAD_USER_INPUT", "YYYY-MM-DD"},
		}
		ctx := rule.SystemContext(context.Background())
		snapshot := func() [6]int {
			c := s.db.Client
			return [6]int{c.Collective.Query().CountX(ctx), c.Individual.Query().CountX(ctx), c.Nomination.Query().CountX(ctx),
				c.NominationEvent.Query().CountX(ctx), c.User.Query().CountX(ctx), c.AuditEvent.Query().CountX(ctx)}
		}
		before := snapshot()
		for _, tc := range cases {
			e := tc.as.fail(tc.query, tc.vars)
			if e.code() != tc.code || !strings.Contains(strings.ToLower(e.Message+" "+fieldOf(e)), strings.ToLower(tc.inText)) {
				t.Errorf("%s: %s %q (field %q), want %s mentioning %q", tc.name, e.code(), e.Message, fieldOf(e), tc.code, tc.inText)
			}
			if strings.Contains(e.Message, "SELECT") || strings.Contains(e.Message, "INSERT") {
				t.Errorf("%s: SQL in the message: %q", tc.name, e.Message)
			}
		}
		if after := snapshot(); after != before {
			t.Errorf("rejected writes changed the database: %v -> %v", before, after)
		}
	})
}

func fieldOf(e gqlError) string {
	f, _ := e.Extensions["field"].(string)
	return f
}
