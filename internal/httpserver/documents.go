package httpserver

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gocloud.dev/blob"

	"vinhdanh/ent"
	"vinhdanh/internal/apperr"
	"vinhdanh/internal/requestid"
	"vinhdanh/internal/workflow"
)

// documentServer answers /documents/{id}: a dossier's file, for those who may read its
// nomination (the same privacy rules; never anonymous), checked against its hash, always as an
// attachment under its own (NFC) name.
type documentServer struct {
	client *ent.Client
	store  *blob.Bucket
	log    *slog.Logger
}

func (d *documentServer) serve(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		apperr.WriteHTTP(w, r, &apperr.Error{Code: apperr.NotFound, Message: fmt.Sprintf("document %s not found", r.PathValue("id"))})
		return
	}
	doc, data, err := workflow.Open(r.Context(), d.client, d.store, id)
	if err != nil {
		if ae, ok := apperr.As(err); ok {
			apperr.WriteHTTP(w, r, ae)
			return
		}
		d.log.ErrorContext(r.Context(), "document", "id", id, "err", err, "request_id", requestid.FromContext(r.Context()))
		apperr.WriteHTTP(w, r, &apperr.Error{Code: apperr.Internal, Message: "internal error"})
		return
	}
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, doc.Filename)
	w.Header().Set("Content-Type", doc.ContentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, url.PathEscape(doc.Filename)))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write(data)
}
