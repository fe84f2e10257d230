package app_test

import (
	"os"
	"regexp"
	"testing"

	"vinhdanh/internal/dbtest"
)

// TestPlaygroundExamplesAreAdmitted: every example the query page offers is admitted by the
// cost limits and the page bounds, anonymously or signed in as staff.
func TestPlaygroundExamplesAreAdmitted(t *testing.T) {
	page, err := os.ReadFile("../httpserver/playground.html")
	if err != nil {
		t.Fatal(err)
	}
	examples := regexp.MustCompile("(?s)\"([^\"]+)\": `(.*?)`").FindAllStringSubmatch(string(page), -1)
	if len(examples) < 5 {
		t.Fatalf("found %d examples", len(examples))
	}
	s := newServer(t, dbtest.SQLite(t))
	staff := s.as("staff.haibatrung@demo.vinhdanh.vn")
	for _, ex := range examples {
		r := staff.post(ex[2], map[string]any{"ceremony": s.a1Ceremony()})
		for _, e := range r.Errors {
			if e.Extensions["cost"] != nil || e.code() == "BAD_USER_INPUT" {
				t.Errorf("example %q is refused: %s", ex[1], e.Message)
			}
		}
	}
}
