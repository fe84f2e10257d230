package main

import (
	"testing"

	"entgo.io/ent/dialect"
)

func TestTableScans(t *testing.T) {
	for _, tc := range []struct {
		name, dialect, query, plan, want string
	}{
		{"a scan of a large table", dialect.SQLite, "SELECT * FROM awards", "id=2 parent=0 notused=0 detail=SCAN awards \n", "awards"},
		{"an index", dialect.SQLite, "SELECT * FROM awards WHERE id = 1", "id=2 parent=0 notused=0 detail=SEARCH awards USING INTEGER PRIMARY KEY (rowid=?) \n", ""},
		{"the catalogue", dialect.SQLite, "SELECT * FROM award_levels", "id=2 parent=0 notused=0 detail=SCAN award_levels \n", ""},
		{"a derived table", dialect.SQLite, "SELECT …", "id=2 parent=0 notused=0 detail=CO-ROUTINE roll \nid=9 parent=2 notused=0 detail=SCAN roll \n", ""},
		{"a walk a limit stops", dialect.SQLite, "SELECT `individuals`.`id` FROM `individuals` WHERE … ORDER BY `individuals`.`id` LIMIT 1000",
			"id=8 parent=0 notused=216 detail=SCAN individuals \n", "individuals (walked in id order until the LIMIT)"},
		{"MySQL: a scan", dialect.MySQL, "SELECT …", "id=1 select_type=SIMPLE table=awards type=ALL possible_keys=<nil> key=<nil> rows=998000 Extra= \n", "awards"},
		{"MySQL: a materialised subquery", dialect.MySQL, "SELECT …", "id=1 select_type=PRIMARY table=<subquery2> type=ALL possible_keys=<nil> key=<nil> rows=5000 Extra= \n", ""},
		{"MySQL: a small table", dialect.MySQL, "SELECT …", "id=1 select_type=SIMPLE table=collectives type=ALL possible_keys=<nil> key=<nil> rows=12 Extra= \n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ""
			if s := tableScans(tc.dialect, tc.query, tc.plan); len(s) > 0 {
				got = s[0]
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
