package main

import (
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"vinhdanh/internal/dbtest"
)

// explainReads sends each read once to the product and prints the plan of every statement it
// ran, marking the statements that read a whole large table.
func explainReads(s *servers, client *http.Client, reads []read, out io.Writer) error {
	fmt.Fprintf(out, "\n## Plans (%s)\n", s.db.Target.Dialect)
	for _, r := range reads {
		s.counter.Reset()
		if _, err := do(client, r.product(s.product.URL)); err != nil {
			return err
		}
		fmt.Fprintf(out, "\n### %s\n", r.name)
		for i, st := range s.counter.Statements() {
			plan, err := dbtest.Explain(s.db.SQL, s.db.Target.Dialect, st.Query, st.Args)
			if err != nil {
				return err
			}
			verdict := "indexed"
			if scans := tableScans(s.db.Target.Dialect, st.Query, plan); len(scans) > 0 {
				verdict = "READS WHOLE TABLE: " + strings.Join(scans, ", ")
			}
			took, err := replay(s, st)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "\n%d. %s, %s — `%.160s`\n\n```\n%s```\n", i+1, verdict, took, oneLine(st.Query), plan)
		}
	}
	return nil
}

// replay runs a statement again, reading every row, and returns its median time of 11 runs.
func replay(s *servers, st dbtest.Statement) (time.Duration, error) {
	var runs []time.Duration
	for range 11 {
		start := time.Now()
		rows, err := s.db.SQL.Query(st.Query, st.Args...)
		if err != nil {
			return 0, err
		}
		for rows.Next() {
		}
		rows.Close()
		runs = append(runs, time.Since(start))
	}
	slices.Sort(runs)
	return runs[len(runs)/2].Round(time.Microsecond), nil
}

// small tables are read whole by design: the catalogue of levels and its rules.
var small = map[string]bool{"award_levels": true, "eligibility_rules": true, "emulation_movements": true}

var (
	sqliteScan    = regexp.MustCompile(`detail=SCAN (\w+)( AS \w+)?\s*$`)
	sqliteDerived = regexp.MustCompile(`detail=(?:CO-ROUTINE|MATERIALIZE) (\w+)`)
	mysqlTable    = regexp.MustCompile(`table=(\S+) .*type=(\S+) .*rows=(\d+)`)
	limited       = regexp.MustCompile(`(?i)ORDER BY [^()]*\.\W?id\W? (ASC )?LIMIT \d+\s*$`)
)

// tableScans names the large tables a plan reads row by row without an index: SQLite's
// "SCAN t" without "USING … INDEX", MySQL's type=ALL over more than a thousand rows. Derived
// tables (a page's ids, a union of index entries) are not tables; a walk in id order that a
// LIMIT stops (search's candidates) is named as such.
func tableScans(d, query, plan string) []string {
	var out []string
	derived := map[string]bool{}
	for _, m := range sqliteDerived.FindAllStringSubmatch(plan, -1) {
		derived[m[1]] = true
	}
	walk := ""
	if limited.MatchString(oneLine(query)) {
		walk = " (walked in id order until the LIMIT)"
	}
	for _, line := range strings.Split(plan, "\n") {
		if d == dialect.SQLite {
			if m := sqliteScan.FindStringSubmatch(strings.TrimSpace(line)); m != nil && !small[m[1]] && !derived[m[1]] {
				out = append(out, m[1]+walk)
			}
			continue
		}
		if m := mysqlTable.FindStringSubmatch(line); m != nil && m[2] == "ALL" && !strings.HasPrefix(m[1], "<") {
			if n, _ := strconv.Atoi(m[3]); n > 1000 {
				out = append(out, m[1]+walk)
			}
		}
	}
	return out
}

func oneLine(q string) string { return strings.Join(strings.Fields(q), " ") }
