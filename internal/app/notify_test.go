package app_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"vinhdanh/ent"
	"vinhdanh/ent/auditevent"
	"vinhdanh/ent/user"
	"vinhdanh/internal/auth"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/httpserver"
	"vinhdanh/internal/notify"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/store"
	"vinhdanh/internal/viewer"
	"vinhdanh/internal/webhook"
	"vinhdanh/internal/workflow"
)

// receiver is a webhook endpoint the test runs: HTTPS on loopback, recording every request.
type receiver struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	got    []delivery
	answer func(path string, n int) int // the status to answer the n-th request (from 1) to path
}

type delivery struct {
	path   string
	header http.Header
	body   []byte
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{t: t, answer: func(string, int) int { return http.StatusNoContent }}
	r.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, delivery{req.URL.Path, req.Header.Clone(), body})
		n := 0
		for _, d := range r.got {
			if d.path == req.URL.Path {
				n++
			}
		}
		answer := r.answer
		r.mu.Unlock()
		w.WriteHeader(answer(req.URL.Path, n))
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// tls trusts the receiver's certificate, as the dispatcher's client must.
func (r *receiver) tls() *tls.Config {
	pool := x509.NewCertPool()
	pool.AddCert(r.srv.Certificate())
	return &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
}

// at returns what reached path so far.
func (r *receiver) at(path string) []delivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []delivery
	for _, d := range r.got {
		if d.path == path {
			out = append(out, d)
		}
	}
	return out
}

// wait waits until path has had n requests.
func (r *receiver) wait(path string, n int) []delivery {
	r.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if got := r.at(path); len(got) >= n {
			return got
		}
		time.Sleep(10 * time.Millisecond)
	}
	r.t.Fatalf("%s: %d requests after 20 s, want %d", path, len(r.at(path)), n)
	return nil
}

// webhookMessage is the body of a delivery.
type webhookMessage struct {
	Type string
	Data struct {
		NominationID, Action, FromStatus, ToStatus, ActorName, Comment, LevelCode string
	}
}

func (d delivery) message(t *testing.T) webhookMessage {
	var m webhookMessage
	if err := json.Unmarshal(d.body, &m); err != nil {
		t.Fatalf("delivery body %s: %v", d.body, err)
	}
	return m
}

// dispatch runs a webhook dispatcher on the server's database until the test ends.
func (s *server) dispatch(t *testing.T, r *receiver, replica string, backoff ...time.Duration) {
	s.dispatchEvery(t, r, replica, 20*time.Millisecond, backoff...)
}

