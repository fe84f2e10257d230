package app_test

import (
	"context"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	collector "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"

	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/tracing"
)

// TestTracing sends traces to an OTLP/HTTP receiver (a real HTTP server in the test, as a
// collector would be) when OTEL_EXPORTER_OTLP_ENDPOINT is set: a span for the GraphQL
// operation, and under it a span for each SQL statement, with the statement and no arguments.
func TestTracing(t *testing.T) {
	type span struct{ name, parent, id, statement string }
	var (
		mu    sync.Mutex
		spans []span
	)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req collector.ExportTraceServiceRequest
		if r.URL.Path != "/v1/traces" || proto.Unmarshal(body, &req) != nil {
			http.Error(w, "bad export", http.StatusBadRequest)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		for _, rs := range req.ResourceSpans {
			for _, ss := range rs.ScopeSpans {
				for _, sp := range ss.Spans {
					s := span{name: sp.Name, id: hex.EncodeToString(sp.SpanId), parent: hex.EncodeToString(sp.ParentSpanId)}
					for _, a := range sp.Attributes {
						if a.Key == "db.statement" {
							s.statement = a.Value.GetStringValue()
						}
					}
					spans = append(spans, s)
				}
			}
		}
		w.Header().Set("Content-Type", "application/x-protobuf")
		out, _ := proto.Marshal(&collector.ExportTraceServiceResponse{})
		_, _ = w.Write(out)
	}))
	defer receiver.Close()
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.URL)
	t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
	ctx := context.Background()
	flush, err := tracing.Setup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(t, dbtest.SQLite(t))
	var out struct{ AwardLevels struct{ TotalCount int } }
	s.query(`query TracedLevels { awardLevels(first: 3, where: {code: "CITY_BANG_KHEN"}) { totalCount } }`, nil, &out)
	if err := flush(ctx); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	var op *span
	for i := range spans {
		if spans[i].name == "query TracedLevels" {
			op = &spans[i]
		}
	}
	if op == nil {
		t.Fatalf("no span for the operation among %+v", spans)
	}
	sqlUnder := 0
	for _, sp := range spans {
		if sp.name == "sql" && sp.parent == op.id && strings.Contains(sp.statement, "SELECT") {
			sqlUnder++
			if strings.Contains(sp.statement, "CITY_BANG_KHEN") {
				t.Errorf("a statement's arguments reached the trace: %s", sp.statement)
			}
		}
	}
	if sqlUnder == 0 {
		t.Errorf("no SQL span under the operation: %+v", spans)
	}
}
