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
	"vinhdanh/internal/apperr"
	"vinhdanh/internal/export"
	"vinhdanh/internal/honorroll"
	"vinhdanh/internal/requestid"
	"vinhdanh/internal/viewer"
)

// exporter serves the spreadsheets of internal/export: /export/decisions/{id}.xlsx|csv and
// /export/honor-roll.xlsx|csv?collective=…&period=…. It runs behind the Bearer middleware:
// anonymous callers get public awards only, signed-in callers what the API shows them.
//
// Anonymous exports spend the caller's query-cost budget like GraphQL queries, at flat prices:
// a spreadsheet is a whole roll or many tallies, not a page.
type exporter struct {
	client *ent.Client
	log    *slog.Logger
	spend  func(context.Context, int) *apperr.Error
}

// Prices of anonymous exports, in graph.Cost units.
const (
	decisionExportCost  = 2_000
	honorRollExportCost = 20_000
	statsExportCost     = 5_000 // per period
)

func (e *exporter) decision(w http.ResponseWriter, r *http.Request) {
	base, format, ok := splitFormat(r.PathValue("file"))
	id, err := strconv.Atoi(base)
	if !ok || err != nil {
		apperr.WriteHTTP(w, r, &apperr.Error{Code: apperr.NotFound, Message: "ask for /export/decisions/{id}.xlsx or .csv"})
		return
	}
	e.serve(w, r, format, decisionExportCost, func(ctx context.Context) (*export.Sheet, error) { return export.Decision(ctx, e.client, id) })
}

// byName serves /export/honor-roll, /export/stats and /export/nominations, each .xlsx or .csv.
func (e *exporter) byName(w http.ResponseWriter, r *http.Request) {
	base, format, ok := splitFormat(r.PathValue("file"))
	if !ok || (base != "honor-roll" && base != "stats" && base != "nominations") {
		apperr.WriteHTTP(w, r, &apperr.Error{Code: apperr.NotFound,
			Message: "ask for /export/honor-roll.xlsx, /export/stats.xlsx or /export/nominations.xlsx (or .csv)"})
		return
	}
	q := r.URL.Query()
	if base == "nominations" {
		e.serve(w, r, format, 0, func(ctx context.Context) (*export.Sheet, error) {
			return export.Nominations(ctx, e.client, q.Get("status"), q.Get("reviewQueue") == "true")
		})
		return
	}
	id, err := strconv.Atoi(q.Get("collective"))
	if err != nil {
		apperr.WriteHTTP(w, r, apperr.Invalid("collective", "collective must be a unit's id"))
		return
	}
	if base == "stats" {
		periods := strings.Split(q.Get("periods"), ",")
		if q.Get("periods") == "" {
			periods = nil
		}
		e.serve(w, r, format, statsExportCost*max(1, len(periods)), func(ctx context.Context) (*export.Sheet, error) {
			return export.Stats(ctx, e.client, id, q.Get("include-descendants") != "false", periods)
		})
		return
	}
	p := honorroll.Params{CollectiveID: id, IncludeDescendants: q.Get("include-descendants") != "false", Period: q.Get("period")}
	if levels := q.Get("levels"); levels != "" {
		p.Levels = strings.Split(levels, ",")
	}
	e.serve(w, r, format, honorRollExportCost, func(ctx context.Context) (*export.Sheet, error) { return export.HonorRoll(ctx, e.client, p) })
}

func (e *exporter) serve(w http.ResponseWriter, r *http.Request, format string, cost int,
	build func(context.Context) (*export.Sheet, error)) {
	if viewer.FromContext(r.Context()) == nil && cost > 0 && e.spend != nil {
		if err := e.spend(r.Context(), cost); err != nil {
			w.Header().Set("Retry-After", "60")
			apperr.WriteHTTP(w, r, err)
			return
		}
	}
	s, err := build(r.Context())
	if err != nil {
		if ae, ok := apperr.As(err); ok {
			apperr.WriteHTTP(w, r, ae)
			return
		}
		e.log.ErrorContext(r.Context(), "export", "path", r.URL.Path, "err", err, "request_id", requestid.FromContext(r.Context()))
		apperr.WriteHTTP(w, r, &apperr.Error{Code: apperr.Internal, Message: "internal error"})
		return
	}
	var buf bytes.Buffer
	contentType := "text/csv; charset=utf-8"
	if format == "xlsx" {
		contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		err = export.WriteXLSX(&buf, s)
	} else {
		err = export.WriteCSV(&buf, s)
	}
	if err != nil {
		e.log.ErrorContext(r.Context(), "write export", "err", err, "request_id", requestid.FromContext(r.Context()))
		apperr.WriteHTTP(w, r, &apperr.Error{Code: apperr.Internal, Message: "internal error"})
		return
	}
	file := s.Name + "." + format
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, file, url.PathEscape(file)))
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write(buf.Bytes())
}

// splitFormat splits "12.xlsx" into "12" and "xlsx"; only xlsx and csv are served.
func splitFormat(file string) (base, format string, ok bool) {
	i := strings.LastIndexByte(file, '.')
	if i <= 0 {
		return "", "", false
	}
	base, format = file[:i], file[i+1:]
	return base, format, format == "xlsx" || format == "csv"
}
