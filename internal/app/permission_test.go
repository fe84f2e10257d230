package app_test

import (
	"fmt"
	"testing"
)

// TestPermissionMatrix runs every operation as every role, in scope and out of it, and
// asserts the exact outcome: success ("") or the error code.
func TestPermissionMatrix(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		admin := s.as("admin@demo.vinhdanh.vn")
		hbtID, thanhTriID := s.collectiveID(hbt), s.collectiveID("Liên đoàn Lao động huyện Thanh Trì")
		for _, u := range []struct{ email, role, scope string }{
			{"viewer.haibatrung@demo.vinhdanh.vn", "VIEWER", hbtID},
			{"fedadmin.haibatrung@demo.vinhdanh.vn", "FEDERATION_ADMIN", hbtID},
		} {
			var created struct{ ID string }
			admin.call(`mutation($e: String!, $r: UserRole!, $s: ID!, $p: String!) { createUser(input: {email: $e, displayName: $e, role: $r, scopeID: $s}, password: $p) { id } }`,
				map[string]any{"e": u.email, "r": u.role, "s": u.scope, "p": demoPassword}, &created)
		}
		roles := map[string]*server{
			"anonymous":      s,
			"viewer@hbt":     s.as("viewer.haibatrung@demo.vinhdanh.vn"),
			"staff@school":   s.as("staff.school@demo.vinhdanh.vn"),
			"staff@hbt":      s.as("staff.haibatrung@demo.vinhdanh.vn"),
			"staff@thanhtri": s.as("staff.thanhtri@demo.vinhdanh.vn"),
			"staff@city":     s.as("staff.hanoi@demo.vinhdanh.vn"),
			"fedadmin@hbt":   s.as("fedadmin.haibatrung@demo.vinhdanh.vn"),
			"admin":          admin,
		}
		school := roles["staff@school"]
		teacher := school.newTeacher("Đinh Thị Hạnh")
		// A new nominee each time: a second approval for one person, level and period is a
		// duplicate, not a permission question.
		submitted := func() nom {
			return school.step("submit", school.draft(school.newTeacher("Đinh Thị Hạnh"), "DISTRICT_GIAY_KHEN"), "", nil)
		}

		outcome := func(c *server, query string, vars map[string]any) string {
			r := c.post(query, vars)
			if len(r.Errors) == 0 {
				return ""
			}
			return r.Errors[0].code()
		}
		n := 0
		unique := func() string { n++; return fmt.Sprintf("%d", n) }
		ops := map[string]func(c *server) string{
			"read public awards": func(c *server) string {
				return outcome(c, `{ awards(first: 1) { totalCount } }`, nil)
			},
			"read nominations": func(c *server) string { return outcome(c, `{ nominations { totalCount } }`, nil) },
			"create collective in HBT": func(c *server) string {
				return outcome(c, `mutation($p: ID!, $n: String!) { createCollective(input: {name: $n, kind: GRASSROOTS_UNION, tier: GRASSROOTS, parentID: $p}) { id } }`,
					map[string]any{"p": hbtID, "n": "Công đoàn Trường Mầm non Thử nghiệm " + unique()})
			},
			"create collective in Thanh Trì": func(c *server) string {
				return outcome(c, `mutation($p: ID!, $n: String!) { createCollective(input: {name: $n, kind: GRASSROOTS_UNION, tier: GRASSROOTS, parentID: $p}) { id } }`,
					map[string]any{"p": thanhTriID, "n": "Công đoàn Trường Mầm non Thử nghiệm " + unique()})
			},
			"create award level": func(c *server) string {
				return outcome(c, `mutation($c: String!) { createAwardLevel(input: {code: $c, name: "Giấy khen thử", category: FORM, tier: DISTRICT,
					issuerKind: DISTRICT_FEDERATION, rank: 10, acceptsCollective: true, acceptsIndividual: true}) { id } }`, map[string]any{"c": "TEST_LEVEL_" + unique()})
			},
			"create staff user in HBT": func(c *server) string {
				return outcome(c, `mutation($e: String!, $s: ID!) { createUser(input: {email: $e, displayName: "Cán bộ", role: STAFF, scopeID: $s}, password: "mat-khau-dai-du") { id } }`,
					map[string]any{"e": "u" + unique() + "@demo.vinhdanh.vn", "s": hbtID})
			},
			"create staff user in Thanh Trì": func(c *server) string {
				return outcome(c, `mutation($e: String!, $s: ID!) { createUser(input: {email: $e, displayName: "Cán bộ", role: STAFF, scopeID: $s}, password: "mat-khau-dai-du") { id } }`,
					map[string]any{"e": "u" + unique() + "@demo.vinhdanh.vn", "s": thanhTriID})
			},
			"create admin user": func(c *server) string {
				return outcome(c, `mutation($e: String!, $s: ID!) { createUser(input: {email: $e, displayName: "Quản trị", role: ADMIN, scopeID: $s}, password: "mat-khau-dai-du") { id } }`,
					map[string]any{"e": "a" + unique() + "@demo.vinhdanh.vn", "s": hbtID})
			},
			"propose for the school": func(c *server) string {
				return outcome(c, `mutation($in: CreateNominationInput!) { createNomination(input: $in) { id } }`, map[string]any{"in": map[string]any{
					"recipientKind": "INDIVIDUAL", "individualID": teacher, "levelID": s.levelGID("DISTRICT_GIAY_KHEN"),
					"proposerID": s.collectiveID(schoolUnion)}})
			},
			"approve a district nomination": func(c *server) string {
				n := submitted()
				return outcome(c, `mutation($id: ID!, $v: Int!) { approveNomination(id: $id, expectedVersion: $v) { id } }`,
					map[string]any{"id": n.ID, "v": n.Version})
			},
			"read the audit log": func(c *server) string { return outcome(c, `{ auditEvents(first: 1) { totalCount } }`, nil) },
			"record an individual": func(c *server) string {
				return outcome(c, `mutation($n: String!) { createIndividual(input: {fullName: $n}) { id } }`, map[string]any{"n": "Người mới " + unique()})
			},
			"correct an individual": func(c *server) string {
				return outcome(c, `mutation($id: ID!) { updateIndividual(id: $id, input: {gender: FEMALE}) { id } }`, map[string]any{"id": teacher})
			},
		}
		const ok, unauth, forbidden, notFound = "", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"
		want := map[string]map[string]string{
			//                                 anonymous viewer@hbt staff@school staff@hbt staff@thanhtri staff@city fedadmin@hbt admin
			"read public awards":             row(ok, ok, ok, ok, ok, ok, ok, ok),
			"read nominations":               row(unauth, ok, ok, ok, ok, ok, ok, ok),
			"create collective in HBT":       row(unauth, forbidden, forbidden, forbidden, forbidden, forbidden, ok, ok),
			"create collective in Thanh Trì": row(unauth, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, ok),
			"create award level":             row(unauth, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, ok),
			"create staff user in HBT":       row(unauth, forbidden, forbidden, forbidden, forbidden, forbidden, ok, ok),
			"create staff user in Thanh Trì": row(unauth, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, ok),
			"create admin user":              row(unauth, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, ok),
			"propose for the school":         row(unauth, forbidden, ok, ok, forbidden, ok, ok, ok),
			"approve a district nomination":  row(unauth, forbidden, forbidden, ok, notFound, forbidden, ok, ok),
			"read the audit log":             row(unauth, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, ok),
			"record an individual":           row(unauth, forbidden, ok, ok, ok, ok, ok, ok),
			"correct an individual":          row(unauth, forbidden, forbidden, forbidden, forbidden, forbidden, ok, ok),
		}
		for op, byRole := range want {
			for role, code := range byRole {
				if got := ops[op](roles[role]); got != code {
					t.Errorf("%-32s as %-15s: got %q, want %q", op, role, got, code)
				}
			}
		}

		// Reads are scoped, not just allowed: each sees its own part.
		counts := func(c *server) (nominations, users int) {
			var out struct {
				Nominations struct{ TotalCount int }
				Users       struct{ TotalCount int }
			}
			c.query(`{ nominations { totalCount } users { totalCount } }`, nil, &out)
			return out.Nominations.TotalCount, out.Users.TotalCount
		}
		if n, u := counts(roles["staff@thanhtri"]); n != 0 || u != 1 {
			t.Errorf("Thanh Trì staff see %d nominations and %d users, want 0 and themselves", n, u)
		}
		if n, _ := counts(roles["viewer@hbt"]); n == 0 {
			t.Error("the HBT viewer sees no nominations of its district")
		}
		if _, u := counts(roles["fedadmin@hbt"]); u < 3 {
			t.Errorf("the HBT federation admin sees %d users, want the district's accounts", u)
		}
		if e := s.fail(`{ individuals(first: 1) { edges { node { email } } } }`, nil); e.code() != "GRAPHQL_VALIDATION_FAILED" {
			t.Errorf("contact data is in the schema: %s", e.code())
		}
	})
}

var roleOrder = []string{"anonymous", "viewer@hbt", "staff@school", "staff@hbt", "staff@thanhtri", "staff@city", "fedadmin@hbt", "admin"}

func row(codes ...string) map[string]string {
	m := make(map[string]string, len(codes))
	for i, c := range codes {
		m[roleOrder[i]] = c
	}
	return m
}
