package httpserver

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"vinhdanh/internal/apperr"
)

// overHTTP serves GraphQL over HTTP GET (queries only) and POST (application/json), as
// gqlgen's transport.GET and transport.POST do, but writes the answer itself.
//
// gqlgen marshals its graphql.Response with encoding/json, whose data is the json.RawMessage
// gqlgen has just written: encoding/json validates and compacts every Marshaler's output again
// (golang/go#33422), a second pass over the whole answer that cost 7 % of a roll page's CPU.
// gqlgen offers no hook for the response's encoding (99designs/gqlgen#2842), hence this type.
type overHTTP struct{ get bool }

var _ graphql.Transport = overHTTP{}

func (t overHTTP) Supports(r *http.Request) bool {
	if r.Header.Get("Upgrade") != "" {
		return false
	}
	if t.get {
		return r.Method == http.MethodGet
	}
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && r.Method == http.MethodPost && mediaType == "application/json"
}

func (t overHTTP) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	contentType := responseType(r.Header.Get("Accept"))
	w.Header().Set("Content-Type", contentType)
	params := &graphql.RawParams{Headers: r.Header}
	params.ReadTime.Start = graphql.Now()
	read := t.readPOST
	if t.get {
		read = t.readGET
	}
	if err := read(r, params); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		writeResponse(w, exec.DispatchError(ctx, gqlerror.List{gqlerror.Wrap(err)}))
		return
	}
	params.ReadTime.End = graphql.Now()

	opCtx, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		w.WriteHeader(statusFor(contentType, errs))
		writeResponse(w, exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs))
		return
	}
	if t.get {
		// GET is for reads a cache or a link may repeat; a mutation must be POSTed.
		if op := opCtx.Doc.Operations.ForName(opCtx.OperationName); op == nil || op.Operation != ast.Query {
			w.Header().Set("Allow", http.MethodPost)
			w.WriteHeader(http.StatusMethodNotAllowed)
			refusal := &apperr.Error{Code: apperr.BadRequest, Message: "GET runs queries only: send a mutation or subscription by POST"}
			writeResponse(w, exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), gqlerror.List{gqlerror.Wrap(refusal)}))
			return
		}
	}
	responses, ctx := exec.DispatchOperation(ctx, opCtx)
	writeResponse(w, responses(ctx))
}

func (overHTTP) readGET(r *http.Request, p *graphql.RawParams) error {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return &apperr.Error{Code: apperr.BadRequest, Message: "the URL's query string is not well formed"}
	}
	p.Query, p.OperationName = q.Get("query"), q.Get("operationName")
	if v := q.Get("variables"); v != "" {
		if err := decode(strings.NewReader(v), &p.Variables); err != nil {
			return &apperr.Error{Code: apperr.BadRequest, Message: "variables must be a JSON object"}
		}
	}
	if v := q.Get("extensions"); v != "" {
		if err := decode(strings.NewReader(v), &p.Extensions); err != nil {
			return &apperr.Error{Code: apperr.BadRequest, Message: "extensions must be a JSON object"}
		}
	}
	return nil
}

func (overHTTP) readPOST(r *http.Request, p *graphql.RawParams) error {
	// The body is neither quoted nor logged: it may hold a password.
	if err := decode(r.Body, p); err != nil {
		return &apperr.Error{Code: apperr.BadRequest, Message: "the request body is not a GraphQL request: send JSON with a string query and an object of variables"}
	}
	return nil
}

// decode reads one JSON value, numbers kept as written (an ID or a large Int stays exact).
func decode(r io.Reader, v any) error {
	d := json.NewDecoder(r)
	d.UseNumber()
	return d.Decode(v)
}

// responseType chooses the answer's media type from Accept as GraphQL over HTTP asks:
// application/json for clients that accept anything or name it, the GraphQL response type
// for those that name it or nothing known.
func responseType(accept string) string {
	const plain, graphQL = "application/json", "application/graphql-response+json"
	if accept == "" {
		return plain
	}
	for part := range strings.SplitSeq(accept, ",") {
		mediaType, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mediaType {
		case "*/*", "application/*", plain:
			return plain
		case graphQL:
			return graphQL
		}
	}
	return graphQL
}

// statusFor is the status of a request that could not become an operation: a request the
// protocol refuses (unparsable, invalid) is 400 for clients of the GraphQL response type,
// 422 for application/json ones, which expect errors in a 2xx or 4xx JSON body alike.
func statusFor(contentType string, errs gqlerror.List) int {
	if errcode.GetErrorKind(errs) != errcode.KindProtocol {
		return http.StatusOK
	}
	if contentType == "application/graphql-response+json" {
		return http.StatusBadRequest
	}
	return http.StatusUnprocessableEntity
}

// writeResponse writes a response as encoding/json would, the data as gqlgen wrote it.
func writeResponse(w io.Writer, resp *graphql.Response) {
	if len(resp.Errors) == 0 && len(resp.Extensions) == 0 && resp.Label == "" && resp.Path == nil && resp.HasNext == nil {
		data := resp.Data
		if data == nil {
			data = json.RawMessage("null")
		}
		_, _ = io.WriteString(w, `{"data":`)
		_, _ = w.Write(data)
		_, _ = io.WriteString(w, "}")
		return
	}
	b, err := json.Marshal(resp)
	if err != nil {
		// Only data gqlgen failed to write can fail here; the error presenter has run.
		b = []byte(`{"errors":[{"message":"internal error","extensions":{"code":"` + string(apperr.Internal) + `"}}],"data":null}`)
	}
	_, _ = w.Write(b)
}
