package httpserver

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// TestWriteResponse: the answer is byte for byte what encoding/json makes of gqlgen's
// response (gqlgen writes its data compact), with or without errors and extensions.
func TestWriteResponse(t *testing.T) {
	hasNext := false
	for _, tc := range []struct {
		name string
		resp graphql.Response
	}{
		{"data", graphql.Response{Data: json.RawMessage(`{"honorRoll":{"edges":[{"node":{"id":"1","recipientName":"Nguyễn Thị Hà"}}]}}`)}},
		{"no data", graphql.Response{}},
		{"null data", graphql.Response{Data: json.RawMessage(`null`)}},
		{"errors and data", graphql.Response{Data: json.RawMessage(`{"a":null}`),
			Errors: gqlerror.List{{Message: "không tìm thấy", Extensions: map[string]any{"code": "NOT_FOUND"}}}}},
		{"extensions", graphql.Response{Data: json.RawMessage(`{"a":1}`), Extensions: map[string]any{"cost": 3}}},
		{"incremental", graphql.Response{Data: json.RawMessage(`{"a":1}`), Label: "l", HasNext: &hasNext}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := json.Marshal(&tc.resp)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			writeResponse(&got, &tc.resp)
			if got.String() != string(want) {
				t.Errorf("wrote %s, encoding/json %s", got.String(), want)
			}
		})
	}
}

// TestResponseType follows GraphQL over HTTP's choice of media type, as gqlgen's transports do.
func TestResponseType(t *testing.T) {
	for _, tc := range []struct{ accept, want string }{
		{"", "application/json"},
		{"*/*", "application/json"},
		{"application/*", "application/json"},
		{"application/json", "application/json"},
		{"application/graphql-response+json", "application/graphql-response+json"},
		{"application/graphql-response+json, application/json;q=0.9", "application/graphql-response+json"},
		{"text/html, application/json", "application/json"},
		{"text/html", "application/graphql-response+json"},
		{"not a media type;;, application/json", "application/json"},
	} {
		t.Run(tc.accept, func(t *testing.T) {
			if got := responseType(tc.accept); got != tc.want {
				t.Errorf("responseType(%q) = %q, want %q", tc.accept, got, tc.want)
			}
		})
	}
}
