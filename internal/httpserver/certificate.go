package httpserver

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"vinhdanh/ent"
	"vinhdanh/ent/award"
	"vinhdanh/internal/apperr"
	"vinhdanh/internal/certificate"
	"vinhdanh/internal/requestid"
	"vinhdanh/internal/viewer"
)

// certifier serves certificates as PDF: /certificates/{awardID}.pdf and
// /certificates/decisions/{decisionID}.pdf (a page per award), ?blank=true for the fields only,
// placed for the level's pre-printed blank. Awards are read with the caller's viewer, so a
// public award's certificate is public and a private one is not found for whoever may not
// see it.
type certifier struct {
	client    *ent.Client
	log       *slog.Logger
	publicURL string
	spend     func(context.Context, int) *apperr.Error
}

// Anonymous callers pay for certificates from the same budget as queries: a page is set
// with an embedded font, much more work than a row.
const (
	certificateCost     = 200
	certificatePageCost = 50
)

func (c *certifier) award(w http.ResponseWriter, r *http.Request) {
	id, ok := pdfID(r.PathValue("file"))
	if !ok {
		apperr.WriteHTTP(w, r, &apperr.Error{Code: apperr.NotFound, Message: "ask for /certificates/{awardID}.pdf"})
		return
	}
	c.serve(w, r, fmt.Sprintf("giay-khen-%d.pdf", id), func(ctx context.Context) ([]*ent.Award, error) {
		a, err := c.awards().Where(award.ID(id)).Only(ctx)
		if ent.IsNotFound(err) {
			return nil, &apperr.Error{Code: apperr.NotFound, Message: fmt.Sprintf("award %d not found", id)}
		}
		if err != nil {
			return nil, fmt.Errorf("load award %d: %w", id, err)
		}
		if a.RevokedAt != nil {
			return nil, &apperr.Error{Code: apperr.Conflict, Message: fmt.Sprintf("award %d was revoked on %s: it has no certificate",
				id, a.RevokedAt.Format("02/01/2006"))}
		}
		return []*ent.Award{a}, nil
	})
}

func (c *certifier) decision(w http.ResponseWriter, r *http.Request) {
	id, ok := pdfID(r.PathValue("file"))
	if !ok {
		apperr.WriteHTTP(w, r, &apperr.Error{Code: apperr.NotFound, Message: "ask for /certificates/decisions/{decisionID}.pdf"})
		return
	}
	c.serve(w, r, fmt.Sprintf("quyet-dinh-%d.pdf", id), func(ctx context.Context) ([]*ent.Award, error) {
		as, err := c.awards().Where(award.DecisionID(id), award.RevokedAtIsNil()).
			Order(ent.Asc(award.FieldRollKey), ent.Asc(award.FieldID)).Limit(maxCertificates + 1).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("load the awards of decision %d: %w", id, err)
		}
		if len(as) == 0 {
			return nil, &apperr.Error{Code: apperr.NotFound, Message: fmt.Sprintf("decision %d has no awards you may see", id)}
		}
		if len(as) > maxCertificates {
			return nil, apperr.Invalid("id", "decision %d has more than %d awards: print them by award", id, maxCertificates)
		}
		return as, nil
	})
}

// maxCertificates bounds a decision's PDF.
const maxCertificates = 2000

func (c *certifier) awards() *ent.AwardQuery {
	return c.client.Award.Query().WithLevel().WithDecision(func(q *ent.DecisionQuery) { q.WithIssuer() })
}

func (c *certifier) serve(w http.ResponseWriter, r *http.Request, file string, load func(context.Context) ([]*ent.Award, error)) {
	ctx := r.Context()
	anonymous := viewer.FromContext(ctx) == nil
	if anonymous && c.spend != nil {
		if err := c.spend(ctx, certificateCost); err != nil {
			w.Header().Set("Retry-After", "60")
			apperr.WriteHTTP(w, r, err)
			return
		}
	}
	fail := func(err error) {
		if ae, ok := apperr.As(err); ok {
			apperr.WriteHTTP(w, r, ae)
			return
		}
		c.log.ErrorContext(ctx, "certificate", "path", r.URL.Path, "err", err, "request_id", requestid.FromContext(ctx))
		apperr.WriteHTTP(w, r, &apperr.Error{Code: apperr.Internal, Message: "internal error"})
	}
	as, err := load(ctx)
	if err != nil {
		fail(err)
		return
	}
	if anonymous && c.spend != nil && len(as) > 1 {
		if err := c.spend(ctx, certificatePageCost*(len(as)-1)); err != nil {
			w.Header().Set("Retry-After", "60")
			apperr.WriteHTTP(w, r, err)
			return
		}
	}
	base := publicBase(c.publicURL, r)
	certs := make([]certificate.Certificate, 0, len(as))
	for _, a := range as {
		cert, err := certificate.Of(a, base+"/verify/"+strconv.Itoa(a.ID))
		if err != nil {
			fail(err)
			return
		}
		certs = append(certs, cert)
	}
	var buf bytes.Buffer
	if err := certificate.Write(&buf, certs, r.URL.Query().Get("blank") == "true"); err != nil {
		fail(err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s"; filename*=UTF-8''%s`, file, url.PathEscape(file)))
	if anonymous {
		// A public award's certificate: the same for everyone until the record changes.
		w.Header().Set("Cache-Control", "public, max-age=300")
	} else {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	_, _ = w.Write(buf.Bytes())
}

func pdfID(file string) (int, bool) {
	base, ok := strings.CutSuffix(file, ".pdf")
	if !ok {
		return 0, false
	}
	id, err := strconv.Atoi(base)
	return id, err == nil && id > 0
}
