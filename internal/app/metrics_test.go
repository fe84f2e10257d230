package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"vinhdanh/internal/app"
	"vinhdanh/internal/config"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/webhook"
)

// TestMetrics opens the server as the binary does and reads its Prometheus metrics after real
// traffic: requests by route pattern and status, GraphQL operations by name, type and error
// code, a workflow step, rate-limit refusals, the database pool. The public handler does not
// serve them.
func TestMetrics(t *testing.T) {
	ctx := context.Background()
	cfg := config.Config{DatabaseURL: dbtest.SQLite(t).String(), DemoPassword: demoPassword, AnonRate: 1, AnonBurst: 40,
		RequestTimeout: 15e9, AccessTokenTTL: 15 * 60e9, PublicCacheTTL: 0}
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.DB.Close()
	ts := httptest.NewServer(a.Handler)
	defer ts.Close()
	s := &server{t: t, url: ts.URL}
	school := s.as("staff.school@demo.vinhdanh.vn")
	r := newReceiver(t)
	s.as("admin@demo.vinhdanh.vn").registerWebhook("Liên đoàn Lao động thành phố Hà Nội", r.srv.URL+"/hanoi")
	_ = s.post(`query RollForMetrics { honorRoll(collectiveID: "1", first: 1) { totalCount } }`, nil)
	_ = s.post(`query BadID { node(id: "abc") { id } }`, nil)
	teacher := school.newTeacher("Đỗ Thị Mận")
	school.step("submit", school.draft(teacher, "DISTRICT_GIAY_KHEN"), "", nil)
	for range 50 { // past the anonymous burst
		res, err := http.Get(ts.URL + "/verify/1")
		if err == nil {
			res.Body.Close()
		}
	}
	if res, err := http.Get(ts.URL + "/metrics"); err == nil {
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("the public handler serves /metrics: %d", res.StatusCode)
		}
		res.Body.Close()
	}
	a.Webhooks.HTTP = webhook.NewHTTPClient(true, r.tls())
	if n, err := a.Webhooks.RunOnce(ctx); err != nil || n != 1 { // the draft's creation, delivered; its submission waits
		t.Fatalf("RunOnce: %d sent, %v", n, err)
	}
	rec := httptest.NewRecorder()
	a.Metrics.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	text := rec.Body.String()
	for _, want := range []string{
		`vinhdanh_http_requests_total{method="POST",route="/query",status="200"}`,
		`vinhdanh_http_requests_total{method="GET",route="GET /verify/{id}",status="429"}`,
		`vinhdanh_graphql_operations_total{code="NOT_FOUND",operation="RollForMetrics",type="query"}`,
		`vinhdanh_graphql_operations_total{code="BAD_USER_INPUT",operation="BadID",type="query"}`,
		`vinhdanh_graphql_operation_duration_seconds_bucket{type="mutation"`,
		`vinhdanh_workflow_transitions_total{action="SUBMIT"} 1`,
		`vinhdanh_rate_limit_refusals_total{limit="requests"}`,
		`go_sql_max_open_connections{db_name="vinhdanh"}`,
		`vinhdanh_webhook_attempts_total{outcome="delivered"} 1`,
		"vinhdanh_webhook_deliveries_pending 1",
		"vinhdanh_subscriptions 0",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
