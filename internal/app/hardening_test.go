package app_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/honorroll"
	"vinhdanh/internal/httpserver"
)

// rawResponse is an HTTP answer as a client sees it.
type rawResponse struct {
	status int
	header http.Header
	body   string
	errors []gqlError
}

// aliases returns a query asking for field n times under different aliases.
func aliases(field string, n int) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		fmt.Fprintf(&b, " a%d: %s", i, field)
	}
	return b.String() + " }"
}

// clientsByAddress keeps one client, and so its idle connections, per local address.
var clientsByAddress sync.Map

// raw sends body to /query from the local address from (127.0.0.x; "" for the default), with
// the given headers, and returns the answer undecoded.
func (s *server) raw(from, body string, header map[string]string) rawResponse {
	s.t.Helper()
	client := http.DefaultClient
	if from != "" {
		c, _ := clientsByAddress.LoadOrStore(from, &http.Client{Transport: &http.Transport{
			DialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}}).DialContext}})
		client = c.(*http.Client)
	}
	req, _ := http.NewRequest(http.MethodPost, s.url+"/query", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := client.Do(req)
	if err != nil {
		s.t.Fatalf("POST /query: %v", err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	out := rawResponse{status: res.StatusCode, header: res.Header, body: string(b)}
	var decoded struct{ Errors []gqlError }
	_ = json.Unmarshal(b, &decoded)
	out.errors = decoded.Errors
	return out
}

func (r rawResponse) code() string {
	if len(r.errors) == 0 {
		return ""
	}
	return r.errors[0].code()
}

// TestMalformedRequests: bodies that are not GraphQL requests get 400 with a code, never a
// panic or an internal error, and nothing of them (a password least of all) reaches the log.
func TestMalformedRequests(t *testing.T) {
	s := newServer(t, dbtest.SQLite(t))
	const secret = "Mat-khau-bi-mat-42"
	login := fmt.Sprintf(`"mutation { login(email: \"staff.school@demo.vinhdanh.vn\", password: \"%s\") { accessToken } }"`, secret)
	bodies := map[string]string{
		"trailing comma":       `{"query": ` + login + `,}`,
		"variables not a map":  `{"query": ` + login + `, "variables": "x"}`,
		"query not a string":   `{"query": 1, "password": "` + secret + `"}`,
		"not JSON":             `notjson ` + secret,
		"empty":                ``,
		"query does not parse": `{"query": "mutation { login(email: \"a\", password: \"` + secret + `\") { accessToken "}`,
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			r := s.raw("", body, nil)
			// A document that does not parse is still a GraphQL request: for application/json,
			// GraphQL over HTTP answers 200 with the errors (TestGraphQLOverHTTP).
			if r.status != http.StatusBadRequest && !(r.status == http.StatusOK && r.code() == "GRAPHQL_PARSE_FAILED") {
				t.Errorf("status %d, want 400: %s", r.status, r.body)
			}
			if c := r.code(); c != "BAD_REQUEST" && c != "GRAPHQL_PARSE_FAILED" {
				t.Errorf("code %q, want BAD_REQUEST or GRAPHQL_PARSE_FAILED: %s", c, r.body)
			}
		})
	}
	// A real sign-in and a request with its token: neither password nor token is logged.
	var tokens struct{ Login struct{ AccessToken string } }
	s.query(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`,
		map[string]any{"e": "staff.school@demo.vinhdanh.vn", "p": demoPassword}, &tokens)
	s.raw("", `{"query": "{ me { email } }"}`, map[string]string{"Authorization": "Bearer " + tokens.Login.AccessToken})
	logs := s.logs.String()
	for _, leak := range []string{secret, demoPassword, tokens.Login.AccessToken, "panic", "goroutine "} {
		if strings.Contains(logs, leak) {
			t.Errorf("the log contains %q:\n%s", leak, logs)
		}
	}
}

// TestRequestLimits: bodies, lists and the cost of one request are bounded.
func TestRequestLimits(t *testing.T) {
	s := newServer(t, dbtest.SQLite(t))
	big := `{"query": "{ __typename }", "variables": {"x": "` + strings.Repeat("a", httpserver.DefaultMaxBodyBytes) + `"}}`
	if r := s.raw("", big, nil); r.status != http.StatusRequestEntityTooLarge || r.code() != "PAYLOAD_TOO_LARGE" {
		t.Errorf("a %d-byte body: %d %s", len(big), r.status, r.code())
	}
	ids := make([]string, 201)
	for i := range ids {
		ids[i] = fmt.Sprint(i + 1)
	}
	if e := s.fail(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids}); e.code() != "BAD_USER_INPUT" {
		t.Errorf("nodes with 201 ids: %+v", e)
	}
	admin := s.as("admin@demo.vinhdanh.vn")
	if e := admin.fail(`mutation($ids: [ID!]!) { issueDecision(input: {number: "1/QĐ", signedOn: "2024-01-01", signerName: "A", signerTitle: "B", nominationIDs: $ids}) { id } }`,
		map[string]any{"ids": ids}); e.code() != "BAD_USER_INPUT" {
		t.Errorf("a decision naming 201 nominations: %+v", e)
	}
	hbt := s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng")
	costly := aliases
	for name, q := range map[string]string{
		"999 honor-roll counts": costly(fmt.Sprintf(`honorRoll(collectiveID: "%s", first: 200) { totalCount }`, hbt), 999),
		"999 searches":          costly(`search(text: "nguyen", first: 100) { __typename }`, 999),
		"nested pages":          `{ collectives(first: 200) { edges { node { children(first: 200) { edges { node { awards(first: 200) { totalCount } } } } } } } }`,
	} {
		if e := s.fail(q, nil); e.code() != "BAD_USER_INPUT" || e.Extensions["cost"] == nil {
			t.Errorf("%s: %+v, want BAD_USER_INPUT with the cost", name, e)
		}
	}
}

// TestAnonymousCostBudget: an address that keeps sending costly queries is told to wait
// (429, Retry-After), while another address is served.
func TestAnonymousCostBudget(t *testing.T) {
	s := newServer(t, dbtest.SQLite(t), func(o *httpserver.Options) { o.AnonCostRate, o.AnonCostBurst = 1000, 50_000 })
	hbt := s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng")
	body, _ := json.Marshal(map[string]any{"query": fmt.Sprintf(`{ a: honorRoll(collectiveID: "%s", first: 200) { totalCount edges { node { id } } }
		b: honorRoll(collectiveID: "%s", first: 200) { totalCount edges { node { id } } } }`, hbt, hbt)})
	var last rawResponse
	for range 100 {
		if last = s.raw("127.0.0.2", string(body), nil); last.status == http.StatusTooManyRequests {
			break
		}
	}
	if last.status != http.StatusTooManyRequests || last.code() != "RATE_LIMITED" || last.header.Get("Retry-After") == "" {
		t.Fatalf("a client spending its budget: %d %s %v %s", last.status, last.code(), last.header, last.body)
	}
	if r := s.raw("127.0.0.3", string(body), nil); r.status != http.StatusOK {
		t.Errorf("another address: %d %s", r.status, r.body)
	}
}

// TestRequestDeadline: a request that runs past its deadline is stopped and answered 503.
func TestRequestDeadline(t *testing.T) {
	s := newServer(t, dbtest.SQLite(t), func(o *httpserver.Options) { o.RequestTimeout = time.Microsecond })
	r := s.raw("", `{"query": "{ awards(first: 200) { totalCount edges { node { id } } } }"}`, nil)
	if r.status != http.StatusServiceUnavailable || r.code() != "TIMEOUT" {
		t.Errorf("past the deadline: %d %s", r.status, r.body)
	}
}

// TestSessions: logout and a refresh-token reuse end the session's access tokens at once;
// failed logins from one address do not lock the user out from another.
func TestSessions(t *testing.T) {
	s := newServer(t, dbtest.SQLite(t))
	const email = "staff.school@demo.vinhdanh.vn"
	signIn := func() (string, string) {
		var out struct {
			Login struct{ AccessToken, RefreshToken string }
		}
		decode(t, s.login(email, demoPassword), &out)
		return out.Login.AccessToken, out.Login.RefreshToken
	}
	me := func(token, scheme string) int {
		return s.raw("", `{"query": "{ me { email } }"}`, map[string]string{"Authorization": scheme + " " + token}).status
	}
	access, _ := signIn()
	for _, scheme := range []string{"Bearer", "bearer", "BEARER"} {
		if st := me(access, scheme); st != http.StatusOK {
			t.Errorf("%s scheme: %d", scheme, st)
		}
	}
	if r := s.raw("", `{"query": "mutation { logout }"}`, map[string]string{"Authorization": "Bearer " + access}); r.status != http.StatusOK {
		t.Fatalf("logout: %s", r.body)
	}
	if st := me(access, "Bearer"); st != http.StatusUnauthorized {
		t.Errorf("access token after logout: %d, want 401", st)
	}
	// A rotated refresh token used again revokes the family, and its access tokens with it.
	access, refresh := signIn()
	rotate := func(tok string) response {
		return s.post(`mutation($t: String!) { refreshToken(token: $t) { accessToken } }`, map[string]any{"t": tok})
	}
	var rotated struct{ RefreshToken struct{ AccessToken string } }
	decode(t, rotate(refresh), &rotated)
	if r := rotate(refresh); len(r.Errors) == 0 {
		t.Fatal("a reused refresh token was accepted")
	}
	for name, tok := range map[string]string{"first": access, "rotated": rotated.RefreshToken.AccessToken} {
		if st := me(tok, "Bearer"); st != http.StatusUnauthorized {
			t.Errorf("%s access token after the family was revoked: %d, want 401", name, st)
		}
	}
	// Guessing from one address locks that address out, not the user.
	wrong, _ := json.Marshal(map[string]any{"query": `mutation { login(email: "` + email + `", password: "doan-sai-mat-khau") { accessToken } }`})
	var last rawResponse
	for range 8 {
		last = s.raw("127.0.0.2", string(wrong), nil)
	}
	if last.code() != "RATE_LIMITED" {
		t.Errorf("the guessing address: %s, want RATE_LIMITED", last.code())
	}
	right, _ := json.Marshal(map[string]any{"query": `mutation { login(email: "` + email + `", password: "` + demoPassword + `") { accessToken } }`})
	if r := s.raw("127.0.0.3", string(right), nil); r.code() != "" {
		t.Errorf("the user from another address: %s", r.body)
	}
}

// TestNoSelfGrants: nobody changes their own role or scope, administrators included.
func TestNoSelfGrants(t *testing.T) {
	s := newServer(t, dbtest.SQLite(t))
	for _, email := range []string{"admin@demo.vinhdanh.vn", "staff.school@demo.vinhdanh.vn"} {
		c := s.as(email)
		var me struct{ Me struct{ ID string } }
		c.query(`{ me { id } }`, nil, &me)
		for _, change := range []string{`{role: VIEWER}`, `{clearScope: true}`} {
			if e := c.fail(fmt.Sprintf(`mutation($id: ID!) { updateUser(id: $id, input: %s) { id } }`, change),
				map[string]any{"id": me.Me.ID}); e.code() != "FORBIDDEN" {
				t.Errorf("%s changing itself with %s: %+v", email, change, e)
			}
		}
	}
}

// TestTallyPricing: a tally is priced by its scope. Over a large subtree (lowered here to
// anything above two units) or the whole record it reads most of a national record, so an
// anonymous caller gets one at a time; a school's, a ceremony's or a decision's stays cheap.
func TestTallyPricing(t *testing.T) {
	s := newServer(t, dbtest.SQLite(t))
	hbt := s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng")
	defer func(n int) { honorroll.ManyUnits = n }(honorroll.ManyUnits)
	honorroll.ManyUnits = 2
	two := func(args string) string {
		return fmt.Sprintf(`{ a: awardStats(%[1]s) { count } b: awardStats(%[1]s) { count } }`, args)
	}
	for _, tc := range []struct {
		name, query string
		refused     bool
	}{
		{"one large subtree", `{ awardStats(collectiveID: "` + hbt + `") { count } }`, false},
		{"two large subtrees", two(`collectiveID: "` + hbt + `"`), true},
		{"the whole record twice", `{ a: awardStats { count } b: awardStats { count } }`, true},
		{"two schools", two(`collectiveID: "` + s.collectiveID(schoolUnion) + `"`), false},
		{"two ceremonies", two(`where: {ceremonyID: "` + s.a1Ceremony() + `"}`), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := s.post(tc.query, nil)
			refused := len(r.Errors) > 0 && r.Errors[0].code() == "BAD_USER_INPUT" && r.Errors[0].Extensions["cost"] != nil
			if refused != tc.refused {
				t.Errorf("refused %v, want %v: %+v", refused, tc.refused, r.Errors)
			}
		})
	}
}

// TestLogLines: the access log line of a request carries its id, the signed-in account and the
// GraphQL operation, so a log shipper can follow one user's request.
func TestLogLines(t *testing.T) {
	s := newServer(t, dbtest.SQLite(t))
	staff := s.as("staff.school@demo.vinhdanh.vn")
	var me struct{ Me struct{ ID string } }
	staff.query(`query WhoAmI { me { id } }`, nil, &me)
	var line string
	for _, l := range strings.Split(s.logs.String(), "\n") {
		if strings.Contains(l, "msg=request") && strings.Contains(l, "operation=WhoAmI") {
			line = l
		}
	}
	if line == "" || !strings.Contains(line, "viewer_id=") || !strings.Contains(line, "request_id=") {
		t.Errorf("the request's log line lacks its account or operation: %q\n%s", line, s.logs.String())
	}
}