// dispatchEvery is dispatch, polling every poll.
func (s *server) dispatchEvery(t *testing.T, r *receiver, replica string, poll time.Duration, backoff ...time.Duration) {
	d := &webhook.Dispatcher{Client: s.db.Client, HTTP: webhook.NewHTTPClient(true, r.tls()), Replica: replica,
		Poll: poll, Backoff: backoff}
	if backoff == nil {
		d.Backoff = []time.Duration{20 * time.Millisecond, 20 * time.Millisecond, 20 * time.Millisecond}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { d.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

// registerWebhook registers url for the named federation as s and returns its id and secret.
func (s *server) registerWebhook(federation, url string) (id, secret string) {
	s.t.Helper()
	var out struct {
		Webhook struct{ ID string }
		Secret  string
	}
	s.call(`mutation($c: ID!, $u: String!) { registerWebhook(input: {collectiveID: $c, url: $u, description: "Hệ thống thi đua"}) { webhook { id } secret } }`,
		map[string]any{"c": s.collectiveID(federation), "u": url}, &out)
	return out.Webhook.ID, out.Secret
}

// subscription is one graphql-transport-ws subscription.
type subscription struct {
	next chan json.RawMessage
}

// subscribe opens a WebSocket as s, authenticates in connection_init and subscribes; it
// returns once the broker feeds the subscription.
func (s *server) subscribe(broker *notify.Broker, query string) *subscription {
	s.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s.t.Cleanup(cancel)
	before := broker.Subscribers()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(s.url, "http")+"/query",
		&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		s.t.Fatalf("dial: %v", err)
	}
	s.t.Cleanup(func() { conn.Close(websocket.StatusNormalClosure, "") })
	send := func(v any) {
		if err := wsjson.Write(ctx, conn, v); err != nil {
			s.t.Fatalf("write: %v", err)
		}
	}
	send(map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + s.token}})
	var ack struct{ Type string }
	if err := wsjson.Read(ctx, conn, &ack); err != nil || ack.Type != "connection_ack" {
		s.t.Fatalf("connection_init: %v %+v", err, ack)
	}
	send(map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": query}})
	sub := &subscription{next: make(chan json.RawMessage, 100)}
	go func() {
		for {
			var m struct {
				Type    string
				Payload json.RawMessage
			}
			if err := wsjson.Read(ctx, conn, &m); err != nil {
				close(sub.next)
				return
			}
			switch m.Type {
			case "next", "error":
				sub.next <- m.Payload
			case "complete":
				close(sub.next)
				return
			case "ping":
				_ = wsjson.Write(ctx, conn, map[string]any{"type": "pong"})
			}
		}
	}()
	deadline := time.Now().Add(10 * time.Second)
	for broker.Subscribers() == before {
		if time.Now().After(deadline) {
			s.t.Fatal("the subscription never reached the broker")
		}
		time.Sleep(5 * time.Millisecond)
	}
	return sub
}

// take reads n messages, failing after 20 s.
func (sub *subscription) take(t *testing.T, n int) []json.RawMessage {
	t.Helper()
	var out []json.RawMessage
	timeout := time.After(20 * time.Second)
	for len(out) < n {
		select {
		case m, ok := <-sub.next:
			if !ok {
				t.Fatalf("subscription closed after %d messages, want %d", len(out), n)
			}
			out = append(out, m)
		case <-timeout:
			t.Fatalf("%d messages after 20 s, want %d", len(out), n)
		}
	}
	return out
}

// quiet fails when a message is waiting, or arrives within d.
func (sub *subscription) quiet(t *testing.T, d time.Duration) {
	t.Helper()
	report := func(m json.RawMessage, ok bool) {
		if ok {
			t.Errorf("unexpected message %s", m)
		} else {
			t.Error("the subscription ended")
		}
	}
	select {
	case m, ok := <-sub.next:
		report(m, ok)
		return
	default:
	}
	select {
	case m, ok := <-sub.next:
		report(m, ok)
	case <-time.After(d):
	}
}

// eachWithBroker is each, with the server's subscription broker at hand.
func eachWithBroker(t *testing.T, f func(t *testing.T, s *server, broker *notify.Broker)) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		s, b := newServerWithBroker(t, target)
		f(t, s, b)
	})
}

// newServerWithBroker is newServer with a broker that polls every 20 ms and sessions checked
// every 50 ms, returned for tests that wait on its subscribers.
func newServerWithBroker(t *testing.T, target store.Target) (*server, *notify.Broker) {
	var b *notify.Broker
	s := newServer(t, target, func(o *httpserver.Options) {
		b = notify.New(o.Client, 20*time.Millisecond, nil)
		o.Notifications = b
		o.SessionRecheck = 50 * time.Millisecond
	})
	return s, b
}

