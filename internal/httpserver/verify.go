package httpserver

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"vinhdanh/ent"
	"vinhdanh/ent/award"
	"vinhdanh/ent/decisionamendment"
	"vinhdanh/internal/period"
)

//go:embed verify.html
var verifyPage string

var verifyTemplate = template.Must(template.New("verify").Funcs(template.FuncMap{
	"date": func(t any) string {
		switch t := t.(type) {
		case *time.Time:
			if t != nil {
				return t.Format("02/01/2006")
			}
		case time.Time:
			return t.Format("02/01/2006")
		}
		return ""
	},
}).Parse(verifyPage))

// verifier answers /verify/{awardID}: whether a public award is real and valid, as an HTML
// page or, with ?format=json or Accept: application/json, as an Open Badges 3.0
// AchievementCredential (unsigned for now). Only public awards are found: the request runs
// without a viewer, so the privacy rules hide the rest.
type verifier struct {
	client    *ent.Client
	log       *slog.Logger
	publicURL string // base of the IDs in the JSON; the request's host when empty
}

type verification struct {
	Award     *ent.Award
	Recipient string
	Issuer    string
	Period    string
	JSONURL   string
	Revoked   bool
}

func (v *verifier) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	wantJSON := r.URL.Query().Get("format") == "json" || strings.Contains(r.Header.Get("Accept"), "application/json")
	id, err := strconv.Atoi(r.PathValue("id"))
	var a *ent.Award
	if err == nil {
		a, err = v.load(context.WithoutCancel(r.Context()), id)
	}
	if ent.IsNotFound(err) || (err == nil && a == nil) || strconvErr(err) {
		notFound(w, wantJSON)
		return
	}
	if err != nil {
		v.log.ErrorContext(r.Context(), "verify award", "id", r.PathValue("id"), "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	base := v.base(r)
	w.Header().Set("Cache-Control", "public, max-age=300")
	if wantJSON {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(credential(base, a))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	view := verification{Award: a, Recipient: a.RecipientName, Issuer: issuerName(a), Revoked: a.RevokedAt != nil,
		JSONURL: fmt.Sprintf("%s/verify/%d?format=json", base, a.ID)}
	if p := period.Label(a.PeriodKind, a.PeriodStartYear, a.PeriodEndYear); p != nil {
		view.Period = *p
	}
	if err := verifyTemplate.Execute(w, view); err != nil {
		v.log.ErrorContext(r.Context(), "render verification", "err", err)
	}
}

func strconvErr(err error) bool {
	_, ok := err.(*strconv.NumError)
	return ok
}

func (v *verifier) load(ctx context.Context, id int) (*ent.Award, error) {
	return v.client.Award.Query().Where(award.ID(id)).
		WithLevel().WithCeremony().WithCollective().WithIndividual().
		WithDecision(func(q *ent.DecisionQuery) {
			q.WithIssuer().WithAmendments(func(q *ent.DecisionAmendmentQuery) {
				q.Order(ent.Asc(decisionamendment.FieldCreateTime), ent.Asc(decisionamendment.FieldID))
			})
		}).
		Only(ctx)
}

func (v *verifier) base(r *http.Request) string { return publicBase(v.publicURL, r) }

// publicBase is the base of links people follow later (verification pages): the configured
// public URL, or the request's own host.
func publicBase(publicURL string, r *http.Request) string {
	if publicURL != "" {
		return strings.TrimRight(publicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func issuerName(a *ent.Award) string {
	if a.Edges.Decision != nil && a.Edges.Decision.Edges.Issuer != nil {
		return a.Edges.Decision.Edges.Issuer.Name
	}
	return ""
}

func notFound(w http.ResponseWriter, wantJSON bool) {
	if wantJSON {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": "no public award has this id"})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	_ = verifyTemplate.Execute(w, verification{})
}

// credential shapes an award as an Open Badges 3.0 AchievementCredential.
func credential(base string, a *ent.Award) map[string]any {
	level := a.Edges.Level
	id := fmt.Sprintf("%s/verify/%d", base, a.ID)
	issuer := map[string]any{"type": []string{"Profile"}, "name": issuerName(a)}
	if d := a.Edges.Decision; d != nil {
		issuer["id"] = fmt.Sprintf("%s/verify/issuer/%d", base, d.IssuerID)
	}
	validFrom := a.CreateTime
	if d := a.Edges.Decision; d != nil && d.SignedOn != nil {
		validFrom = *d.SignedOn
	}
	narrative := a.Citation
	if narrative == "" {
		narrative = level.Name
	}
	subjectType := "Organization"
	if a.IndividualID != nil {
		subjectType = "Person"
	}
	cred := map[string]any{
		"@context":  []string{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		"id":        id,
		"type":      []string{"VerifiableCredential", "OpenBadgeCredential"},
		"name":      level.Name,
		"issuer":    issuer,
		"validFrom": validFrom.UTC().Format(time.RFC3339),
		"credentialSubject": map[string]any{
			"type":          []string{"AchievementSubject"},
			"name":          a.RecipientName,
			"recipientType": subjectType,
			"achievement": map[string]any{
				"id":              fmt.Sprintf("%s/achievements/%s", base, level.Code),
				"type":            []string{"Achievement"},
				"achievementType": "Award",
				"name":            level.Name,
				"description":     firstNonEmpty(level.Description, level.Name),
				"criteria":        map[string]any{"narrative": narrative},
			},
		},
	}
	status := map[string]any{"status": "valid"}
	if a.RevokedAt != nil {
		status = map[string]any{"status": "revoked", "revokedAt": a.RevokedAt.UTC().Format(time.RFC3339), "reason": a.RevocationReason}
	}
	if d := a.Edges.Decision; d != nil {
		status["decision"] = map[string]any{"number": d.Number, "signedOn": dateOrNil(d.SignedOn), "signer": strings.TrimSpace(d.SignerTitle + " " + d.SignerName)}
	}
	if c := a.Edges.Ceremony; c != nil {
		status["ceremony"] = map[string]any{"name": c.Name, "heldOn": dateOrNil(c.HeldOn)}
	}
	if p := period.Label(a.PeriodKind, a.PeriodStartYear, a.PeriodEndYear); p != nil {
		status["period"] = map[string]any{"kind": *a.PeriodKind, "label": *p}
	}
	cred["vinhDanh"] = status
	return cred
}

func dateOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.Format("2006-01-02")
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
