package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"gocloud.dev/blob"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"vinhdanh/ent"
	"vinhdanh/ent/awardlevel"
	"vinhdanh/internal/app"
	"vinhdanh/internal/auth"
	"vinhdanh/internal/blobstore"
	"vinhdanh/internal/catalog"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/httpserver"
	"vinhdanh/internal/publiccache"
	"vinhdanh/internal/requestid"
	"vinhdanh/internal/seed"
	"vinhdanh/internal/store"
)

// server is the real handler over a real database holding the demo records, behind a real
// HTTP listener.
type server struct {
	t       testing.TB
	url     string
	client  *ent.Client // the counting client the handler uses
	counter *dbtest.Counter
	db      *store.DB
	logs    *bytes.Buffer
	auth    *auth.Service
	token   string // sent as Bearer when set
	// cache is the public cache; tests that change how answers are computed (a plan
	// threshold) invalidate it, or they would compare an answer with itself.
	cache *publiccache.Cache
	// documents is the store of dossier files the handler uses.
	documents *blob.Bucket
}

const (
	testSecret   = "test-secret-of-at-least-thirty-two-bytes!"
	demoPassword = "vinhdanh-demo"
)

func TestMain(m *testing.M) {
	auth.BcryptCost = 4 // the minimum: tests hash many passwords
	os.Exit(m.Run())
}

// as returns a copy of the server handle that sends requests as the demo user email.
func (s *server) as(email string) *server {
	s.t.Helper()
	return s.asWith(email, demoPassword)
}

// asWith returns a copy of the server handle signed in with email and password.
func (s *server) asWith(email, password string) *server {
	s.t.Helper()
	var out struct {
		Login struct{ AccessToken string }
	}
	anon := *s
	anon.token = ""
	anon.query(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`,
		map[string]any{"e": email, "p": password}, &out)
	signed := *s
	signed.token = out.Login.AccessToken
	return &signed
}

func newServer(t testing.TB, target store.Target, opts ...func(*httpserver.Options)) *server {
	t.Helper()
	db := dbtest.Seeded(t, target)
	if err := seed.DemoUsers(context.Background(), db.Client, demoPassword); err != nil {
		t.Fatalf("demo users: %v", err)
	}
	return serve(t, db, opts...)
}

// replica serves the database of s again, through connections, caches and memory of its own,
// as a second server process would.
func (s *server) replica(target store.Target, opts ...func(*httpserver.Options)) *server {
	s.t.Helper()
	db, err := app.Prepare(context.Background(), target)
	if err != nil {
		s.t.Fatalf("prepare: %v", err)
	}
	s.t.Cleanup(func() { db.Close() })
	return serve(s.t, db, opts...)
}

// serve runs the real handler on db, configured as the tests need.
func serve(t testing.TB, db *store.DB, opts ...func(*httpserver.Options)) *server {
	t.Helper()
	ctx := context.Background()
	client, counter := dbtest.CountingClient(db)
	signer, err := auth.NewSigner([]byte(testSecret), 0)
	if err != nil {
		t.Fatal(err)
	}
	authn := auth.NewService(signer)
	authn.MinLoginTime = 0
	logs := &bytes.Buffer{}
	o := httpserver.Options{
		Client:        client,
		Auth:          authn,
		Ping:          db.Ping,
		Logger:        slog.New(requestid.LogHandler(slog.NewTextHandler(logs, nil))), // as the binary logs
		CORSOrigins:   []string{"https://staff.example"},
		Playground:    true,
		Introspection: true,
		AnonRate:      100000, // tests fire many anonymous requests; TestAnonymousRateLimit sets its own
		AnonBurst:     100000,
		AnonCostRate:  1e9, // and many costly ones; TestAnonymousCostBudget sets its own
		AnonCostBurst: 1e9,
		// The public cache is on, as in production, so every test that writes and then reads
		// anonymously checks its invalidation; tests that count statements turn it off.
		Cache: publiccache.New(0, 0),
	}
	documents, err := blobstore.Open(ctx, "file://"+filepath.ToSlash(t.TempDir())+"?no_tmp_dir=true")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { documents.Close() })
	o.Documents = documents
	client.Use(o.Cache.Hook())
	db.Client.Use(o.Cache.Hook())
	o.Catalog = catalog.Remember(client)
	o.Catalog.Watch(db.Client)
	for _, f := range opts {
		f(&o)
	}
	ts := httptest.NewServer(httpserver.New(o))
	t.Cleanup(ts.Close)
	return &server{t: t, url: ts.URL, client: client, counter: counter, db: db, logs: logs, auth: authn, cache: o.Cache, documents: o.Documents}
}

// gqlError is one entry of a response's errors.
type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

func (e gqlError) code() string {
	c, _ := e.Extensions["code"].(string)
	return c
}

type response struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
	status int
}

// post sends a query over HTTP POST and returns the decoded response.
func (s *server) post(query string, vars map[string]any) response {
	s.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, s.url+"/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return s.graphQL(req)
}

// send sends a request as the server's caller (with its token, if signed in) and reads the
// answer whole.
func (s *server) send(req *http.Request) (*http.Response, []byte) {
	s.t.Helper()
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	if req.Header.Get("Accept-Language") == "" {
		// The tests read messages in English, the source; TestVietnameseMessages reads the default.
		req.Header.Set("Accept-Language", "en")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res, raw
}

// graphQL sends a GraphQL request and decodes its response.
func (s *server) graphQL(req *http.Request) response {
	s.t.Helper()
	res, raw := s.send(req)
	var r response
	if err := json.Unmarshal(raw, &r); err != nil {
		s.t.Fatalf("decode %s: %v", raw, err)
	}
	r.status = res.StatusCode
	return r
}

// query posts a query that must succeed and decodes its data into out.
func (s *server) query(query string, vars map[string]any, out any) {
	s.t.Helper()
	r := s.post(query, vars)
	if len(r.Errors) > 0 {
		logs := s.logs.String()
		s.t.Fatalf("query failed: %+v\nquery: %s\nserver log: %s", r.Errors, query, logs[max(0, len(logs)-1500):])
	}
	if err := json.Unmarshal(r.Data, out); err != nil {
		s.t.Fatalf("decode data %s: %v", r.Data, err)
	}
}

// fail posts a query that must fail and returns its first error.
func (s *server) fail(query string, vars map[string]any) gqlError {
	s.t.Helper()
	r := s.post(query, vars)
	if len(r.Errors) == 0 {
		s.t.Fatalf("query succeeded, want an error: %s\ndata: %s", query, r.Data)
	}
	return r.Errors[0]
}

// each runs f against a fresh server on every configured database.
func each(t *testing.T, f func(t *testing.T, s *server)) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		f(t, newServer(t, target))
	})
}

// a1Ceremony returns the ID of the A1 ceremony.
func (s *server) a1Ceremony() string {
	s.t.Helper()
	var out struct {
		Ceremonies struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	s.query(`query($name: String!) { ceremonies(where: {name: $name}) { edges { node { id } } } }`,
		map[string]any{"name": seed.A1CeremonyName}, &out)
	if len(out.Ceremonies.Edges) != 1 {
		s.t.Fatalf("found %d A1 ceremonies, want 1", len(out.Ceremonies.Edges))
	}
	return out.Ceremonies.Edges[0].Node.ID
}

func (s *server) levelID(ctx context.Context, code string) int {
	s.t.Helper()
	id, err := s.db.Client.AwardLevel.Query().Where(awardlevel.Code(code)).OnlyID(ctx)
	if err != nil {
		s.t.Fatalf("level %s: %v", code, err)
	}
	return id
}
