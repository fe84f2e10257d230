package graph

import (
	"io/fs"
	"regexp"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"

	"vinhdanh/web"
)

// TestFastPagesTakeTheWidgetsQuery: the embedded widget's own query (web/honor-roll.js) is
// one FastPages writes itself, and a selection with a field it does not write is left to
// gqlgen. A widget change that asks more would otherwise quietly put its pages back on the
// slow path.
func TestFastPagesTakeTheWidgetsQuery(t *testing.T) {
	js, err := fs.ReadFile(web.Files, "honor-roll.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)const QUERY = `(.*?)`").FindSubmatch(js)
	if m == nil {
		t.Fatal("web/honor-roll.js: no QUERY")
	}
	for _, tc := range []struct {
		name, query string
		fast        bool
	}{
		{"the widget's query", string(m[1]), true},
		{"a field FastPages does not write", `query($c: ID!) { honorRoll(collectiveID: $c) { edges { node { id citation } } } }`, false},
		{"a private field", `query($c: ID!) { honorRoll(collectiveID: $c) { edges { node { id nominationID } } } }`, false},
		{"an edge FastPages does not write", `query($c: ID!) { honorRoll(collectiveID: $c) { edges { node { id individual { fullName } } } } }`, false},
		{"a deferred fragment", `query($c: ID!) { honorRoll(collectiveID: $c) { edges { node { id ... @defer { recipientName } } } } }`, false},
		{"fragments and aliases", `query($c: ID!) { honorRoll(collectiveID: $c) { e: edges { node { ...A } } } }
			fragment A on Award { n: recipientName ... on Award { level { name } } }`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, errs := gqlparser.LoadQuery(parsedSchema, tc.query)
			if errs != nil {
				t.Fatalf("the query does not validate: %v", errs)
			}
			oc := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0], Variables: map[string]any{"c": "1"}}
			root := graphql.CollectFields(oc, doc.Operations[0].SelectionSet, []string{"Query"})[0]
			if got := planPage(oc, "AwardConnection", root.Selections) != nil; got != tc.fast {
				t.Errorf("written by FastPages: %v, want %v", got, tc.fast)
			}
		})
	}
}
