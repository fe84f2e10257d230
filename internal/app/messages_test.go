package app_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"vinhdanh/internal/dbtest"
)

// TestVietnameseMessages: error messages are Vietnamese unless the request asks for English,
// in GraphQL errors and in refusals before GraphQL runs; codes do not change.
func TestVietnameseMessages(t *testing.T) {
	s := newServer(t, dbtest.SQLite(t))
	ask := func(lang, contentType string, body []byte) (int, gqlError) {
		req, _ := http.NewRequest(http.MethodPost, s.url+"/query", bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Accept-Language", lang)
		res, raw := s.send(req)
		var r response
		if err := json.Unmarshal(raw, &r); err != nil || len(r.Errors) == 0 {
			t.Fatalf("%s: %v %s", lang, err, raw)
		}
		return res.StatusCode, r.Errors[0]
	}
	query := []byte(`{"query": "{ honorRoll(collectiveID: \"999\", first: 1) { totalCount } }"}`)
	for _, tt := range []struct{ lang, want string }{
		{"vi-VN,vi;q=0.9", "Không tìm thấy đơn vị 999"},
		{"fr-FR", "Không tìm thấy đơn vị 999"}, // neither: Vietnamese
		{"en-US,en;q=0.9", "collective 999 not found"},
	} {
		if _, e := ask(tt.lang, "application/json", query); e.Message != tt.want || e.code() != "NOT_FOUND" {
			t.Errorf("%s: %s %q, want NOT_FOUND %q", tt.lang, e.code(), e.Message, tt.want)
		}
	}
	// Before GraphQL runs: an anonymous upload.
	status, e := ask("vi", "multipart/form-data; boundary=x", []byte("--x--"))
	if status != http.StatusUnauthorized || e.Message != "Hãy đăng nhập để tải tệp lên" || e.code() != "UNAUTHENTICATED" {
		t.Errorf("anonymous upload: %d %s %q", status, e.code(), e.Message)
	}
}
