package app_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"vinhdanh/internal/auth"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/httpserver"
	"vinhdanh/internal/seed"
	"vinhdanh/internal/shared"
	"vinhdanh/internal/store"
)

// TestReplicas runs two replicas of the server on one database and one Redis, behind a
// reverse proxy that sends requests to each in turn: the anonymous limit and the login limit
// are one across both, a logout through one ends the access token on the other, a persisted
// query registered on one is served by the other, and a stale expectedVersion through one after
// a change through the other is a CONFLICT.
func TestReplicas(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		ctx := context.Background()
		db := dbtest.Seeded(t, target)
		if err := seed.DemoUsers(ctx, db.Client, demoPassword); err != nil {
			t.Fatal(err)
		}
		rurl, prefix := dbtest.Redis(t)
		state, err := shared.Open(ctx, rurl, prefix)
		if err != nil {
			t.Fatal(err)
		}
		defer state.Close()
		_, loopback, _ := net.ParseCIDR("127.0.0.0/8")
		replica := func() *httptest.Server {
			signer, err := auth.NewSigner([]byte(testSecret), 15*time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			svc := auth.NewService(signer)
			svc.Limiter.Shared = state.Failures(auth.LoginWindow)
			ts := httptest.NewServer(httpserver.New(httpserver.Options{Client: db.Client, Auth: svc, Shared: state,
				AnonRate: 0.01, AnonBurst: 6, TrustedProxies: []net.IPNet{*loopback},
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
			t.Cleanup(ts.Close)
			return ts
		}
		a, b := replica(), replica()
		var turn atomic.Int64
		backends := []*url.URL{mustURL(a.URL), mustURL(b.URL)}
		proxy := httptest.NewServer(&httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(backends[turn.Add(1)%2])
			r.SetXForwarded()
			if client := r.In.Header.Get("X-Test-Client"); client != "" { // who the client is, as the edge saw it
				r.Out.Header.Set("X-Forwarded-For", client)
			}
		}})
		defer proxy.Close()

		// One anonymous limit across both replicas: the seventh request of a burst of six.
		status := func(client string) int {
			req, _ := http.NewRequest(http.MethodGet, proxy.URL+"/verify/1", nil)
			req.Header.Set("X-Test-Client", client)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res.StatusCode
		}
		for range 6 {
			status("203.0.113.7")
		}
		if got := status("203.0.113.7"); got != http.StatusTooManyRequests {
			t.Errorf("the 7th anonymous request through two replicas: %d, want 429", got)
		}

		// Login failures count on both: five wrong passwords, three through one replica and two
		// through the other, and the sixth attempt is refused.
		login := func(password string) response {
			body, _ := json.Marshal(map[string]any{"query": `mutation($p: String!) { login(email: "staff.school@demo.vinhdanh.vn", password: $p) { accessToken } }`,
				"variables": map[string]any{"p": password}})
			req, _ := http.NewRequest(http.MethodPost, proxy.URL+"/query", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Test-Client", "203.0.113.20")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var r response
			_ = json.NewDecoder(res.Body).Decode(&r)
			return r
		}
		for range 5 {
			login("sai-mat-khau")
		}
		if r := login(demoPassword); len(r.Errors) == 0 || r.Errors[0].code() != "RATE_LIMITED" {
			t.Errorf("the sixth login after five failures across replicas: %+v", r.Errors)
		}

		// A logout through A ends the access token on B at once.
		onA, onB := &server{t: t, url: a.URL}, &server{t: t, url: b.URL}
		staffA := onA.as("staff.haibatrung@demo.vinhdanh.vn")
		staffB := *onB
		staffB.token = staffA.token
		var me struct{ Me struct{ Email string } }
		staffB.query(`{ me { email } }`, nil, &me)
		staffA.query(`mutation { logout }`, nil, &struct{}{})
		if r := staffB.post(`{ me { email } }`, nil); r.status != http.StatusUnauthorized {
			t.Errorf("the token on B after a logout through A: %d", r.status)
		}

		// A persisted query registered through A is served by B.
		q := `{ awardLevels(first: 1) { totalCount } }`
		sum := sha256.Sum256([]byte(q))
		ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
		if r := onA.postExt(q, ext); len(r.Errors) > 0 {
			t.Fatalf("register on A: %+v", r.Errors)
		}
		if r := onB.postExt("", ext); len(r.Errors) > 0 || !strings.Contains(string(r.Data), "totalCount") {
			t.Errorf("the persisted query on B: %+v %s", r.Errors, r.Data)
		}

		// A stale version through B after an approval through A: CONFLICT.
		onA.db, onB.db = db, db
		school := onA.as("staff.school@demo.vinhdanh.vn")
		districtA := onA.as("staff.haibatrung@demo.vinhdanh.vn")
		districtB := *onB
		districtB.token = districtA.token
		n := school.step("submit", school.draft(school.newTeacher("Lò Thị Sa"), "DISTRICT_GIAY_KHEN"), "", nil)
		districtA.step("approve", n, "", nil)
		if e := districtB.stepFails("approve", n, nil); e.code() != "CONFLICT" {
			t.Errorf("a stale approval through B: %s %q", e.code(), e.Message)
		}
	})
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// postExt posts a GraphQL request with extensions (a persisted query's hash).
func (s *server) postExt(query string, ext map[string]any) response {
	s.t.Helper()
	payload := map[string]any{"extensions": ext}
	if query != "" {
		payload["query"] = query
	}
	body, _ := json.Marshal(payload)
	req, _ := http.NewRequest(http.MethodPost, s.url+"/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return s.graphQL(req)
}
