package httpserver

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"vinhdanh/ent"
	"vinhdanh/ent/award"
	"vinhdanh/ent/awardlevel"
	"vinhdanh/ent/decisionamendment"
	"vinhdanh/internal/credential"
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
// page, as an Open Badges 3.0 AchievementCredential (?format=json or Accept:
// application/json), or as the same credential signed (?format=jwt or Accept:
// application/vc+jwt), verifiable offline with the key at /.well-known/jwks.json (or the did:web
// document at /.well-known/did.json). The ids in the credential resolve: the issuer's profile
// at /verify/issuer/{id}, the achievement at /achievements/{code}. Only public awards are
// found: the request runs without a viewer, so the privacy rules hide the rest.
type verifier struct {
	client    *ent.Client
	log       *slog.Logger
	publicURL string // base of the IDs in the JSON; the request's host when empty
	signer    *credential.Signer
}

type verification struct {
	Award     *ent.Award
	Recipient string
	Issuer    string
	Period    string
	JSONURL   string
	JWTURL    string
	Status    string   // valid, revoked or incomplete
	Missing   []string // what an incomplete award lacks, in Vietnamese
}

// status says whether the record proves the award: "valid" only with a recorded decision;
// "revoked" once revoked; otherwise "incomplete", with what is missing.
func status(a *ent.Award) (string, []string) {
	switch {
	case a.RevokedAt != nil:
		return "revoked", nil
	case a.Edges.Decision == nil:
		return "incomplete", []string{"quyết định khen thưởng"}
	}
	return "valid", nil
}

func (v *verifier) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	wantJWT := format == "jwt" || strings.Contains(r.Header.Get("Accept"), credential.MediaType)
	wantJSON := wantJWT || format == "json" || strings.Contains(r.Header.Get("Accept"), "application/json")
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
	cred := credentialOf(base, a)
	switch {
	case wantJWT:
		signed, err := v.signer.Sign(cred)
		if err != nil {
			v.log.ErrorContext(r.Context(), "sign credential", "id", a.ID, "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", credential.MediaType)
		_, _ = w.Write([]byte(signed))
		return
	case wantJSON:
		writeJSON(w, cred)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	view := verification{Award: a, Recipient: a.RecipientName, Issuer: issuerName(a),
		JSONURL: fmt.Sprintf("%s/verify/%d?format=json", base, a.ID), JWTURL: fmt.Sprintf("%s/verify/%d?format=jwt", base, a.ID)}
	view.Status, view.Missing = status(a)
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

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// issuer answers the issuer's id in a credential: the body's Open Badges profile.
func (v *verifier) issuer(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	var c *ent.Collective
	if err == nil {
		c, err = v.client.Collective.Get(r.Context(), id)
	}
	if err != nil {
		if !ent.IsNotFound(err) && !strconvErr(err) {
			v.log.ErrorContext(r.Context(), "issuer profile", "id", r.PathValue("id"), "err", err)
		}
		notFound(w, true)
		return
	}
	base := v.base(r)
	profile := map[string]any{
		"@context": []string{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		"id":       fmt.Sprintf("%s/verify/issuer/%d", base, c.ID),
		"type":     []string{"Profile"},
		"name":     c.Name,
	}
	if c.ShortName != "" {
		profile["description"] = c.ShortName
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	writeJSON(w, profile)
}

// achievement answers the achievement's id in a credential: the level of the catalogue.
func (v *verifier) achievement(w http.ResponseWriter, r *http.Request) {
	level, err := v.client.AwardLevel.Query().Where(awardlevel.Code(r.PathValue("code"))).Only(r.Context())
	if err != nil {
		if !ent.IsNotFound(err) {
			v.log.ErrorContext(r.Context(), "achievement", "code", r.PathValue("code"), "err", err)
		}
		notFound(w, true)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	writeJSON(w, achievementOf(v.base(r), level, level.Name))
}

func (v *verifier) jwks(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	writeJSON(w, v.signer.JWKS())
}

func (v *verifier) did(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	writeJSON(w, v.signer.DIDDocument(v.base(r)))
}

func achievementOf(base string, level *ent.AwardLevel, narrative string) map[string]any {
	return map[string]any{
		"id":              fmt.Sprintf("%s/achievements/%s", base, url.PathEscape(level.Code)),
		"type":            []string{"Achievement"},
		"achievementType": "Award",
		"name":            level.Name,
		"description":     firstNonEmpty(level.Description, level.Name),
		"criteria":        map[string]any{"narrative": narrative},
	}
}

// credentialOf shapes an award as an Open Badges 3.0 AchievementCredential. validFrom is when
// the award was made: the decision's signing day, else the ceremony's day; none when the
// record knows neither.
func credentialOf(base string, a *ent.Award) map[string]any {
	level := a.Edges.Level
	id := fmt.Sprintf("%s/verify/%d", base, a.ID)
	issuer := map[string]any{"type": []string{"Profile"}, "name": issuerName(a)}
	if d := a.Edges.Decision; d != nil {
		issuer["id"] = fmt.Sprintf("%s/verify/issuer/%d", base, d.IssuerID)
	}
	var validFrom *time.Time
	switch {
	case a.Edges.Decision != nil && a.Edges.Decision.SignedOn != nil:
		validFrom = a.Edges.Decision.SignedOn
	case a.Edges.Ceremony != nil && a.Edges.Ceremony.HeldOn != nil:
		validFrom = a.Edges.Ceremony.HeldOn
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
		"@context": []string{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		"id":       id,
		"type":     []string{"VerifiableCredential", "OpenBadgeCredential"},
		"name":     level.Name,
		"issuer":   issuer,
		"credentialSubject": map[string]any{
			"type":          []string{"AchievementSubject"},
			"name":          a.RecipientName,
			"recipientType": subjectType,
			"achievement":   achievementOf(base, level, narrative),
		},
	}
	if validFrom != nil {
		cred["validFrom"] = validFrom.UTC().Format(time.RFC3339)
	}
	state, missing := status(a)
	status := map[string]any{"status": state}
	switch {
	case a.RevokedAt != nil:
		status["revokedAt"], status["reason"] = a.RevokedAt.UTC().Format(time.RFC3339), a.RevocationReason
	case len(missing) > 0:
		status["missing"] = missing
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