// TestNotificationsOfAWholeLife: a nomination's whole life — drafted, submitted, returned
// with a reason, submitted again, approved, awarded — reaches, exactly and in order, the
// district's staff subscribed to their review queue, the school's staff subscribed to their
// unit's nominations, and the district federation's webhook (signed, verified with the
// Standard Webhooks library). Another district's subscriber and webhook hear nothing.
func TestNotificationsOfAWholeLife(t *testing.T) {
	eachWithBroker(t, func(t *testing.T, s *server, broker *notify.Broker) {
		admin := s.as("admin@demo.vinhdanh.vn")
		admin.call(`mutation($s: ID!) { createUser(input: {email: "fed.hbt@demo.vinhdanh.vn", displayName: "Văn phòng LĐLĐ quận", role: FEDERATION_ADMIN, scopeID: $s}, password: "mat-khau-lien-doan-2025") { id } }`,
			map[string]any{"s": s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng")}, &struct{ ID string }{})
		fed := s.asWith("fed.hbt@demo.vinhdanh.vn", "mat-khau-lien-doan-2025")
		r := newReceiver(t)
		_, secret := fed.registerWebhook("Liên đoàn Lao động quận Hai Bà Trưng", r.srv.URL+"/hbt")
		admin.registerWebhook("Liên đoàn Lao động huyện Thanh Trì", r.srv.URL+"/thanhtri")
		s.dispatch(t, r, "replica-a")

		school := s.as("staff.school@demo.vinhdanh.vn")
		district := s.as("staff.haibatrung@demo.vinhdanh.vn")
		queue := district.subscribe(broker, `subscription { reviewQueueChanged { action fromStatus toStatus comment nomination { id status } } }`)
		mine := school.subscribe(broker, `subscription { unitNominationsChanged { action toStatus actorName } }`)
		elsewhere := s.as("staff.thanhtri@demo.vinhdanh.vn").subscribe(broker, `subscription { unitNominationsChanged { action } }`)

		n := school.draft(school.newTeacher("Trịnh Thị Hoa"), "DISTRICT_GIAY_KHEN")
		n = school.step("submit", n, "", nil)
		n = district.step("return", n, "", map[string]any{"comment": "Thiếu biên bản họp bình xét"})
		n = school.step("submit", n, "", nil)
		n = district.step("approve", n, "", nil)
		district.call(`mutation($ids: [ID!]!) { issueDecision(input: {number: "15/QĐ-LĐLĐ", signedOn: "2024-06-01",
			signerName: "Nguyễn Văn Phúc", signerTitle: "Chủ tịch", nominationIDs: $ids}) { id } }`,
			map[string]any{"ids": []string{n.ID}}, &struct{ ID string }{})

		life := []string{"CREATE DRAFT", "SUBMIT SUBMITTED", "RETURN RETURNED", "SUBMIT SUBMITTED", "APPROVE APPROVED", "AWARD AWARDED"}
		var got []string
		for _, m := range mine.take(t, len(life)) {
			var e struct {
				UnitNominationsChanged struct{ Action, ToStatus, ActorName string }
			}
			mustDecode(t, m, &e)
			got = append(got, e.UnitNominationsChanged.Action+" "+e.UnitNominationsChanged.ToStatus)
		}
		if !slices.Equal(got, life) {
			t.Errorf("unit subscription: %q, want %q", got, life)
		}

		got = nil
		for _, m := range queue.take(t, len(life)-1) { // the draft is nobody's to review yet
			var e struct {
				ReviewQueueChanged struct {
					Action, ToStatus, Comment string
					Nomination                struct{ ID string }
				}
			}
			mustDecode(t, m, &e)
			if e.ReviewQueueChanged.Nomination.ID != n.ID {
				t.Errorf("queue event for nomination %s, want %s", e.ReviewQueueChanged.Nomination.ID, n.ID)
			}
			if e.ReviewQueueChanged.Action == "RETURN" && e.ReviewQueueChanged.Comment != "Thiếu biên bản họp bình xét" {
				t.Errorf("return comment %q", e.ReviewQueueChanged.Comment)
			}
			got = append(got, e.ReviewQueueChanged.Action+" "+e.ReviewQueueChanged.ToStatus)
		}
		if !slices.Equal(got, life[1:]) {
			t.Errorf("review queue subscription: %q, want %q", got, life[1:])
		}

		verifier, err := standardwebhooks.NewWebhook(secret)
		if err != nil {
			t.Fatal(err)
		}
		got = nil
		ids := map[string]bool{}
		for _, d := range r.wait("/hbt", len(life)) {
			if err := verifier.Verify(d.body, d.header); err != nil {
				t.Errorf("signature of %s: %v", d.body, err)
			}
			ids[d.header.Get("webhook-id")] = true
			m := d.message(t)
			if m.Data.NominationID != n.ID || m.Data.LevelCode != "DISTRICT_GIAY_KHEN" || m.Type == "" {
				t.Errorf("delivery %s", d.body)
			}
			got = append(got, m.Data.Action+" "+m.Data.ToStatus)
		}
		if !slices.Equal(got, life) || len(ids) != len(life) {
			t.Errorf("webhook: %q (%d ids), want %q", got, len(ids), life)
		}

		// Nothing more comes, and the other district heard nothing.
		time.Sleep(300 * time.Millisecond)
		mine.quiet(t, 0)
		queue.quiet(t, 0)
		elsewhere.quiet(t, 0)
		if n := len(r.at("/hbt")); n != len(life) {
			t.Errorf("%d deliveries to the district, want %d", n, len(life))
		}
		if n := len(r.at("/thanhtri")); n != 0 {
			t.Errorf("another district's webhook got %d deliveries", n)
		}
	})
}

func mustDecode(t *testing.T, raw json.RawMessage, out any) {
	t.Helper()
	var env struct {
		Data   json.RawMessage
		Errors []gqlError
	}
	if err := json.Unmarshal(raw, &env); err != nil || len(env.Errors) > 0 {
		t.Fatalf("message %s: %v", raw, err)
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		t.Fatalf("data %s: %v", env.Data, err)
	}
}

// webhookLog reads a webhook's delivery log through the API, oldest first.
type loggedDelivery struct {
	ID, EventType, Status, LastError string
	OutboxEventID                    string
	Attempts                         int
	AttemptLog                       []struct {
		StatusCode *int
		Replica    string
	}
}

func (s *server) webhookLog(federation string) []loggedDelivery {
	s.t.Helper()
	var out struct {
		Webhooks []struct {
			Deliveries struct {
				Edges []struct{ Node loggedDelivery }
			}
		}
	}
	s.query(`query($c: ID) { webhooks(collectiveID: $c) { deliveries(first: 100) { edges { node {
		id eventType status lastError outboxEventID attempts attemptLog { statusCode replica } } } } } }`,
		map[string]any{"c": s.collectiveID(federation)}, &out)
	var log []loggedDelivery
	for _, w := range out.Webhooks {
		for _, e := range w.Deliveries.Edges {
			log = append(log, e.Node)
		}
	}
	slices.SortFunc(log, func(a, b loggedDelivery) int { return strings.Compare(a.ID, b.ID) })
	return log
}

// TestWebhookRetriesAndRedelivery: an endpoint that fails twice gets the event a third time
// (backoff), holding the next event back meanwhile, so it still hears them in order; the log
// shows every attempt; a redelivery on demand sends the same message again; an endpoint that
// never answers 2xx has its deliveries given up after the last retry, one after the other.
func TestWebhookRetriesAndRedelivery(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		const hbt = "Liên đoàn Lao động quận Hai Bà Trưng"
		admin := s.as("admin@demo.vinhdanh.vn")
		r := newReceiver(t)
		r.answer = func(path string, n int) int {
			if path == "/down" || (path == "/flaky" && n <= 2) {
				return http.StatusInternalServerError
			}
			return http.StatusOK
		}
		admin.registerWebhook(hbt, r.srv.URL+"/flaky")
		s.dispatch(t, r, "replica-a")
		school := s.as("staff.school@demo.vinhdanh.vn")
		n := school.draft(school.newTeacher("Phan Thị Liên"), "DISTRICT_GIAY_KHEN")
		school.step("submit", n, "", nil)

		got := r.wait("/flaky", 4)
		var seen []string
		for _, d := range got {
			seen = append(seen, d.message(t).Data.Action+" "+d.header.Get("webhook-id"))
		}
		first, second := got[0].header.Get("webhook-id"), got[3].header.Get("webhook-id")
		want := []string{"CREATE " + first, "CREATE " + first, "CREATE " + first, "SUBMIT " + second}
		if !slices.Equal(seen, want) || first == second {
			t.Errorf("requests %q, want %q", seen, want)
		}
		// The receiver has the last request before the sender records its answer: wait for
		// the record.
		log := admin.webhookLog(hbt)
		for deadline := time.Now().Add(5 * time.Second); len(log) == 2 && log[1].Status == "PENDING" && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
			log = admin.webhookLog(hbt)
		}
		if len(log) != 2 {
			t.Fatalf("log has %d deliveries, want 2", len(log))
		}
		var codes []int
		for _, a := range log[0].AttemptLog {
			codes = append(codes, *a.StatusCode)
		}
		if log[0].Status != "DELIVERED" || log[0].Attempts != 3 || !slices.Equal(codes, []int{500, 500, 200}) ||
			log[0].EventType != "nomination.created" {
			t.Errorf("first delivery %+v (codes %v)", log[0], codes)
		}
		if log[1].Status != "DELIVERED" || log[1].Attempts != 1 || log[1].EventType != "nomination.submitted" {
			t.Errorf("second delivery %+v", log[1])
		}

		var again struct{ Status string }
		admin.call(`mutation($d: ID!) { redeliverWebhook(deliveryID: $d) { status } }`, map[string]any{"d": log[0].ID}, &again)
		if again.Status != "PENDING" {
			t.Errorf("redelivery status %s", again.Status)
		}
		if d := r.wait("/flaky", 5)[4]; d.header.Get("webhook-id") != first || d.message(t).Data.Action != "CREATE" {
			t.Errorf("redelivered %s %s, want the first event again", d.header.Get("webhook-id"), d.body)
		}

		// An endpoint that is down: four attempts each (the first and three retries), then
		// FAILED, in order.
		admin.registerWebhook(hbt, r.srv.URL+"/down")
		n2 := school.draft(school.newTeacher("Đỗ Thị Mai"), "DISTRICT_GIAY_KHEN")
		school.step("submit", n2, "", nil)
		r.wait("/down", 8)
		deadline := time.Now().Add(10 * time.Second)
		for {
			failed := 0
			for _, d := range admin.webhookLog(hbt) {
				if d.Status == "FAILED" {
					failed++
					if d.Attempts != 4 || d.LastError != "the endpoint answered 500" {
						t.Errorf("failed delivery %+v", d)
					}
				}
			}
			if failed == 2 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d deliveries FAILED, want 2", failed)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if n := len(r.at("/down")); n != 8 {
			t.Errorf("%d requests to the endpoint that is down, want 8", n)
		}
	})
}

