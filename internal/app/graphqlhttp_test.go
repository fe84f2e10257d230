package app_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"vinhdanh/internal/dbtest"
)

// auditScript runs graphql-http's server audit (the GraphQL over HTTP specification's
// conformance checks) against a URL and prints every audit that is not ok.
const auditScript = `
const { auditServer } = await import(process.env.GRAPHQL_HTTP + '/lib/audits/server.mjs');
const results = await auditServer({ url: process.argv[1] });
for (const r of results) if (r.status !== 'ok') console.log(r.status + ' ' + r.id + ' ' + r.name + ': ' + r.reason);
console.log('audits: ' + results.length);
`

// TestGraphQLOverHTTP passes every audit of graphql-http, warnings and notices included: the
// status codes, media types and bodies clients such as Apollo and urql rely on.
func TestGraphQLOverHTTP(t *testing.T) {
	lib := os.Getenv("GRAPHQL_HTTP")
	if lib == "" {
		lib, _ = filepath.Abs("../../.cache/graphql-http/node_modules/graphql-http")
	}
	node, err := exec.LookPath("node")
	if _, statErr := os.Stat(filepath.Join(lib, "package.json")); err != nil || statErr != nil {
		if os.Getenv("REQUIRE_BROWSER") == "1" {
			t.Fatalf("node and graphql-http are needed (.ci/run installs them): %v %v", err, statErr)
		}
		t.Skipf("node or graphql-http missing (npm install --prefix .cache/graphql-http graphql-http@1.23.1 graphql@16): %v %v", err, statErr)
	}
	s := newServer(t, dbtest.SQLite(t))
	cmd := exec.Command(node, "--input-type=module", "-e", auditScript, s.url+"/query")
	cmd.Env = append(os.Environ(), "GRAPHQL_HTTP="+lib)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("audit: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "audits: ") {
		t.Errorf("graphql-http audits not passed:\n%s", out)
	}
}