// TestWebhookPermissions: only a federation's administrators (and administrators) register
// and see its webhooks, endpoints must be https, and nobody else learns a delivery exists.
func TestWebhookPermissions(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		const hbt, thanhtri = "Liên đoàn Lao động quận Hai Bà Trưng", "Liên đoàn Lao động huyện Thanh Trì"
		admin := s.as("admin@demo.vinhdanh.vn")
		admin.call(`mutation($s: ID!) { createUser(input: {email: "fed.hbt@demo.vinhdanh.vn", displayName: "Văn phòng", role: FEDERATION_ADMIN, scopeID: $s}, password: "mat-khau-lien-doan-2025") { id } }`,
			map[string]any{"s": s.collectiveID(hbt)}, &struct{ ID string }{})
		fed := s.asWith("fed.hbt@demo.vinhdanh.vn", "mat-khau-lien-doan-2025")
		register := `mutation($c: ID!, $u: String!) { registerWebhook(input: {collectiveID: $c, url: $u}) { webhook { id } secret } }`
		cases := []struct {
			name       string
			as         *server
			federation string
			url        string
			code       string
		}{
			{"anonymous", s, hbt, "https://hooks.example.vn/a", "UNAUTHENTICATED"},
			{"staff", s.as("staff.haibatrung@demo.vinhdanh.vn"), hbt, "https://hooks.example.vn/a", "FORBIDDEN"},
			{"another federation's administrator", fed, thanhtri, "https://hooks.example.vn/a", "FORBIDDEN"},
			{"plain http", fed, hbt, "http://hooks.example.vn/a", "BAD_USER_INPUT"},
			{"credentials in the URL", fed, hbt, "https://user:pass@hooks.example.vn/a", "BAD_USER_INPUT"},
			{"not a URL", fed, hbt, "hooks.example.vn", "BAD_USER_INPUT"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				e := c.as.fail(register, map[string]any{"c": s.collectiveID(c.federation), "u": c.url})
				if e.code() != c.code {
					t.Errorf("code %s (%s), want %s", e.code(), e.Message, c.code)
				}
			})
		}
		id, secret := fed.registerWebhook(hbt, "https://hooks.example.vn/vinhdanh")
		admin.registerWebhook(thanhtri, "https://hooks.example.vn/thanhtri")
		if !strings.HasPrefix(secret, "whsec_") {
			t.Errorf("secret %q", secret)
		}
		var list struct{ Webhooks []struct{ ID, URL string } }
		fed.query(`{ webhooks { id url } }`, nil, &list)
		if len(list.Webhooks) != 1 || list.Webhooks[0].ID != id {
			t.Errorf("the district's administrator sees %+v, want only its own webhook", list.Webhooks)
		}
		staff := s.as("staff.haibatrung@demo.vinhdanh.vn")
		staff.query(`{ webhooks { id } }`, nil, &list)
		if len(list.Webhooks) != 0 {
			t.Errorf("staff see %d webhooks", len(list.Webhooks))
		}
		// A delivery of the district's: not found for staff, as if it did not exist.
		school := s.as("staff.school@demo.vinhdanh.vn")
		school.draft(school.newTeacher("Vũ Thị Thu"), "DISTRICT_GIAY_KHEN")
		log := fed.webhookLog(hbt)
		if len(log) != 1 {
			t.Fatalf("%d deliveries, want 1", len(log))
		}
		if e := staff.fail(`mutation($d: ID!) { redeliverWebhook(deliveryID: $d) { id } }`, map[string]any{"d": log[0].ID}); e.code() != "NOT_FOUND" {
			t.Errorf("staff redelivering: %s %s", e.code(), e.Message)
		}
		var seen struct{ Node *struct{ ID string } }
		for _, as := range []*server{staff, s.as("staff.thanhtri@demo.vinhdanh.vn")} {
			r := as.post(`query($d: ID!) { node(id: $d) { id ... on WebhookDelivery { attemptLog { id } } } }`, map[string]any{"d": log[0].ID})
			if json.Unmarshal(r.Data, &seen) == nil && seen.Node != nil {
				t.Errorf("a delivery read by someone who may not manage its webhook: %s", r.Data)
			}
		}
		// Rotating the secret shows the new one once; disabling stops deliveries.
		var rotated struct{ Secret *string }
		fed.call(`mutation($id: ID!) { updateWebhook(id: $id, input: {rotateSecret: true, active: false}) { secret } }`, map[string]any{"id": id}, &rotated)
		if rotated.Secret == nil || *rotated.Secret == secret {
			t.Errorf("rotated secret %v", rotated.Secret)
		}
		var kept struct{ Secret *string }
		fed.call(`mutation($id: ID!) { updateWebhook(id: $id, input: {description: "Đã tạm dừng"}) { secret } }`, map[string]any{"id": id}, &kept)
		if kept.Secret != nil {
			t.Errorf("an update without rotation shows a secret")
		}
		// At most ten active endpoints a federation (the first one is disabled now).
		for i := 1; i <= webhook.MaxPerFederation; i++ {
			fed.registerWebhook(hbt, fmt.Sprintf("https://hooks.example.vn/%d", i))
		}
		if e := fed.fail(register, map[string]any{"c": s.collectiveID(hbt), "u": "https://hooks.example.vn/11"}); e.code() != "BAD_USER_INPUT" {
			t.Errorf("an eleventh webhook: %s %s", e.code(), e.Message)
		}
		if e := fed.fail(`mutation($id: ID!) { updateWebhook(id: $id, input: {active: true}) { secret } }`, map[string]any{"id": id}); e.code() != "BAD_USER_INPUT" {
			t.Errorf("re-enabling an eleventh webhook: %s %s", e.code(), e.Message)
		}
		// Every change is audited, and no secret is written into the audit log.
		audits := s.db.Client.AuditEvent.Query().Where(auditevent.EntityType("Webhook")).AllX(rule.SystemContext(context.Background()))
		if want := 4 + webhook.MaxPerFederation; len(audits) != want { // two registered, one rotated and disabled, one described, ten more
			t.Errorf("%d audit events for webhooks, want %d", len(audits), want)
		}
		for _, a := range audits {
			if strings.Contains(a.Before+a.After, "whsec_") {
				t.Errorf("the audit log holds a webhook secret: %s", a.After)
			}
		}
	})
}

// TestSubscriptionAuthentication: a subscription needs an access token in connection_init;
// without one, or with a bad one, the connection is closed with 4401.
func TestSubscriptionAuthentication(t *testing.T) {
	s := newServer(t, dbtest.SQLite(t))
	for name, payload := range map[string]map[string]any{
		"no token":  {},
		"bad token": {"Authorization": "Bearer not-a-token"},
		"no bearer": {"Authorization": "Basic YTpi"},
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(s.url, "http")+"/query",
				&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
			if err != nil {
				t.Fatal(err)
			}
			defer conn.CloseNow()
			_ = wsjson.Write(ctx, conn, map[string]any{"type": "connection_init", "payload": payload})
			var m map[string]any
			for {
				if err = wsjson.Read(ctx, conn, &m); err != nil {
					break
				}
				if m["type"] == "connection_ack" {
					t.Fatal("acknowledged without a valid token")
				}
			}
			if websocket.CloseStatus(err) != 4401 {
				t.Errorf("closed with %v, want 4401", err)
			}
		})
	}
}

// TestWebhooksOnceAcrossReplicas: two dispatchers on separate connections to one database
// share the work of three endpoints; each endpoint receives each of 21 events exactly once,
// in order, and the log shows one attempt per delivery.
func TestWebhooksOnceAcrossReplicas(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		s := newServer(t, target)
		admin := s.as("admin@demo.vinhdanh.vn")
		r := newReceiver(t)
		r.answer = func(string, int) int {
			time.Sleep(3 * time.Millisecond) // a real endpoint takes a while: the replicas overlap
			return http.StatusOK
		}
		paths := []string{"/r1", "/r2", "/r3"}
		for _, p := range paths {
			admin.registerWebhook("Liên đoàn Lao động quận Hai Bà Trưng", r.srv.URL+p)
		}
		// Four senders (two per connection pool) polling every millisecond: they often find
		// the same delivery due at once, and only the claim decides who sends it.
		other := &server{t: t, db: dbtest.Open(t, target)}
		s.dispatchEvery(t, r, "replica-a", time.Millisecond)
		s.dispatchEvery(t, r, "replica-a2", time.Millisecond)
		other.dispatchEvery(t, r, "replica-b", time.Millisecond)
		other.dispatchEvery(t, r, "replica-b2", time.Millisecond)

		school := s.as("staff.school@demo.vinhdanh.vn")
		n := school.draft(school.newTeacher("Lê Thị Thanh Hương"), "DISTRICT_GIAY_KHEN")
		for i := range 20 {
			var out nom
			school.call(`mutation($id: ID!, $v: Int!, $a: String!) { updateNomination(id: $id, expectedVersion: $v, input: {achievements: $a}) { `+nomFields+` } }`,
				map[string]any{"id": n.ID, "v": n.Version, "a": "Thành tích, bản " + string(rune('A'+i))}, &out)
			n = out
		}
		for _, p := range paths {
			r.wait(p, 21)
		}
		time.Sleep(300 * time.Millisecond) // and no more
		for _, p := range paths {
			got := r.at(p)
			var ids []string
			for _, d := range got {
				ids = append(ids, d.header.Get("webhook-id"))
			}
			if len(got) != 21 || len(slices.Compact(slices.Clone(ids))) != 21 {
				t.Errorf("%s received %d requests: %v", p, len(got), ids)
			}
			for i := 1; i < len(ids); i++ {
				if number(ids[i]) <= number(ids[i-1]) {
					t.Errorf("%s: %s came after %s", p, ids[i], ids[i-1])
				}
			}
		}
		replicas := map[string]int{}
		for _, d := range admin.webhookLog("Liên đoàn Lao động quận Hai Bà Trưng") {
			if d.Status != "DELIVERED" || d.Attempts != 1 || len(d.AttemptLog) != 1 {
				t.Errorf("delivery %+v", d)
				continue
			}
			replicas[d.AttemptLog[0].Replica]++
		}
		t.Logf("deliveries sent by each replica: %v", replicas)
	})
}

// number is the outbox sequence a webhook-id carries (msg_123 → 123).
func number(id string) int {
	n := 0
	for _, c := range strings.TrimPrefix(id, "msg_") {
		n = n*10 + int(c-'0')
	}
	return n
}

// TestSubscriptionHearsLateCommits: on MySQL an outbox id is taken at insert, so a step whose
// transaction commits late has a smaller id than steps committed before it. The tail moves
// past it and must still deliver it once it commits. (SQLite has one writer at a time: ids
// always commit in order there.)
func TestSubscriptionHearsLateCommits(t *testing.T) {
	s, broker := newServerWithBroker(t, dbtest.MySQL(t))
	school := s.as("staff.school@demo.vinhdanh.vn")
	late := school.draft(school.newTeacher("Mạc Thị Bưởi"), "DISTRICT_GIAY_KHEN")
	early := school.draft(school.newTeacher("Ông Thị Hạnh"), "DISTRICT_GIAY_KHEN")
	sub := school.subscribe(broker, `subscription { unitNominationsChanged { action nomination { id } } }`)

	// A step on one nomination, in a transaction left open: its outbox row has an id.
	ctx := context.Background()
	u, err := s.db.Client.User.Query().Where(user.Email("staff.school@demo.vinhdanh.vn")).WithScope().Only(rule.SystemContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	v, err := auth.ViewerOf(ctx, s.db.Client, u)
	if err != nil {
		t.Fatal(err)
	}
	ctx = viewer.NewContext(ctx, v)
	tx, err := s.db.Client.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lateID, _ := strconv.Atoi(late.ID)
	text := "Bổ sung thành tích"
	if _, err := workflow.Update(ctx, tx.Client(), lateID, late.Version, ent.UpdateNominationInput{Achievements: &text}); err != nil {
		t.Fatal(err)
	}
	// A step on the other commits first, with a larger id.
	school.call(`mutation($id: ID!, $v: Int!) { updateNomination(id: $id, expectedVersion: $v, input: {achievements: "Khác"}) { id } }`,
		map[string]any{"id": early.ID, "v": early.Version}, &struct{ ID string }{})
	var e struct {
		UnitNominationsChanged struct {
			Action     string
			Nomination struct{ ID string }
		}
	}
	mustDecode(t, sub.take(t, 1)[0], &e)
	if e.UnitNominationsChanged.Nomination.ID != early.ID {
		t.Fatalf("first event for %s, want %s", e.UnitNominationsChanged.Nomination.ID, early.ID)
	}
	time.Sleep(200 * time.Millisecond) // the tail has moved past the open transaction's id
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	mustDecode(t, sub.take(t, 1)[0], &e)
	if e.UnitNominationsChanged.Nomination.ID != late.ID || e.UnitNominationsChanged.Action != "UPDATE" {
		t.Errorf("late event %+v, want the update of %s", e.UnitNominationsChanged, late.ID)
	}
	sub.quiet(t, 200*time.Millisecond)
}

// TestLogoutEndsSubscriptions: a subscription lasts as long as the session that opened it.
func TestLogoutEndsSubscriptions(t *testing.T) {
	eachWithBroker(t, func(t *testing.T, s *server, broker *notify.Broker) {
		district := s.as("staff.haibatrung@demo.vinhdanh.vn")
		sub := district.subscribe(broker, `subscription { reviewQueueChanged { action } }`)
		district.call(`mutation { logout }`, nil, new(bool))
		select {
		case m, ok := <-sub.next:
			if ok {
				t.Errorf("message %s after logout, want the subscription ended", m)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("the subscription outlived its session")
		}
		deadline := time.Now().Add(5 * time.Second)
		for broker.Subscribers() != 0 {
			if time.Now().After(deadline) {
				t.Fatalf("%d subscribers left with the broker", broker.Subscribers())
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}

// TestDeliveryPlans: the dispatcher's statements (due deliveries, the claim, the settling)
// start from an index, however long the log grows.
func TestDeliveryPlans(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		r := newReceiver(t)
		s.as("admin@demo.vinhdanh.vn").registerWebhook("Liên đoàn Lao động quận Hai Bà Trưng", r.srv.URL+"/hbt")
		school := s.as("staff.school@demo.vinhdanh.vn")
		n := school.draft(school.newTeacher("Kiều Thị Loan"), "DISTRICT_GIAY_KHEN")
		school.step("submit", n, "", nil)
		d := &webhook.Dispatcher{Client: s.client, HTTP: webhook.NewHTTPClient(true, r.tls()), Replica: "plans"}
		s.counter.Reset()
		if sent, err := d.RunOnce(context.Background()); err != nil || sent != 1 {
			t.Fatalf("RunOnce: %d sent, %v", sent, err)
		}
		checked := 0
		for _, st := range s.counter.Statements() {
			if !strings.Contains(st.Query, "webhook_deliveries") || strings.HasPrefix(st.Query, "INSERT") {
				continue
			}
			checked++
			plan := explain(t, s, st.Query, st.Args)
			if s.db.Target.Dialect == "sqlite3" {
				for _, line := range strings.Split(plan, "\n") {
					if strings.Contains(line, "SCAN ") && !strings.Contains(line, "USING") {
						t.Errorf("SQLite scans a table:\n%s\nfor %s", plan, st.Query)
					}
				}
				continue
			}
			for _, line := range strings.Split(plan, "\n") {
				if strings.Contains(line, "table=webhook_deliveries") && (strings.Contains(line, "key=<nil>") ||
					strings.Contains(line, "type=index ") || strings.Contains(line, "type=ALL ")) {
					t.Errorf("MySQL reads webhook_deliveries without an index:\n%s\nfor %s", plan, st.Query)
				}
			}
		}
		if checked < 3 {
			t.Errorf("%d statements checked, want the due query, the claim and the settling", checked)
		}
	})
}
